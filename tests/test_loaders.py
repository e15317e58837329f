from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from ingest.articles import Article
from ingest.errors import (
    EmptyArticle,
    MalformedSource,
    SourceError,
    SourceNotFound,
    UndecodableText,
    UnsupportedSource,
)
from ingest.loaders import discover, load_file, parse_date
from tests.conftest import SAMPLES, WIRE_ARTICLES

HTML = """<!doctype html><html><head>
<title>Port strike ends | Harbour Times</title>
<link rel="canonical" href="https://harbour.example/news/port-strike-ends">
<meta property="og:title" content="Port strike ends after nine days">
<meta property="og:site_name" content="Harbour Times">
<meta name="author" content="Lena Park">
<meta property="article:published_time" content="2024-06-03T09:30:00Z">
</head><body><nav>Home | World | Sport</nav>
<article><h1>Port strike ends after nine days</h1>
<p>Dock workers at the northern port returned to work on Monday after a nine-day strike over
pay ended with a 6 percent raise agreed by both sides.</p>
<p>Union leader Tomas Berg said the deal &amp; the new safety rules were "a fair outcome".</p>
</article><footer>© Harbour Times</footer><script>track();</script></body></html>"""


def articles(path: Path) -> list[Article]:
    items = list(load_file(path))
    errors = [i for i in items if isinstance(i, SourceError)]
    assert not errors, errors
    return [i for i in items if isinstance(i, Article)]


def failure(path: Path) -> SourceError:
    items = list(load_file(path))
    assert len(items) == 1 and isinstance(items[0], SourceError), items
    return items[0]


def test_plain_text_first_line_is_the_title() -> None:
    (article,) = articles(SAMPLES / "aleppo-insurgent-onslaught.txt")
    assert article.title == (
        "Aleppo Faces Unexpected Insurgent Onslaught, Signalling Fresh Unrest in War-Torn Syria"
    )
    assert article.text.startswith("ICARO Media Group")
    assert "seized Saraqeb" in article.text
    assert article.doc_id == str((SAMPLES / "aleppo-insurgent-onslaught.txt").resolve())


def test_markdown_front_matter_gives_metadata(tmp_path: Path) -> None:
    path = tmp_path / "report.md"
    path.write_text(
        "---\ntitle: Floods close the valley road\nsource: Valley Gazette\n"
        "published: 2024-02-11\nurl: https://valley.example/floods\nauthor: K. Osei\n"
        "section: weather\n---\n# Ignored heading\n\nRain fell for three days. The road closed.\n",
        encoding="utf-8",
    )
    (article,) = articles(path)
    assert article.title == "Floods close the valley road"
    assert article.source == "Valley Gazette"
    assert article.published == date(2024, 2, 11)
    assert article.doc_id == "https://valley.example/floods"
    assert article.author == "K. Osei"
    assert article.extra == {"section": "weather"}
    assert article.text.startswith("# Ignored heading")


def test_unclosed_front_matter_is_an_error(tmp_path: Path) -> None:
    """Front matter never closed by '---' would leave "title:" and "source:" lines in the
    text and "---" as the title: the file is refused with what is wrong, and a text that only
    opens with a rule ("---" then prose) is an article like any other."""
    path = tmp_path / "report.txt"
    path.write_text("---\ntitle: X\nsource: Y\nThe road closed on Monday.\n", encoding="utf-8")
    (error,) = list(load_file(path))
    assert isinstance(error, MalformedSource)
    assert "front matter opened by '---' on line 1 is not closed" in str(error)
    ruled = tmp_path / "ruled.txt"
    ruled.write_text("---\nThe road closed on Monday. It reopened today.\n", encoding="utf-8")
    (article,) = articles(ruled)
    assert "The road closed on Monday." in article.text


def test_markdown_heading_is_the_title(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_text("# Council votes on budget\n\nThe council approved it.\n", encoding="utf-8")
    (article,) = articles(path)
    assert article.title == "Council votes on budget"
    assert article.text == "The council approved it."


def test_html_main_text_and_metadata(tmp_path: Path) -> None:
    path = tmp_path / "strike.html"
    path.write_text(HTML, encoding="utf-8")
    (article,) = articles(path)
    assert article.doc_id == "https://harbour.example/news/port-strike-ends"
    assert article.source == "Harbour Times"
    assert article.author == "Lena Park"
    assert article.published == date(2024, 6, 3)
    assert "6 percent raise" in article.text
    assert "the deal & the new safety rules" in article.text
    assert "track()" not in article.text and "Home | World" not in article.text


def test_json_array_dump(tmp_path: Path) -> None:
    path = tmp_path / "dump.json"
    path.write_text(json.dumps(WIRE_ARTICLES), encoding="utf-8")
    loaded = articles(path)
    assert [a.doc_id for a in loaded] == [a["url"] for a in WIRE_ARTICLES]
    first = loaded[0]
    assert first.source == "Coastal Courier"
    assert first.published == date(2024, 3, 2)
    assert first.author == "Ana Ruiz"
    assert first.extra == {"category": "local"}


def test_jsonl_bad_lines_fail_alone(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    lines = [
        json.dumps({"text": "A report with text. It has two sentences.", "title": "One"}),
        "{not json",
        json.dumps({"title": "No body"}),
        json.dumps(["not", "an", "object"]),
        "",
        json.dumps({"content": "Another report. Short.", "date": "12 March 2024"}),
    ]
    path.write_text("\n".join(lines), encoding="utf-8")
    items = list(load_file(path))
    good = [i for i in items if isinstance(i, Article)]
    bad = [i for i in items if isinstance(i, SourceError)]
    assert [a.title for a in good] == ["One", None]
    assert good[1].published == date(2024, 3, 12)
    assert all(a.doc_id.startswith(f"{path.resolve()}#") for a in good)
    assert [type(e) for e in bad] == [MalformedSource, EmptyArticle, MalformedSource]
    assert "line 2" in str(bad[0]) and "line 3" in str(bad[1])


@pytest.mark.parametrize(
    ("name", "content", "error", "message"),
    [
        ("empty.txt", b"", EmptyArticle, "empty file"),
        ("blank.md", b"  \n\n \t", EmptyArticle, "empty file"),
        ("binary.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00", UndecodableText, "binary"),
        ("broken.json", b'[{"body": "x",', MalformedSource, "malformed JSON"),
        ("scalar.json", b"42", MalformedSource, "expected a JSON array"),
        ("nothing.json", b"[]", EmptyArticle, "no articles"),
        ("scripts.html", b"<html><script>x()</script></html>", EmptyArticle, "no article text"),
    ],
)
def test_bad_files_give_one_clear_error(
    tmp_path: Path, name: str, content: bytes, error: type[SourceError], message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    found = failure(path)
    assert isinstance(found, error)
    assert message in str(found)
    assert str(found).startswith(str(path))
    assert "\n" not in str(found)


def test_discover_walks_folders_and_reports_bad_sources(tmp_path: Path) -> None:
    (tmp_path / "a" / "b").mkdir(parents=True)
    (tmp_path / "a" / "one.txt").write_text("T\nBody.", encoding="utf-8")
    (tmp_path / "a" / "b" / "two.md").write_text("T\nBody.", encoding="utf-8")
    (tmp_path / "a" / "b" / "photo.jpg").write_bytes(b"\xff\xd8")
    (tmp_path / "a" / ".hidden.txt").write_text("T\nBody.", encoding="utf-8")
    (tmp_path / "notes.docx").write_bytes(b"PK")
    found = discover(
        [tmp_path / "a", tmp_path / "a" / "one.txt", tmp_path / "nope.txt", tmp_path / "notes.docx"]
    )
    assert sorted(p.name for p in found.files) == ["one.txt", "two.md"]
    assert [p.name for p in found.skipped] == ["photo.jpg"]
    assert [type(e) for e in found.failures] == [SourceNotFound, UnsupportedSource]
    assert "no such file or folder" in str(found.failures[0])
    assert "unsupported file type '.docx'" in str(found.failures[1])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2023-09-26T17:01:22+00:00", date(2023, 9, 26)),
        ("2024-04-18", date(2024, 4, 18)),
        ("November 29, 2024", date(2024, 11, 29)),
        (1700000000, date(2023, 11, 14)),
        ("not a date", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_date(value: object, expected: date | None) -> None:
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("yesterday", date(2024, 6, 9)),
        ("today", date(2024, 6, 10)),
        ("3 days ago", date(2024, 6, 7)),
        ("an hour ago", date(2024, 6, 10)),
        ("2 weeks ago", date(2024, 5, 27)),
        ("Yesterday", date(2024, 6, 9)),
    ],
)
def test_relative_dates(value: str, expected: date) -> None:
    assert parse_date(value, today=date(2024, 6, 10)) == expected


@pytest.mark.parametrize(
    ("data", "start"),
    [
        ("Café reopens\nThe café reopened on Friday.".encode("utf-16"), "The café"),
        ("Café reopens\nThe café reopened on Friday.".encode("cp1252"), "The café"),
    ],
)
def test_a_text_file_in_utf16_or_a_western_8_bit_encoding_is_read(
    tmp_path: Path, data: bytes, start: str
) -> None:
    path = tmp_path / "cafe.txt"
    path.write_bytes(data)
    (article,) = load_file(path)
    assert isinstance(article, Article) and article.title == "Café reopens"
    assert article.text.startswith(start)


def test_dump_fields_of_the_wrong_type_fail_their_item_alone(tmp_path: Path) -> None:
    """An object, array or boolean where text belongs is refused with the field named; a
    number is written out as one explicitly; the other items of the dump are stored."""
    body = "Dock workers returned to work on Monday."
    items = [
        {"title": {"en": "Strike ends"}, "body": body},
        {"source": ["Harbour Times"], "body": body},
        {"url": 42, "body": body},
        {"author": True, "body": body},
        {"published_at": {"year": 2024}, "body": body},
        {"body": {"html": "<p>Dock workers returned.</p>"}},
        {"title": 1984, "source": "Harbour Times", "published_at": 1717400000, "body": body},
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text("\n".join(json.dumps(item) for item in items), encoding="utf-8")
    loaded = list(load_file(path))
    errors = [str(e) for e in loaded if isinstance(e, SourceError)]
    assert all(isinstance(e, MalformedSource) for e in loaded[:6])
    assert errors == [
        f"{path} (line 1): 'title' must be text, not an object",
        f"{path} (line 2): 'source' must be text, not an array",
        f"{path} (line 3): 'url' must be text, not a number",
        f"{path} (line 4): 'author' must be text, not a boolean",
        f"{path} (line 5): 'published_at' must be a date or epoch seconds, not an object",
        f"{path} (line 6): 'body' must be text, not an object",
    ]
    (good,) = [a for a in loaded if isinstance(a, Article)]
    assert (good.title, good.published) == ("1984", date(2024, 6, 3))


def test_dump_urls_differing_only_in_case_or_fragment_are_one_document(tmp_path: Path) -> None:
    """Scheme and host are case-insensitive and a #fragment is a place in the page: the same
    report under "HTTPS://Harbour.Example/a#comments" is no second document. Path and query
    are case-sensitive and stay; credentials never become an id."""
    urls = [
        "https://harbour.example/news/Strike?id=7",
        "HTTPS://Harbour.EXAMPLE/news/Strike?id=7#comments",
        "https://editor:secret@harbour.example:443/news/Strike?id=7",
        "https://harbour.example/news/strike?id=7",
    ]
    path = tmp_path / "dump.jsonl"
    path.write_text(
        "\n".join(json.dumps({"url": u, "body": f"Report {n}."}) for n, u in enumerate(urls)),
        encoding="utf-8",
    )
    ids = [a.doc_id for a in articles(path)]
    assert ids == [urls[0]] * 3 + [urls[3]]
    assert [a.url for a in articles(path)] == ids


def test_dump_items_without_a_url_are_known_by_title_outlet_and_date(tmp_path: Path) -> None:
    """Not by position: the ids of the items left stay when a line goes, whatever its body
    says; two items alike in title, outlet and date, or untitled ones, stay apart."""
    items = [
        {"title": "Budget", "source": "Courier", "date": "2024-06-01", "body": "Budget set."},
        {"title": "Parks", "source": "Courier", "date": "2024-06-01", "body": "Parks open."},
        {"title": "Parks", "source": "Courier", "date": "2024-06-01", "body": "Parks shut."},
        {"body": "An untitled brief."},
        {"body": "Another untitled brief."},
    ]
    path = tmp_path / "dump.jsonl"

    def ids(dump: list[dict[str, str]]) -> list[str]:
        path.write_text("\n".join(json.dumps(i) for i in dump), encoding="utf-8")
        return [a.doc_id for a in articles(path)]

    before = ids(items)
    assert len(set(before)) == 5
    assert ids(items[1:]) == before[1:]
    edited = items[1] | {"body": "Parks open on Sunday.", "date": "1 June 2024"}
    assert ids([edited, *items[2:]]) == before[1:]
