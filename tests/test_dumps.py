"""JSON and JSONL dumps are read as streams: memory stays at about one item, not the file."""

from __future__ import annotations

import json
import tracemalloc
from pathlib import Path

import pytest

from ingest import dumps
from ingest.articles import Article
from ingest.errors import MalformedSource, SourceError, TooLarge, UndecodableText
from ingest.loaders import load_file
from tests.conftest import WIRE_ARTICLES

SENTENCE = "The harbour authority published its annual traffic figures today. "


def big_items(count: int, sentences: int) -> list[dict[str, str]]:
    return [
        {
            "url": f"https://example.org/r/{n}",
            "title": f"Report {n}",
            "body": SENTENCE * sentences,
        }
        for n in range(count)
    ]


def contents(path: Path) -> list[tuple[str, str, dict[str, object]]]:
    articles = list(load_file(path))
    assert all(isinstance(a, Article) for a in articles), articles
    return [(a.doc_id, a.text, dict(a.extra)) for a in articles if isinstance(a, Article)]


@pytest.mark.parametrize("suffix", [".json", ".jsonl"])
def test_a_dump_is_read_one_item_at_a_time(tmp_path: Path, suffix: str) -> None:
    """30 MB of dump in under 10 MB of memory (4.7 MB for JSON, 0.5 MB for JSONL, when
    written); reading it whole took 91 MB."""
    items = big_items(300, 1_520)
    path = tmp_path / f"dump{suffix}"
    with path.open("w", encoding="utf-8") as out:
        if suffix == ".json":
            out.write('{"source": "wire", "articles": [\n')
            out.write(",\n".join(json.dumps(item) for item in items))
            out.write("\n]}\n")
        else:
            out.writelines(json.dumps(item) + "\n" for item in items)
    assert path.stat().st_size > 30_000_000

    tracemalloc.start()
    try:
        count = sum(1 for item in load_file(path) if isinstance(item, Article))
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == 300
    assert peak < 10_000_000, f"{peak / 1e6:.0f} MB in memory at once"


def test_items_across_read_boundaries_parse_as_a_whole_file_would(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Reads of a few characters cut numbers, escapes and strings: nothing is lost or split."""
    items = [
        {**a, "views": -2.5e10, "note": 'quote " and \\ and é and \U0001f600'}
        for a in WIRE_ARTICLES
    ]
    path = tmp_path / "dump.json"
    path.write_text(json.dumps({"articles": items}, indent=2, ensure_ascii=True), encoding="utf-8")
    expected = contents(path)
    monkeypatch.setattr(dumps, "_READ_CHARS", 3)
    assert contents(path) == expected
    assert expected[0][2] == {"category": "local", "views": -2.5e10, "note": items[0]["note"]}


def test_a_broken_json_dump_keeps_the_items_before_the_break(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    good = json.dumps(WIRE_ARTICLES[:2], indent=1)
    path.write_text(good[:-1] + ',\n  {"body": "cut" oops}\n]', encoding="utf-8")
    first, second, error = load_file(path)
    assert isinstance(first, Article) and isinstance(second, Article)
    assert isinstance(error, MalformedSource)
    assert f"{path}: malformed JSON at line {good.count(chr(10)) + 2} column 18" in str(error)


def test_an_oversized_item_is_refused_alone_in_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    huge = json.dumps({"title": "Huge", "body": "x" * dumps.MAX_ITEM_BYTES})
    lines = [json.dumps(WIRE_ARTICLES[0]), huge, b"\xff\xfe broken".decode("latin-1"), "{}"]
    path.write_bytes(
        b"\n".join(line.encode("latin-1" if "broken" in line else "utf-8") for line in lines)
        + b"\n"
        + json.dumps(WIRE_ARTICLES[1]).encode()
    )
    results = list(load_file(path))
    assert [type(r).__name__ for r in results] == [
        "Article",
        "TooLarge",
        "UndecodableText",
        "EmptyArticle",
        "Article",
    ]
    assert "(line 2): a line over 10 MB is too large" in str(results[1])
    assert "(line 3): not valid UTF-8 (byte 0xff at column 1)" in str(results[2])


def test_an_oversized_item_ends_a_json_dump(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    huge = {"title": "Huge", "body": "x" * dumps.MAX_ITEM_BYTES}
    path.write_text(json.dumps([WIRE_ARTICLES[0], huge, WIRE_ARTICLES[1]]), encoding="utf-8")
    first, error = load_file(path)
    assert isinstance(first, Article)
    assert isinstance(error, TooLarge) and "the rest of the dump was not read" in str(error)


@pytest.mark.parametrize(
    ("content", "error", "message"),
    [
        (b'{"body": "x"}\x00\x00', UndecodableText, "binary data"),
        (b'[{"body": "caf\xe9"}]', UndecodableText, "byte 0xe9 at offset 14"),
        (b"[" * 100_000, MalformedSource, "nested too deeply"),
        (b'[{"body": "a"}] trailing', MalformedSource, "line 1 column 17: Extra data"),
    ],
)
def test_whole_file_failures_of_a_json_dump(
    tmp_path: Path, content: bytes, error: type[SourceError], message: str
) -> None:
    path = tmp_path / "dump.json"
    path.write_bytes(content)
    *_, last = load_file(path)
    assert isinstance(last, error) and message in str(last)
