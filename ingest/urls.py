"""One spelling per web address, so that one report is one document.

A URL becomes a document id (and the link a citation shows); `HTTPS://Harbour.Example/a`,
`https://harbour.example/a#comments` and `https://harbour.example:443/a` name one page, and must
not store it three times.
"""

from __future__ import annotations

import contextlib
from urllib.parse import urlsplit, urlunsplit

__all__ = ["normal_url"]

_DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_url(url: str) -> str:
    """`url` with its scheme and host lower-cased and its default port, credentials and
    `#fragment` dropped; an empty path is "/".

    Path and query are kept as written: servers may read them case-sensitively. A URL that
    is not http(s), or does not parse, is returned as it is (stripped).
    """
    text = url.strip()
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError:
        return text
    scheme = parts.scheme.lower()
    host = parts.hostname  # lower-cased, without credentials or port
    if scheme not in _DEFAULT_PORTS or not host:
        return text
    if ":" in host:  # an IPv6 literal
        host = f"[{host}]"
    else:
        # "Bücher.example" as the fetcher writes it: "xn--bcher-kva.example".
        with contextlib.suppress(UnicodeError):  # not an IDNA name: kept as written
            host = host.encode("idna").decode("ascii")
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    return urlunsplit((scheme, netloc, parts.path or "/", parts.query, ""))
