"""How much and how long fetching may take: bombs, drip-fed bodies, huge feeds and PDFs.

Assertions are on behaviour (the error, what the server managed to send, what was
allocated), never on wall-clock time; `benchmarks/fetch_limits.py` records the figures.
"""

from __future__ import annotations

import tracemalloc
import zlib
from functools import cache
from pathlib import Path

import pytest

from ingest.articles import MAX_ARTICLE_CHARS, Article
from ingest.errors import SourceError, TooLarge
from ingest.fetch import Fetcher, FetchFailed, FetchTimedOut
from ingest.loaders import load_file
from tests.documents import pdf_with_text, rss
from tests.local_http import LOCAL, Route, serve

BOMB_BYTES = 256 * 1024 * 1024  # of zeros, behind a quarter-megabyte body


@cache
def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    parts = [packer.compress(zeros) for _ in range(BOMB_BYTES >> 20)]
    return b"".join([*parts, packer.flush()])


def test_gzip_bomb_is_cut_at_the_decoded_limit_without_inflating_it() -> None:
    """Decoded a bounded slice at a time: what is allocated stays near the cap."""
    limit = 2_000_000
    bomb = Route(gzip_bomb(), content_type="text/html", headers={"Content-Encoding": "gzip"})
    with serve({"/bomb": bomb}) as site:
        tracemalloc.start()
        try:
            with pytest.raises(FetchFailed, match="once decompressed"):
                Fetcher(policy=LOCAL, max_bytes=limit).fetch(site("/bomb"))
            _, peak = tracemalloc.get_traced_memory()
        finally:
            tracemalloc.stop()
        assert site.requests[0].accept_encoding == "gzip"
    assert peak < 8 * limit  # one raw chunk inflated whole would be 64 MB


def test_gzip_pages_are_read() -> None:
    page = b"<html><body><article><p>" + b"Ferries run again. " * 40 + b"</p></article>"
    route = Route(
        zlib.compress(page, wbits=16 + zlib.MAX_WBITS), headers={"Content-Encoding": "gzip"}
    )
    with serve({"/": route}) as site:
        assert Fetcher(policy=LOCAL).fetch(site("/")).body == page


@pytest.mark.parametrize("encoding", ["zstd", "br", "deflate", "gzip, gzip"])
def test_encodings_not_asked_for_are_refused_unread(encoding: str) -> None:
    body = _zstd_bomb() if encoding == "zstd" else b"\x00" * 1000
    with (
        serve({"/": Route(body, headers={"Content-Encoding": encoding})}) as site,
        pytest.raises(FetchFailed, match="unrequested content encoding"),
    ):
        Fetcher(policy=LOCAL).fetch(site("/"))


def _zstd_bomb() -> bytes:
    """256 MB of zeros in a few kilobytes (2 GiB in 64 KB made the old fetcher take 4 GB)."""
    zstandard = pytest.importorskip("zstandard")
    packer = zstandard.ZstdCompressor(level=19).compressobj(size=BOMB_BYTES)
    zeros = bytes(1 << 20)
    return b"".join([*(packer.compress(zeros) for _ in range(BOMB_BYTES >> 20)), packer.flush()])


def test_a_server_sending_a_byte_at_a_time_is_cut_at_the_deadline() -> None:
    """Each read succeeds well within any read timeout; the fetch as a whole may not."""
    body = b"x" * 200
    with serve({"/drip": Route(body, content_type="text/plain", drip=0.05)}) as site:
        with pytest.raises(FetchTimedOut, match=r"deadline \(1 s\)"):
            Fetcher(policy=LOCAL, timeout=1.0).fetch(site("/drip"))
        sent = site.sent["/drip"]
    assert sent < len(body)  # all 200 bytes would take 10 s


def test_a_feed_and_its_pages_share_one_time_budget() -> None:
    """The budget runs out during the linked pages; the rest are not requested at all."""
    slow = Route(b"<p>" + b"x" * 200 + b"</p>", drip=0.05)
    routes = {f"/slow{n}": slow for n in range(1, 5)}
    with serve(routes) as site:
        items = [
            {"title": f"Story {n}", "link": site(f"/slow{n}"), "guid": f"s{n}",
             "description": f"Story {n} in brief: the quay reopened."}
            for n in range(1, 5)
        ]  # fmt: skip
        routes["/feed.xml"] = Route(rss(items), content_type="application/rss+xml")
        fetcher = Fetcher(policy=LOCAL, timeout=0.6, source_budget=1.0)
        entries = list(fetcher.url_articles(site("/feed.xml")))
        requested = site.paths
    ids = [e.doc_id for e in entries if isinstance(e, Article)]
    assert ids == [f"{site('/feed.xml')}#s{n}" for n in range(1, 5)]
    assert all("the quay reopened" in e.text for e in entries if isinstance(e, Article))
    assert requested[0] == "/feed.xml" and "/slow4" not in requested


def test_feed_entries_are_capped(tmp_path: Path) -> None:
    items = [
        {"title": f"Item {n}", "guid": f"i{n}", "description": f"Report {n}."} for n in range(5)
    ]
    path = tmp_path / "big.rss"
    path.write_bytes(rss(items))
    *articles, note = load_file(path, max_feed_entries=3)
    ids = [a.doc_id for a in articles if isinstance(a, Article)]
    assert [i.rsplit("#", 1)[1] for i in ids] == ["i0", "i1", "i2"]
    assert isinstance(note, TooLarge) and "5 entries; only the first 3" in str(note)
    with serve({"/feed.xml": Route(rss(items), content_type="application/rss+xml")}) as site:
        fetched = list(Fetcher(policy=LOCAL, max_feed_entries=2).url_articles(site("/feed.xml")))
    assert len(fetched) == 3 and isinstance(fetched[-1], TooLarge)


def test_plain_text_pages_and_pdfs_are_held_to_the_article_limit() -> None:
    text = ("The harbour authority published its figures. " * 25_000).encode()
    assert len(text) > MAX_ARTICLE_CHARS
    line = "The harbour authority published its annual traffic figures today again. "
    pdf = pdf_with_text([line] * 100, pages=1000)  # 7.3 million characters
    routes = {
        "/long.txt": Route(text, content_type="text/plain"),
        "/long.pdf": Route(pdf, content_type="application/pdf"),
    }
    with serve(routes) as site:
        fetcher = Fetcher(policy=LOCAL)
        (page,) = fetcher.url_articles(site("/long.txt"))
        (report,) = fetcher.url_articles(site("/long.pdf"))
    assert isinstance(page, TooLarge) and "too long for one report" in str(page)
    assert isinstance(report, TooLarge) and "of 1000" in str(report)  # stopped early
    assert isinstance(report, SourceError)
