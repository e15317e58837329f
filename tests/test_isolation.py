"""One bad item never sinks a run: hostile files, dump lines and feed entries fail alone."""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from bot.services import Newsbot
from ingest.articles import Article
from ingest.documents import pdf_article
from ingest.errors import SourceError, TooLarge
from ingest.fetch import Fetcher
from ingest.loaders import load_file
from ingest.pipeline import Ingestor
from tests.conftest import CliResult
from tests.documents import pdf_bomb, pdf_with_content, pdf_with_text, rss

Cli = Callable[..., CliResult]

# Just past pypdf's limit on one inflated stream (75 MB).
BOMB_BYTES = 76_000_000


def mixed_folder(root: Path) -> Path:
    """Seven reports and three broken items, each of which once ended the run."""
    folder = root / "mixed"
    folder.mkdir()
    (folder / "good.txt").write_text(
        "Harbour reopens\nThe harbour reopened on Monday after repairs.", encoding="utf-8"
    )
    (folder / "good.md").write_text(
        "# Vineyard frost\nA late frost damaged a third of the vines.", encoding="utf-8"
    )
    lines = [
        # json.dumps writes the lone surrogate as the escape "\ud800", as a hostile dump would.
        json.dumps({"title": "Lone \ud800 surrogate", "body": "The mayor said \ud800 so."}),
        json.dumps({"url": "https://example.org/quay", "body": "The quay was rebuilt."}),
        '{"body": "a line cut short',
        # Chroma refuses these keys; they once failed the whole batch being written.
        json.dumps({"body": "The tram line opened.", "$weird": "x", "": "y", "#tag": "z"}),
    ]
    (folder / "dump.jsonl").write_text("\n".join(lines), encoding="utf-8")
    (folder / "feed.rss").write_bytes(
        rss(
            [
                {
                    "title": "Ferry &#xD800; returns",
                    "guid": "ferry-1",
                    "description": "The ferry returned &#x110000; to service.",
                },
                {"title": "Bus strike", "guid": "bus-1", "description": "Buses stopped today."},
            ]
        )
    )
    (folder / "bomb.pdf").write_bytes(pdf_bomb(BOMB_BYTES))
    # An `R` operator inside a content stream: pypdf fails on an assertion of its own.
    (folder / "odd-operator.pdf").write_bytes(
        pdf_with_content(b"BT /F1 12 Tf 72 72 R0 Td (Hello) Tj ET")
    )
    return folder


def test_a_mixed_good_and_bad_folder_is_ingested_through_the_cli(cli: Cli, tmp_path: Path) -> None:
    result = cli("ingest", str(mixed_folder(tmp_path)), "--json")
    assert result.exit_code == 1
    assert "Traceback" not in result.stderr
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("error: ") for line in errors)
    joined = "\n".join(errors)
    assert "dump.jsonl (line 3): malformed JSON at column 27: Invalid control character\n" in joined
    assert "bomb.pdf: a stream of the PDF decompresses past pypdf's safety limit" in joined
    assert "odd-operator.pdf: cannot read PDF: AssertionError" in joined
    summary = result.json()
    assert (summary["added"], summary["failed"]) == (7, 3)

    stats = cli("stats", "--json").json()
    assert stats["documents"] == 7 and stats["keyword_index_passages"] == stats["passages"]
    titles = {d["title"] for d in cli("docs", "list", "--json").json()["documents"]}
    assert {"Lone \ufffd surrogate", "Ferry \ufffd returns", "Bus strike"} <= titles


def test_an_unexpected_error_fails_only_its_source_or_its_article(
    newsbot: Newsbot, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Whatever a loader raises ends that source only; an article that cannot be prepared
    fails alone; the traceback is kept at debug level."""
    good = tmp_path / "good.txt"
    good.write_text("Quay report\nThe quay was rebuilt in stone.", encoding="utf-8")

    class ExplodingFeed(Fetcher):
        def url_articles(self, url: str) -> Iterator[Article | SourceError]:
            yield Article(doc_id=f"{url}#1", text="The first entry was fine.")
            yield Article(doc_id=f"{url}#2", text="Odd metadata.", extra={"x": object()})  # type: ignore[dict-item]
            raise RuntimeError("the parser exploded")

    base = newsbot.ingestor()
    ingestor = Ingestor(base.store, base.index, base.embedder, fetcher=ExplodingFeed())
    with caplog.at_level(logging.DEBUG, logger="ingest.errors"):
        report = ingestor.ingest(["https://feeds.example/news", good])
    assert (report.added, report.failed) == (2, 2)
    assert [str(e) for e in report.failures] == [
        "https://feeds.example/news#2: cannot be read "
        "(TypeError: Object of type object is not JSON serializable)",
        "https://feeds.example/news: cannot be read (RuntimeError: the parser exploded)",
    ]
    assert "Traceback" in caplog.text and "the parser exploded" in caplog.text


def test_lone_surrogates_become_replacement_characters() -> None:
    article = Article(
        doc_id="a\ud800", text="x \udfff y", title="t\ud800", extra={"k\ud800": "v\udc00"}
    )
    assert (article.doc_id, article.text, article.title) == ("a\ufffd", "x \ufffd y", "t\ufffd")
    assert dict(article.extra) == {"k\ufffd": "v\ufffd"}
    assert len(article.content_hash) == 64


def test_invalid_character_references_in_a_feed(tmp_path: Path) -> None:
    feed = tmp_path / "refs.xml"
    feed.write_bytes(
        rss(
            [
                {"guid": "1", "description": "Surrogate &#xD800; and &#55296; here."},
                {"guid": "2", "description": "Too far &#x110000; &#99999999999999; there."},
                {"guid": "3", "description": "Valid &#xE9;t&#233; stays."},
            ]
        )
    )
    texts = [a.text for a in load_file(feed) if isinstance(a, Article)]
    assert texts == [
        "Surrogate \ufffd and \ufffd here.",
        "Too far \ufffd \ufffd there.",
        "Valid été stays.",
    ]


def test_a_pdf_is_refused_once_its_text_passes_the_cap() -> None:
    data = pdf_with_text(["The council approved the budget on Monday."] * 40)
    assert len(pdf_article(data, label="r.pdf", default_id="r").text) > 1000
    with pytest.raises(TooLarge, match="its text passes 1,000 characters by page"):
        pdf_article(data, label="r.pdf", default_id="r", max_chars=1000)


def test_oversized_metadata_is_cut_or_left_out_not_copied_to_every_passage() -> None:
    """A dump item with a huge title and a raw "html" field: the title is cut at a word with
    "…", the field left out; small extra fields stay."""
    article = Article(
        doc_id="d",
        text="The ferry runs twice a day.",
        title="Ferry " * 10_000,
        source="Harbour Times",
        extra={"html": "<p>" + "x" * 100_000, "section": "Transport"},
    )
    assert article.title is not None and len(article.title) <= 300
    assert article.title.endswith("Ferry…")
    assert article.extra == {"section": "Transport"} and article.source == "Harbour Times"
