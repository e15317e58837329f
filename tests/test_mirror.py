"""A store that mirrors its sources: `ingest --prune`, retention, `docs list` and `docs remove`,
and the progress an ingestion reports. Real Chroma, the real model, through the CLI."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from io import StringIO
from pathlib import Path

import pytest
from rich.console import Console

from bot.progress import TerminalProgress
from bot.services import Newsbot
from tests.conftest import REPO, CliResult
from tests.local_http import LOCAL_HOSTS, Route, serve

Cli = Callable[..., CliResult]

PAGE = b"""<html><head><title>Tram line opens</title></head><body><article>
<h1>Tram line opens</h1><p>The new tram line to the harbour opened on Sunday morning.</p>
<p>The city transport office said ten thousand riders used it on the first day.</p>
</article></body></html>"""


def _report(title: str, body: str) -> str:
    return f"{title}\n{body}\n"


def _item(slug: str, title: str, published: str | None = "2024-06-01") -> dict[str, str]:
    item = {
        "url": f"https://news.example/{slug}",
        "title": title,
        "source": "Harbour Times",
        "body": f"{title}. The council met on Tuesday to discuss the {slug} plan in detail.",
    }
    if published:
        item["published_at"] = published
    return item


def _write_dump(path: Path, items: list[dict[str, str]]) -> None:
    path.write_text("".join(json.dumps(i) + "\n" for i in items), encoding="utf-8")


def _stored(cli: Cli) -> dict[str, dict]:
    return {d["doc_id"]: d for d in cli("docs", "list", "--json").json()["documents"]}


def _consistent(cli: Cli) -> None:
    stats = cli("stats", "--json").json()
    assert stats["keyword_index_passages"] == stats["passages"]


def test_prune_removes_only_what_left_the_folder(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, other = tmp_path / "inbox", tmp_path / "other"
    (inbox / "sub").mkdir(parents=True)
    other.mkdir()
    (inbox / "ferry.md").write_text(_report("Ferry", "The ferry sailed at noon."), "utf-8")
    (inbox / "sub" / "quay.md").write_text(_report("Quay", "The quay was rebuilt."), "utf-8")
    _write_dump(inbox / "wire.jsonl", [_item("budget", "Budget"), _item("parks", "Parks")])
    (other / "museum.md").write_text(_report("Museum", "The museum reopened."), "utf-8")
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOWED_HOSTS", LOCAL_HOSTS)
    with serve({"/tram": Route(PAGE)}) as site:
        first = cli("ingest", str(inbox), str(other), site("/tram"), "--json")
    assert first.exit_code == 0, first.stderr
    assert first.json()["added"] == 6
    before = _stored(cli)

    (inbox / "ferry.md").unlink()
    _write_dump(inbox / "wire.jsonl", [_item("budget", "Budget")])  # "parks" left the dump
    # Without --prune a deleted file keeps answering (the behaviour --prune exists for).
    assert len(_stored(cli)) == 6
    assert cli("ingest", str(inbox), "--json").json()["removed"] == 0
    assert len(_stored(cli)) == 6

    pruned = cli("ingest", str(inbox), "--prune", "--json")
    assert pruned.exit_code == 0, pruned.stderr
    summary = pruned.json()
    assert summary["removed"] == 2
    reasons = {r["title"]: r["reason"] for r in summary["removals"]}
    assert reasons == {"Ferry": "its file is gone", "Parks": "no longer in its file"}
    after = _stored(cli)
    gone = set(before) - set(after)
    assert {before[d]["title"] for d in gone} == {"Ferry", "Parks"}
    # The other folder, the URL and the rest of the inbox are untouched.
    assert {d["title"] for d in after.values()} == {"Quay", "Budget", "Museum", "Tram line opens"}
    _consistent(cli)
    hits = cli("search", "ferry sailed at noon", "--json").json()["results"]
    assert all(h["title"] != "Ferry" for h in hits)

    again = cli("ingest", str(inbox), "--prune")
    assert again.exit_code == 0 and again.stdout.startswith("Nothing changed")


def test_prune_says_what_it_removed(cli: Cli, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.md").write_text(_report("Ferry", "The ferry sailed at noon."), "utf-8")
    (inbox / "quay.md").write_text(_report("Quay", "The quay was rebuilt."), "utf-8")
    cli("ingest", str(inbox))
    (inbox / "ferry.md").unlink()
    result = cli("ingest", str(inbox), "--prune")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == f"removed: Ferry — {(inbox / 'ferry.md').resolve()} (its file is gone)"
    assert lines[1].startswith("Ingested: 0 added, 0 updated, 1 unchanged, 0 failed;")
    assert lines[1].endswith("1 removed.")


def test_prune_leaves_documents_it_cannot_vouch_for(cli: Cli, tmp_path: Path) -> None:
    """A file that failed to read, a folder that is not there, a document that moved."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    dump = inbox / "wire.jsonl"
    _write_dump(dump, [_item("budget", "Budget"), _item("parks", "Parks")])
    _write_dump(inbox / "later.jsonl", [_item("roads", "Roads")])
    assert cli("ingest", str(inbox)).exit_code == 0

    # The dump now has a broken line where "parks" was: its documents are not pruned.
    dump.write_text(json.dumps(_item("budget", "Budget")) + "\n{broken\n", encoding="utf-8")
    result = cli("ingest", str(inbox), "--prune", "--json")
    assert result.exit_code == 1 and result.json()["removed"] == 0
    # A folder that does not exist (an unmounted disk) prunes nothing.
    missing = cli("ingest", str(tmp_path / "gone"), "--prune", "--json")
    assert missing.exit_code == 1 and missing.json()["removed"] == 0

    # "roads" moves to another dump: found there, its new file is recorded and it stays.
    (inbox / "later.jsonl").unlink()
    _write_dump(inbox / "moved.jsonl", [_item("roads", "Roads")])
    moved = cli("ingest", str(inbox), "--prune", "--json").json()
    assert [r["title"] for r in moved["removals"]] == []
    assert "Roads" in {d["title"] for d in _stored(cli).values()}
    stored = {d["title"]: d for d in _stored(cli).values()}
    assert stored["Roads"]["source_file"] == str((inbox / "moved.jsonl").resolve())
    (inbox / "moved.jsonl").unlink()
    gone = cli("ingest", str(inbox), "--prune", "--json").json()
    assert [r["title"] for r in gone["removals"]] == ["Roads"]
    _consistent(cli)


def test_retention_drops_old_articles_at_each_ingestion(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    today = datetime.now(UTC).date()
    dump = tmp_path / "wire.jsonl"
    recent = (today - timedelta(days=3)).isoformat()
    stale = (today - timedelta(days=45)).isoformat()
    _write_dump(
        dump,
        [
            _item("fresh", "Fresh", recent),
            _item("stale", "Stale", stale),
            _item("nodate", "Nd", None),
        ],
    )
    assert cli("ingest", str(dump), "--json").json()["added"] == 3

    monkeypatch.setenv("NEWSBOT_RETENTION_DAYS", "30")
    result = cli("ingest", str(dump), "--json")
    assert result.exit_code == 0, result.stderr
    summary = result.json()
    assert (summary["removed"], summary["expired"], summary["added"]) == (1, 1, 0)
    assert summary["removals"][0]["title"] == "Stale"
    assert {d["title"] for d in _stored(cli).values()} == {"Fresh", "Nd"}  # undated: kept
    again = cli("ingest", str(dump), "--json").json()
    assert (again["added"], again["removed"], again["expired"]) == (0, 0, 1)
    _consistent(cli)
    monkeypatch.setenv("NEWSBOT_RETENTION_DAYS", "0")
    bad = cli("ingest", str(dump))
    assert bad.exit_code == 2 and "retention_days" in bad.stderr


def test_docs_list_is_one_line_each_and_filters(cli: Cli, tmp_path: Path) -> None:
    dump = tmp_path / "wire.jsonl"
    items = [_item(f"story-{n}", f"Story {n}", f"2024-06-{n + 1:02d}") for n in range(5)]
    items[0]["source"] = "Valley Gazette"
    _write_dump(dump, items)
    assert cli("ingest", str(dump)).exit_code == 0

    listed = cli("docs", "list")
    lines = listed.stdout.splitlines()
    assert len(lines) == 5 + 2  # a header, one line per document, a count
    assert lines[0].split() == ["published", "psg", "outlet", "title", "id"]
    assert lines[1].startswith("2024-06-05") and lines[1].endswith("https://news.example/story-4")
    assert lines[-1] == "5 documents"

    limited = cli("docs", "list", "--limit", "2").stdout.splitlines()
    assert len(limited) == 4 and limited[-1] == "5 documents (the 2 newest shown; --limit)"
    only = cli("docs", "list", "--source", "valley gazette", "--json").json()
    assert only["total"] == 1 and only["documents"][0]["title"] == "Story 0"
    assert cli("docs", "list", "--source", "Nobody").stdout.strip() == (
        "No documents from that outlet."
    )
    assert cli("docs", "list", "--limit", "0").exit_code == 2


def test_docs_remove_by_source_or_date(cli: Cli, tmp_path: Path) -> None:
    dump = tmp_path / "wire.jsonl"
    items = [
        _item("a", "Old courier", "2024-01-10"),
        _item("b", "New courier", "2024-06-10"),
        _item("c", "Old gazette", "2024-01-12"),
        _item("d", "Undated", None),
    ]
    items[2]["source"] = "Valley Gazette"
    _write_dump(dump, items)
    assert cli("ingest", str(dump)).exit_code == 0

    dry = cli("docs", "remove", "--older-than", "2024-02-01", "--dry-run")
    assert dry.exit_code == 0 and "nothing was (--dry-run)" in dry.stdout
    assert len(_stored(cli)) == 4
    both = cli("docs", "remove", "--older-than", "2024-02-01", "--source", "harbour times")
    assert both.exit_code == 0, both.stderr
    assert "Old courier" in both.stdout and both.stdout.splitlines()[-1].startswith("Removed 1 ")
    old = cli("docs", "remove", "--older-than", "2024-02-01", "--json").json()
    assert (old["removed"], [d["title"] for d in old["documents"]]) == (1, ["Old gazette"])
    assert {d["title"] for d in _stored(cli).values()} == {"New courier", "Undated"}
    _consistent(cli)

    assert cli("docs", "remove", "--source", "Nobody").stdout.startswith("No documents match")
    for args, message in [
        ((), "give a DOC_ID, --source or --older-than"),
        (("x", "--source", "y"), "not both"),
        (("--older-than", "June"), "expected a date as YYYY-MM-DD"),
    ]:
        refused = cli("docs", "remove", *args)
        assert refused.exit_code == 2 and message in refused.stderr, args


class _Recorder:
    def __init__(self) -> None:
        self.events: list[tuple[str, object]] = []

    def stage(self, text: str) -> None:
        self.events.append(("stage", text))

    def started(self, files: int) -> None:
        self.events.append(("started", files))

    def file_done(self, source: str) -> None:
        self.events.append(("file_done", source))

    def planned(self, passages: int) -> None:
        self.events.append(("planned", passages))

    def embedded(self, passages: int) -> None:
        self.events.append(("embedded", passages))

    def failed(self, error: object) -> None:
        self.events.append(("failed", error))


def test_the_passage_total_is_known_before_embedding(newsbot: Newsbot, tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(6):
        body = " ".join(f"Sentence {k} of report {n} says the quay reopened." for k in range(30))
        (folder / f"r{n}.md").write_text(_report(f"Report {n}", body), "utf-8")
    recorder = _Recorder()
    ingestor = newsbot.ingestor()
    ingestor.batch_passages = 4  # several write batches
    report = ingestor.ingest([folder], progress=recorder)  # type: ignore[arg-type]

    kinds = [kind for kind, _ in recorder.events]
    first_embedded = kinds.index("embedded")
    planned = sum(int(v) for k, v in recorder.events if k == "planned")  # type: ignore[call-overload]
    embedded = sum(int(v) for k, v in recorder.events if k == "embedded")  # type: ignore[call-overload]
    assert "planned" not in kinds[first_embedded:]  # the whole total came first
    assert kinds.count("file_done") == 6 and kinds.index("file_done") < first_embedded
    assert planned == embedded == report.passages > 6
    stages = [v for k, v in recorder.events if k == "stage"]
    assert stages[:2] == ["loading the embedding model", "embedding"]
    assert kinds.index("stage") < first_embedded


def test_past_the_hold_limit_embedding_starts_early(newsbot: Newsbot, tmp_path: Path) -> None:
    """Memory stays bounded on a huge corpus: the total then grows as reading goes on."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    for n in range(3):
        (folder / f"r{n}.md").write_text(_report(f"Report {n}", f"Quay {n} reopened."), "utf-8")
    recorder = _Recorder()
    ingestor = newsbot.ingestor()
    ingestor.hold_passages = 1
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("ingest.pipeline._CHECK_ARTICLES", 1)
        report = ingestor.ingest([folder], progress=recorder)  # type: ignore[arg-type]
    kinds = [kind for kind, _ in recorder.events]
    assert report.added == 3 and kinds.count("embedded") == 3
    assert kinds.index("embedded") < len(kinds) - 1 - kinds[::-1].index("planned")
    assert newsbot.store().count() == newsbot.keyword_index().count() == report.passages


def test_terminal_progress_shows_a_bar_over_passages() -> None:
    out = StringIO()
    progress = TerminalProgress(show_bar=True)
    progress.console = Console(file=out, force_terminal=True, width=120)
    assert progress._progress is not None
    progress._progress.live.console = progress.console
    with progress:
        progress.stage("opening the store")
        progress._progress.refresh()
        progress.started(3)
        for name in "abc":
            progress.file_done(name)
        progress.planned(10)
        progress._progress.refresh()
        progress.stage("embedding")
        progress.embedded(4)
        progress._progress.refresh()
    shown = out.getvalue()
    assert "opening the store" in shown
    assert "3/3 files · 10 passages to embed" in shown
    assert "embedding" in shown and "4/10 passages" in shown


def test_the_progress_line_needs_no_heavy_imports() -> None:
    """It shows before the store and the model are touched, so within a second."""
    code = (
        "import sys, bot.cli, bot.progress; "
        "print(sorted(m for m in ('numpy', 'chromadb', 'torch', 'ingest') if m in sys.modules))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=REPO, check=True
    )
    assert out.stdout.strip() == "[]"


def test_a_removal_cut_short_after_chroma_is_repaired(
    cli: Cli, newsbot: Newsbot, tmp_path: Path
) -> None:
    """A crash between Chroma and the keyword index: the next opening drops the orphan rows."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "ferry.md").write_text(_report("Ferry", "The ferry sailed at noon."), "utf-8")
    (inbox / "quay.md").write_text(_report("Quay", "The quay was rebuilt."), "utf-8")
    assert cli("ingest", str(inbox)).exit_code == 0
    ferry = str((inbox / "ferry.md").resolve())
    assert newsbot.store().delete_documents([ferry])[ferry] >= 1  # the index is not told
    stats = cli("stats", "--json").json()
    assert stats["keyword_index_passages"] > stats["passages"]

    hits = cli("search", "ferry sailed at noon", "--json").json()["results"]
    assert all(h["doc_id"] != ferry for h in hits)
    _consistent(cli)


def test_dump_items_without_a_url_keep_their_ids_when_lines_come_and_go(
    cli: Cli, tmp_path: Path
) -> None:
    """An item without a url is known by its title, outlet and date, not its line: deleting
    one line leaves the others where they were, and an edited body replaces its passages."""
    items = [
        {k: v for k, v in _item(slug, title).items() if k != "url"}
        for slug, title in (("budget", "Budget"), ("parks", "Parks"), ("roads", "Roads"))
    ]
    dump = tmp_path / "wire.jsonl"
    _write_dump(dump, items)
    assert cli("ingest", str(dump), "--json").json()["added"] == 3
    ids = {d["title"]: d_id for d_id, d in _stored(cli).items()}

    edited = items[2] | {"body": "Roads. The council dropped the roads plan on Friday."}
    _write_dump(dump, [items[1], edited])  # "budget" deleted, "roads" rewritten
    summary = cli("ingest", str(dump), "--json").json()
    assert (summary["added"], summary["updated"], summary["unchanged"]) == (0, 1, 1)
    assert {d["title"]: d_id for d_id, d in _stored(cli).items()} == ids  # nothing shifted

    pruned = cli("ingest", str(dump), "--prune", "--json").json()
    assert [(r["title"], r["reason"]) for r in pruned["removals"]] == [
        ("Budget", "no longer in its file")
    ]
    hits = cli("search", "council met to discuss the roads plan", "--json").json()["results"]
    assert [h["text"] for h in hits if h["title"] == "Roads"] == [edited["body"]]
    _consistent(cli)
