"""Fetching pages over real HTTP from a server on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from ingest.errors import SourceError, UnsupportedSource
from ingest.fetch import FetchFailed, fetch_article
from tests.conftest import CliResult
from tests.local_http import LOCAL, LOCAL_HOSTS, Route, named, serve
from tests.test_loaders import HTML


def test_fetch_page_uses_canonical_url_on_its_own_site() -> None:
    with serve({"/story": Route(HTML.encode())}) as url:
        article = fetch_article(
            url("/story", host="www.harbour.example"), policy=named("www.harbour.example")
        )
    assert article.doc_id == "https://harbour.example/news/port-strike-ends"
    assert article.source == "Harbour Times"
    assert "6 percent raise" in article.text


def test_page_without_canonical_url_is_identified_by_its_final_url() -> None:
    page = b"<html><body><article><p>" + b"A long enough paragraph of news. " * 10 + b"</p>"
    routes = {"/old": Route(status=301, location="/new"), "/new": Route(page + b"</article>")}
    with serve(routes) as url:
        article = fetch_article(url("/old"), policy=LOCAL)
    assert article.doc_id == url("/new") == article.url


@pytest.mark.parametrize(
    ("routes", "path", "error", "message"),
    [
        ({}, "/missing", FetchFailed, "HTTP 404"),
        ({"/boom": Route(b"x", 500)}, "/boom", FetchFailed, "HTTP 500"),
        ({"/loop": Route(status=302, location="/loop")}, "/loop", FetchFailed, "redirects"),
        ({"/slow": Route(b"late", delay=3)}, "/slow", FetchFailed, "timed out"),
        ({"/big": Route(b"x" * 3_000_000)}, "/big", FetchFailed, "larger than"),
        (
            {"/img": Route(b"\x89PNG", content_type="image/png")},
            "/img",
            UnsupportedSource,
            "not a web page",
        ),
        (
            {"/js": Route(b"<html><script>x()</script></html>")},
            "/js",
            SourceError,
            "no article text",
        ),
    ],
)
def test_fetch_failures_are_one_clear_line(
    routes: dict[str, Route], path: str, error: type[Exception], message: str
) -> None:
    with serve(routes) as url, pytest.raises(error, match=message) as raised:
        fetch_article(url(path), timeout=1.0, max_bytes=2_000_000, policy=LOCAL)
    assert "\n" not in str(raised.value)


def test_cli_ingests_urls_beside_files(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOWED_HOSTS", LOCAL_HOSTS)
    with serve({"/story": Route(HTML.encode())}) as url:
        result = cli("ingest", url("/story"), url("/missing"), "--json")
    assert result.exit_code == 1
    assert (result.json()["added"], result.json()["failed"]) == (1, 1)
    assert "HTTP 404" in result.stderr
    answer = cli("ask", "What raise did the dock workers get?", "--json").json()
    assert not answer["refused"]
    # The page's canonical URL is on another site (harbour.example), so its own URL is its id.
    assert answer["citations"][0]["url"] == url("/story")


def test_a_plain_text_page_is_read_in_its_declared_charset() -> None:
    body = "Café owners in Lisk reopened on Friday after the floods.".encode("cp1252")
    page = Route(body, content_type="text/plain; charset=windows-1252")
    with serve({"/note": page}) as url:
        article = fetch_article(url("/note"), policy=LOCAL)
    assert article.text.startswith("Café owners")


def test_credentials_in_a_link_are_never_stored() -> None:
    """ "http://editor:pw@host/..." would become the document's id and the citation link every
    reader sees; the credentials are dropped (they were never sent)."""
    page = b"<html><body><article><p>" + b"A long enough paragraph of news. " * 10 + b"</p>"
    with serve({"/story": Route(page + b"</article>")}) as url:
        plain = url("/story")
        article = fetch_article(plain.replace("://", "://editor:S3cret@", 1), policy=LOCAL)
    assert article.doc_id == plain == article.url
    assert "S3cret" not in article.doc_id


def test_a_link_to_a_place_in_a_page_is_the_page() -> None:
    """`/ingest URL#comments` and `/ingest URL` store one document, as do a canonical URL
    with a fragment or an upper-case host and the plain one."""
    page = b"<body><article><p>" + b"A long enough paragraph of news. " * 10 + b"</p></article>"
    routes = {"/plain": Route(b"<html>" + page)}
    with serve(routes) as url:
        head = f'<head><link rel="canonical" href="HTTP://LOCALHOST:{url.port}/Story#top">'
        routes["/canon"] = Route(b"<html>" + head.encode() + b"</head>" + page)
        plain = fetch_article(url("/plain#comments"), policy=LOCAL)
        canon = fetch_article(url("/canon", host="localhost"), policy=LOCAL)
    assert plain.doc_id == plain.url == url("/plain")
    assert canon.doc_id == canon.url == url("/Story", host="localhost")


def test_a_canonical_url_on_another_site_contributes_nothing() -> None:
    """A page naming a foreign canonical URL reads as if it named none: the id, and the
    outlet and date read from that URL, are not taken from it."""
    page = (
        b"<body><article><h1>Quay repairs begin</h1><p>"
        + b"Work on the old quay began on Monday, the harbour office said. " * 5
        + b"</p></article></body></html>"
    )
    foreign = b'<link rel="canonical" href="https://evil.example/2019/01/01/quay">'
    routes = {
        "/plain": Route(b"<html><head></head>" + page),
        "/foreign": Route(b"<html><head>" + foreign + b"</head>" + page),
    }
    with serve(routes) as url:
        plain = fetch_article(url("/plain"), policy=LOCAL)
        taken = fetch_article(url("/foreign"), policy=LOCAL)
    assert taken.doc_id == taken.url == url("/foreign")
    assert (taken.source, taken.published) == (plain.source, plain.published)
    assert "evil" not in f"{taken.source} {taken.extra}"
