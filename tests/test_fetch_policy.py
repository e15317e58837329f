"""Where fetching may go (SSRF) and which document a fetched page may claim to be.

Hostile sites are real HTTP servers on 127.0.0.1. Loopback is refused by default, so each
test allows exactly what it needs: 127.0.0.1 itself (`LOCAL`), or names such as `news.test`
that `named` resolves to 127.0.0.1 for one fetcher while the IP stays refused.
"""

from __future__ import annotations

import ipaddress
import json
import shutil
import ssl
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from bot.services import Newsbot
from bot.settings import Settings
from ingest.articles import Article
from ingest.errors import UnsupportedSource
from ingest.fetch import (
    Fetcher,
    FetchFailed,
    ForbiddenDestination,
    fetch,
    fetch_article,
    same_site,
)
from ingest.netpolicy import AddressPolicy, forbidden_reason, registrable_domain
from ingest.pipeline import OriginConflict
from tests.conftest import CliResult
from tests.documents import rss
from tests.local_http import LOCAL, LocalNames, Route, named, serve
from tests.test_loaders import HTML

PAGE = (
    b"<html><body><article><p>"
    + b"The harbour authority published its annual traffic figures on Monday. " * 5
    + b"</p></article></body></html>"
)
SECRET = Route(b"internal admin console: root password hunter2", content_type="text/plain")


@pytest.mark.parametrize(
    ("address", "reason"),
    [
        ("127.0.0.1", "loopback"),
        ("::1", "loopback"),
        ("::ffff:127.0.0.1", "loopback"),  # IPv4-mapped
        ("2002:7f00:1::", "loopback"),  # 6to4 around 127.0.0.1
        ("64:ff9b::a00:1", "private"),  # NAT64 around 10.0.0.1
        ("10.1.2.3", "private"),
        ("172.16.0.1", "private"),
        ("192.168.1.1", "private"),
        ("fd00::1", "private"),
        ("169.254.169.254", "link-local"),  # cloud metadata
        ("fe80::1", "link-local"),
        ("224.0.0.1", "multicast"),
        ("ff02::1", "multicast"),
        ("0.0.0.0", "unspecified"),
        ("::", "unspecified"),
        ("100.64.0.1", "not public"),  # carrier-grade NAT
        ("240.0.0.1", "private"),
        ("93.184.216.34", None),
        ("2606:4700:4700::1111", None),
    ],
)
def test_only_public_addresses_are_fetched(address: str, reason: str | None) -> None:
    assert forbidden_reason(ipaddress.ip_address(address)) == reason


@pytest.mark.parametrize(
    ("host", "error", "message"),
    [
        ("127.0.0.1", ForbiddenDestination, "loopback"),
        ("localhost", ForbiddenDestination, "loopback"),
        ("[::ffff:127.0.0.1]", ForbiddenDestination, "loopback"),
        ("2130706433", ForbiddenDestination, "loopback"),
        ("0x7f000001", ForbiddenDestination, "loopback"),
        ("127.1", ForbiddenDestination, "loopback"),
        ("0177.0.0.1", UnsupportedSource, "not a valid URL"),  # httpx refuses octal
    ],
)
def test_loopback_in_any_spelling_is_refused_before_connecting(
    host: str, error: type[Exception], message: str
) -> None:
    with serve({"/": SECRET}) as site, pytest.raises(error, match=message) as raised:
        fetch(site("/", host=host))
    assert "\n" not in str(raised.value)
    assert site.requests == []


def test_allowed_hosts_let_local_sites_through() -> None:
    with serve({"/": SECRET}) as site:
        for host in ("127.0.0.1", "2130706433", "localhost"):
            assert b"hunter2" in fetch(site("/", host=host), policy=LOCAL).body
        # An allowed network covers every name and spelling that lands in it.
        assert fetch(site("/", host="2130706433"), policy=AddressPolicy(("127.0.0.0/8",))).body
        assert fetch(site("/"), policy=AddressPolicy(("*",))).body


def test_redirect_to_an_internal_address_is_refused() -> None:
    routes = {"/go": Route(status=302), "/secret": SECRET}
    with serve(routes) as site:
        routes["/go"].location = site("/secret")  # http://127.0.0.1:PORT/secret
        with pytest.raises(ForbiddenDestination, match="redirected to") as raised:
            fetch(site("/go", host="news.test"), policy=named("news.test"))
        assert site.paths == ["/go"]
    assert "loopback" in str(raised.value)


def test_redirect_to_another_scheme_is_refused() -> None:
    with (
        serve({"/go": Route(status=301, location="file:///etc/passwd")}) as site,
        pytest.raises(UnsupportedSource, match="non-http"),
    ):
        fetch(site("/go"), policy=LOCAL)


def test_feed_links_to_internal_addresses_are_not_fetched() -> None:
    routes = {"/secret": SECRET}
    with serve(routes) as site:
        item = {
            "title": "Ferry timetable changes",
            "link": site("/secret"),
            "guid": "harbour-2",
            "description": "The island ferry will run five times a day from July.",
        }
        routes["/feed.xml"] = Route(rss([item]), content_type="application/rss+xml")
        fetcher = Fetcher(policy=named("news.test"))
        (entry,) = fetcher.url_articles(site("/feed.xml", host="news.test"))
        assert site.paths == ["/feed.xml"]
    assert isinstance(entry, Article)
    assert "five times a day" in entry.text and "hunter2" not in entry.text


def test_connection_goes_to_the_checked_address_under_the_host_name() -> None:
    """One lookup per host and fetch, redirects included; the site sees its own name."""
    resolver = LocalNames("rebind.test")
    policy = AddressPolicy(("rebind.test",), resolver)
    with serve({"/a": Route(status=301, location="/b"), "/b": Route(PAGE)}) as site:
        fetched = fetch(site("/a", host="rebind.test"), policy=policy)
    assert fetched.url == site("/b", host="rebind.test")
    assert resolver.calls == ["rebind.test"]  # never asked again, so never answered twice
    assert [r.host for r in site.requests] == [f"rebind.test:{site.port}"] * 2


def test_tls_checks_the_name_while_connecting_to_the_pinned_address(tmp_path: Path) -> None:
    """SNI and certificate verification use the URL's name, not the address connected to."""
    if shutil.which("openssl") is None:
        pytest.skip("needs the openssl command to make a certificate")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1",
         "-nodes", "-keyout", str(key), "-out", str(cert), "-days", "1",
         "-subj", "/CN=tls.test", "-addext", "subjectAltName=DNS:tls.test"],
        check=True, capture_output=True,
    )  # fmt: skip
    server = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    server.load_cert_chain(cert, key)
    names: list[str | None] = []

    def record_sni(_socket: ssl.SSLObject, name: str | None, _context: ssl.SSLContext) -> None:
        names.append(name)

    server.sni_callback = record_sni  # type: ignore[assignment]
    client = ssl.create_default_context(cafile=str(cert))
    with serve({"/": Route(PAGE)}, tls=server) as site:
        fetched = Fetcher(policy=named("tls.test"), ssl_context=client).fetch(
            site("/", host="tls.test")
        )
        with pytest.raises(FetchFailed, match="CERTIFICATE_VERIFY_FAILED"):
            Fetcher(policy=LOCAL, ssl_context=client).fetch(site("/"))  # not the cert's name
    assert fetched.body == PAGE and fetched.url == site("/", host="tls.test")
    assert names[0] == "tls.test"


def test_a_name_with_any_internal_address_is_refused() -> None:
    """A public and a private answer together is how DNS rebinding starts."""
    resolver = LocalNames(answers={"mixed.test": ["127.0.0.1", "10.0.0.7"]})
    with serve({"/": Route(PAGE)}) as site, pytest.raises(ForbiddenDestination, match="private"):
        fetch(site("/", host="mixed.test"), policy=AddressPolicy(("127.0.0.1",), resolver))
    assert site.requests == []


def test_setting_lists_hosts_and_cli_refuses_loopback_by_default(
    cli: Callable[..., CliResult], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_FETCH_ALLOWED_HOSTS", "intranet.example, 10.0.0.0/8 ,LOCALHOST")
    settings = Settings()
    assert settings.fetch_allowed_hosts == ("intranet.example", "10.0.0.0/8", "localhost")
    assert Newsbot(settings).fetcher().policy.allowed_hosts == settings.fetch_allowed_hosts
    with pytest.raises(ValueError, match="not a host name"):
        Settings(fetch_allowed_hosts="10.0.0.0/99")
    monkeypatch.delenv("NEWSBOT_FETCH_ALLOWED_HOSTS")
    with serve({"/story": Route(HTML.encode())}) as site:
        result = cli("ingest", site("/story"), "--json")
        assert site.requests == []
    assert result.exit_code == 1 and result.json()["failed"] == 1
    assert "loopback address" in result.stderr  # the CLI keeps the detailed reason


# --- which document a fetched page may be ------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("https://www.harbour.example/x", "http://harbour.example/y", True),
        ("https://news.bbc.co.uk/a", "https://www.bbc.co.uk/b", True),
        ("https://bbc.co.uk/a", "https://other.co.uk/b", False),
        ("https://a.github.io/x", "https://b.github.io/x", False),  # public suffix list
        ("https://harbour.example/x", "https://evil.example/x", False),
        ("http://127.0.0.1:8000/a", "http://127.0.0.1:9000/b", True),
        ("javascript:alert(1)", "https://harbour.example/", False),
    ],
)
def test_same_site_means_same_registrable_domain(a: str, b: str, same: bool) -> None:
    assert same_site(a, b) is same
    assert registrable_domain("WWW.BBC.CO.UK.") == "bbc.co.uk"


def test_canonical_url_on_another_site_is_ignored() -> None:
    """The page claims https://harbour.example/...; served from elsewhere, its URL is its id."""
    with serve({"/story": Route(HTML.encode())}) as site:
        article = fetch_article(site("/story"), policy=LOCAL)
        claimed = fetch_article(site("/story", host="evil.test"), policy=named("evil.test"))
    assert article.doc_id == article.url == site("/story")
    assert claimed.doc_id == site("/story", host="evil.test") and claimed.origin == "evil.test"


def _feed(guid: str, text: str) -> Route:
    item = {"title": "Ferry timetable", "guid": guid, "description": text}
    return Route(rss([item]), content_type="application/rss+xml")


def _stored_text(newsbot: Newsbot, doc_id: str) -> str:
    store = newsbot.store()
    state = store.document_states([doc_id])[doc_id]
    return " ".join(p.text for p, _ in store.get(state.chunk_ids))


def test_fetched_items_never_replace_documents_from_another_source(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    dump = tmp_path / "desk.jsonl"
    ferry = "https://harbour.example/news/ferry"
    dump.write_text(
        json.dumps({"url": ferry, "title": "Ferry", "body": "The ferry runs twice a day."}),
        encoding="utf-8",
    )
    ingestor = newsbot.ingestor()
    ingestor.fetcher = Fetcher(policy=named("harbour.example", "evil.test"))
    assert ingestor.ingest([dump]).added == 1
    routes = {"/feed.xml": _feed(ferry, "The ferry is cancelled for good.")}
    with serve(routes) as site:
        evil = site("/feed.xml", host="evil.test")
        own = site("/feed.xml", host="harbour.example")
        hijack = ingestor.ingest([evil])
        assert (hijack.failed, hijack.updated) == (1, 0)
        (error,) = hijack.failures
        assert isinstance(error, OriginConflict) and "already stored from local files" in str(error)
        assert _stored_text(newsbot, ferry) == "The ferry runs twice a day."

        routes["/feed.xml"] = _feed("harbour-9", "The night ferry returns in May.")
        assert ingestor.ingest([own]).added == 1
        routes["/feed.xml"] = _feed("harbour-9", "The night ferry returns in June.")
        assert ingestor.ingest([own]).updated == 1  # a site may update its own items
        # Another feed's item of the same GUID is its own story: stored apart, replacing
        # nothing of harbour.example's.
        routes["/feed.xml"] = _feed("harbour-9", "The night ferry is a hoax.")
        assert ingestor.ingest([evil]).added == 1
    assert _stored_text(newsbot, f"{own}#harbour-9") == "The night ferry returns in June."
    assert _stored_text(newsbot, f"{evil}#harbour-9") == "The night ferry is a hoax."
