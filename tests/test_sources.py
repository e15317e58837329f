"""PDF files, RSS/Atom feeds (files and URLs), and hostile input."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest

from ingest.articles import Article
from ingest.errors import SourceError
from ingest.fetch import url_articles
from ingest.loaders import load_file
from tests.conftest import CliResult
from tests.documents import pdf_with_text, rss
from tests.local_http import LOCAL, LOCAL_HOSTS, Route, serve
from tests.test_loaders import HTML

# `newsbot` subprocesses find the model already converted in the session cache.
pytestmark = pytest.mark.usefixtures("embedder")

Cli = Callable[..., CliResult]

FEED_ITEMS = [
    {
        "title": "Port strike ends",
        "link": "LINK/strike",
        "guid": "harbour-1",
        "pubDate": "Tue, 04 Jun 2024 08:00:00 GMT",
        "description": "Dock workers returned to work after a nine-day strike.",
    },
    {
        "title": "Ferry timetable changes",
        "link": "LINK/missing",
        "guid": "harbour-2",
        "pubDate": "Wed, 05 Jun 2024 08:00:00 GMT",
        "description": "The island ferry will run five times a day from July. "
        "Tickets are unchanged.",
    },
    {"title": "Empty entry", "guid": "harbour-3"},
]


def feed(base: str) -> bytes:
    items = [{k: v.replace("LINK", base) for k, v in item.items()} for item in FEED_ITEMS]
    return rss(items)


def test_pdf_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.pdf"
    path.write_bytes(
        pdf_with_text(
            ["The council approved the budget on Monday.", "It includes 40 new buses."],
            title="Budget passes",
            author="K. Osei",
        )
    )
    (article,) = list(load_file(path))
    assert isinstance(article, Article)
    assert "40 new buses" in article.text
    assert (article.title, article.author, article.published) == (
        "Budget passes",
        "K. Osei",
        date(2024, 6, 11),
    )


@pytest.mark.parametrize(
    ("content", "message"),
    [(b"%PDF-1.4\ngarbage", "cannot read PDF"), (pdf_with_text([]), "no extractable text")],
)
def test_bad_pdfs(
    tmp_path: Path, content: bytes, message: str, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "bad.pdf"
    path.write_bytes(content)
    (error,) = list(load_file(path))
    assert isinstance(error, SourceError) and message in str(error)
    # The error says what is wrong; pypdf's own warnings ("EOF marker not found") would
    # reach the terminal as bare lines beside it.
    assert not [r for r in caplog.records if r.name.startswith("pypdf")]


def test_feed_url_fetches_linked_pages_else_uses_entry_text() -> None:
    routes = {"/strike": Route(HTML.encode())}
    with serve(routes) as url:
        routes["/feed.xml"] = Route(feed(url("")), content_type="application/rss+xml")
        items = list(url_articles(url("/feed.xml"), timeout=2.0, policy=LOCAL))
    strike, ferry, empty = items
    assert isinstance(strike, Article) and isinstance(ferry, Article)
    # A GUID that is no link is the feed's own: two feeds both numbering "1001" are two.
    feed_url = url("/feed.xml")
    assert strike.doc_id == f"{feed_url}#harbour-1" and "6 percent raise" in strike.text
    assert strike.published == date(2024, 6, 4)  # the feed's date wins
    assert ferry.doc_id == f"{feed_url}#harbour-2" and "five times a day" in ferry.text
    assert ferry.source == "Harbour Times"
    assert isinstance(empty, SourceError) and "no text" in str(empty)


def test_feed_file_and_broken_feed(tmp_path: Path) -> None:
    good = tmp_path / "news.rss"
    good.write_bytes(feed("https://unreachable.invalid"))
    items = list(load_file(good))  # no fetcher: entries use their own text
    assert [type(i).__name__ for i in items] == ["Article", "Article", "EmptyArticle"]
    broken = tmp_path / "broken.xml"
    broken.write_bytes(b"<?xml version='1.0'?><rss><channel><item><title>x")
    (error,) = list(load_file(broken))
    assert isinstance(error, SourceError) and "feed" in str(error)


def test_two_feeds_numbering_alike_are_two_stories_and_no_script_is_a_link(
    tmp_path: Path,
) -> None:
    """GUID "1001" in two feeds names two entries; a "javascript:" link is no page and no
    citation link."""
    first, second = tmp_path / "a.rss", tmp_path / "b.rss"
    item = {"title": "Ferry", "guid": "1001", "link": "javascript:alert(1)"}
    first.write_bytes(rss([item | {"description": "The ferry runs twice a day."}]))
    second.write_bytes(rss([item | {"description": "The bridge opens in May."}]))
    (a,) = load_file(first)
    (b,) = load_file(second)
    assert isinstance(a, Article) and isinstance(b, Article)
    assert a.doc_id != b.doc_id and a.doc_id.endswith("#1001") and b.doc_id.endswith("#1001")
    assert a.url is None and b.url is None


def test_pdf_by_url() -> None:
    pdf = pdf_with_text(["Rail strike called off after late-night talks."], title="Rail")
    with serve({"/r.pdf": Route(pdf, content_type="application/pdf")}) as url:
        (article,) = list(url_articles(url("/r.pdf"), policy=LOCAL))
    assert isinstance(article, Article) and "late-night talks" in article.text


def test_hostile_inputs_each_fail_alone(
    cli: Cli, tmp_path: Path, sample_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    hostile = tmp_path / "hostile"
    hostile.mkdir()
    (hostile / "binary.txt").write_bytes(bytes(range(256)) * 10)
    (hostile / "empty.md").write_bytes(b"")
    (hostile / "bad-utf8.txt").write_bytes(b"Title\nCaf\xc3\x28 broken")
    (hostile / "broken.json").write_text('{"body": ', encoding="utf-8")
    (hostile / "scripts.html").write_text("<html><script>alert(1)</script></html>")
    (hostile / "broken.pdf").write_bytes(b"%PDF-1.7 nothing else")
    (hostile / "broken.rss").write_bytes(b"<rss><channel><item>")
    big = hostile / "big.txt"  # a 50 MB text: refused at once, not embedded for hours
    sentence = "The harbour authority published its annual traffic figures today. "
    big.write_text("Huge report\n" + sentence * (50_000_000 // len(sentence)), encoding="utf-8")
    long_line = json.dumps({"title": "Long", "body": sentence * 20_000})
    (hostile / "dump.jsonl").write_text(
        long_line
        + "\n"
        + json.dumps({"title": "Short", "body": "A normal report. It has two sentences."}),
        encoding="utf-8",
    )
    routes = {
        "/500": Route(b"oops", 500),
        "/loop": Route(status=302, location="/loop"),
        "/hang": Route(b"late", delay=5),
        "/huge": Route(b"x" * 11_000_000),
        "/image": Route(b"\x89PNG", content_type="image/png"),
    }
    with serve(routes) as url:
        urls = [url(p) for p in ("/404", *routes)]
        monkeypatch.setenv("NEWSBOT_FETCH_TIMEOUT", "2")
        monkeypatch.setenv("NEWSBOT_FETCH_ALLOWED_HOSTS", LOCAL_HOSTS)
        result = cli("ingest", str(hostile), str(sample_dir), *urls, "--json")
    summary = result.json()
    assert result.exit_code == 1
    errors = result.stderr.strip().splitlines()
    assert len(errors) == summary["failed"] == 9 + 6
    assert all(line.startswith("error: ") and "Traceback" not in line for line in errors)
    joined = "\n".join(errors)
    for fragment in (
        "too large for one report",
        "too long for one report",
        "timed out",
        "redirects",
        "HTTP 500",
        "HTTP 404",
        "not a web page",
        "larger than",
    ):
        assert fragment in joined, fragment
    assert summary["added"] == 2  # the sample and the short dump entry
    stats = cli("stats", "--json").json()
    assert stats["documents"] == 2 and stats["keyword_index_passages"] == stats["passages"]
    assert json.dumps(summary)


def test_sources_file_and_globs(cli: Cli, tmp_path: Path, sample_dir: Path) -> None:
    folder = tmp_path / "desk"
    (folder / "drafts").mkdir(parents=True)
    (folder / "a.md").write_text("Kept report\nThe quay reopened today.", encoding="utf-8")
    (folder / "b.txt").write_text("Skipped by include\nText here.", encoding="utf-8")
    (folder / "drafts" / "c.md").write_text("Draft\nNot final.", encoding="utf-8")
    listing = tmp_path / "sources.txt"
    listing.write_text(f"# our sources\n{folder}\n\n{sample_dir}\n", encoding="utf-8")
    result = cli(
        "ingest",
        "--sources-file",
        str(listing),
        "--include",
        "*.md",
        "--exclude",
        "drafts/*",
        "--json",
    )
    assert result.exit_code == 0, result.stderr
    titles = {d["title"] for d in cli("docs", "list", "--json").json()["documents"]}
    assert titles == {"Kept report"}  # the sample is .txt: not included either
    assert cli("ingest", "--every", "0", "x").exit_code == 2
    assert cli("ingest", "--every", "nan", "x").exit_code == 2
    assert cli("ingest", "--every", "inf", "x").exit_code == 2
    assert cli("ingest").exit_code == 2


@pytest.mark.slow
def test_watch_mode_picks_up_new_files_and_stops_on_ctrl_c(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    folder = tmp_path / "inbox"
    folder.mkdir()
    (folder / "one.txt").write_text("First\nThe first report arrived.", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    env["NEWSBOT_DATA_DIR"] = str(tmp_path / "data")
    process = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "newsbot"),
            "ingest",
            str(folder),
            "--watch",
            "--every",
            "1s",
            "--json",
        ],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert process.stdout is not None
    first = json.loads(process.stdout.readline())
    assert first["added"] == 1
    (folder / "two.txt").write_text("Second\nAnother report arrived.", encoding="utf-8")
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = json.loads(process.stdout.readline())
        if line["added"]:
            assert (line["added"], line["unchanged"]) == (1, 1)
            break
    process.send_signal(signal.SIGINT)
    _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0
    assert "stopped watching" in stderr and "Traceback" not in stderr


# What strangers put in titles: markup, entities, a right-to-left override that turns the rest
# of the line around, an isolate and a mark.
HOSTILE_TITLE = "<b>Port</b> strike &amp; \u202eends\u202c\u2066  in\u2069\n\tMay\u200f &#8217;24"
PLAIN_TITLE = "Port strike & ends in May \u201924"


def test_titles_from_strangers_are_plain_text(tmp_path: Path) -> None:
    """A feed entry's, a dump item's and a page's title: tags removed, entities unescaped,
    bidi and control characters dropped, whitespace collapsed, all by one function."""
    escaped = HOSTILE_TITLE.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    feed_file = tmp_path / "news.rss"
    feed_file.write_bytes(
        rss([{"title": escaped, "guid": "t-1", "description": "Dock workers went back."}])
    )
    dump = tmp_path / "dump.jsonl"
    dump.write_text(  # and what XML could not carry: a terminal's escape sequence, a control
        json.dumps({"title": HOSTILE_TITLE + "\x1b]0;pwned\x07\x07", "body": "Dock workers."})
    )
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>{escaped}</title></head><body><article><p>"
        + "Dock workers at the northern port returned to work on Monday. " * 3
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    titles = [item.title for path in (feed_file, dump, page) for item in load_file(path)]
    assert titles == [PLAIN_TITLE] * 3


def test_feed_links_differing_only_in_case_or_fragment_are_one_document(tmp_path: Path) -> None:
    path = tmp_path / "news.rss"
    items = [
        {"title": "A", "guid": "HTTPS://Harbour.Example/a#x", "description": "The ferry runs."},
        {"title": "B", "link": "https://HARBOUR.example/b#top", "description": "The bridge."},
    ]
    path.write_bytes(rss(items))
    ids = [a.doc_id for a in load_file(path) if isinstance(a, Article)]
    assert ids == ["https://harbour.example/a", "https://harbour.example/b"]
