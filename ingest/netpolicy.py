"""Where fetching may go: public addresses only, unless the operator allows a host.

A page, a redirect or a feed link can name any host, and newsbot stores and quotes what it
fetches, so without a policy anyone who can make it fetch a URL can read the machine's own
services (`http://127.0.0.1:8000`), the cloud metadata endpoint (`169.254.169.254`) or the
intranet. Every host is resolved once, every address it resolves to is checked, and the
connection is then made to a checked address (`PinnedBackend`), so a second DNS answer
cannot swap in an internal address after the check.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpcore

from ingest.errors import SourceError

__all__ = [
    "AddressPolicy",
    "ForbiddenDestination",
    "IPAddress",
    "PinnedBackend",
    "Resolver",
    "UnresolvableHost",
    "forbidden_reason",
    "parse_allowed_hosts",
    "registrable_domain",
    "system_resolver",
]

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# host, port -> the addresses it resolves to, in the order to try them.
Resolver = Callable[[str, int], Sequence[str]]

_NAT64 = (ipaddress.ip_network("64:ff9b::/96"), ipaddress.ip_network("64:ff9b:1::/48"))


class ForbiddenDestination(SourceError):
    """The URL's host is, or resolves to, an address fetching may not reach."""


class UnresolvableHost(SourceError):
    """The URL's host name has no address."""


def system_resolver(host: str, port: int) -> list[str]:
    """The addresses `getaddrinfo` gives, deduplicated, in its order.

    `getaddrinfo` also reads the numeric spellings browsers accept (`2130706433`,
    `0x7f000001`, `0177.0.0.1`, `127.1`) as the address they mean, so those are checked as
    127.0.0.1, not as names.
    """
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except (OSError, UnicodeError) as exc:
        raise socket.gaierror(f"cannot resolve {host}: {exc}") from exc
    return list(dict.fromkeys(str(info[4][0]) for info in infos))


def _embedded_ipv4(address: ipaddress.IPv6Address) -> ipaddress.IPv4Address | None:
    """The IPv4 address an IPv6 one carries (mapped, 6to4, Teredo, NAT64), if any."""
    if address.ipv4_mapped is not None:
        return address.ipv4_mapped
    if address.sixtofour is not None:
        return address.sixtofour
    if address.teredo is not None:
        return address.teredo[1]
    if any(address in net for net in _NAT64):
        return ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
    return None


def forbidden_reason(address: IPAddress) -> str | None:
    """Why fetching may not reach `address` ("loopback", "private", ...), or None if public.

    IPv6 addresses that embed an IPv4 address (`::ffff:127.0.0.1`, 6to4, Teredo, NAT64) are
    judged by the embedded address too, since that is where their packets end up.
    """
    if isinstance(address, ipaddress.IPv6Address):
        embedded = _embedded_ipv4(address)
        if embedded is not None:
            reason = forbidden_reason(embedded)
            if reason:
                return reason
    checks = (
        ("unspecified", address.is_unspecified),
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
        ("not public", not address.is_global),
    )
    return next((name for name, hit in checks if hit), None)


def _is_address(text: str) -> bool:
    try:
        ipaddress.ip_address(text)
    except ValueError:
        return False
    return True


def _normal_host(host: str) -> str:
    return host.strip().strip("[]").rstrip(".").lower()


def parse_allowed_hosts(value: str | Iterable[str]) -> tuple[str, ...]:
    """`"intranet.example, 10.0.0.0/8"` (or a list) -> normalised entries; checks each one."""
    parts = value.replace(",", " ").split() if isinstance(value, str) else list(value)
    entries = []
    for part in parts:
        entry = _normal_host(part)
        if not entry:
            continue
        if "/" in entry:
            try:
                ipaddress.ip_network(entry, strict=False)
            except ValueError:
                raise ValueError(f"not a host name, address or network: {part!r}") from None
        entries.append(entry)
    return tuple(dict.fromkeys(entries))


@dataclass(frozen=True)
class AddressPolicy:
    """Public addresses only, except the hosts, addresses and networks in `allowed_hosts`.

    `allowed_hosts` holds host names (matched exactly, case-insensitively), IP addresses,
    CIDR networks (`10.0.0.0/8`) or `*` (anything). A listed name may resolve to private
    addresses; a listed address or network may be reached whatever name led to it.
    """

    allowed_hosts: tuple[str, ...] = ()
    resolver: Resolver = field(default=system_resolver, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "allowed_hosts", parse_allowed_hosts(self.allowed_hosts))

    @classmethod
    def allowing(cls, *hosts: str, resolver: Resolver = system_resolver) -> AddressPolicy:
        """`AddressPolicy.allowing("127.0.0.1", "localhost")`: what tests on loopback need."""
        return cls(parse_allowed_hosts(hosts), resolver)

    def _listed(self, name: str, address: IPAddress) -> bool:
        if "*" in self.allowed_hosts or name in self.allowed_hosts:
            return True
        candidates = [address]
        if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
            candidates.append(address.ipv4_mapped)
        for entry in self.allowed_hosts:
            try:
                network = ipaddress.ip_network(entry, strict=False)
            except ValueError:
                continue  # a host name
            if any(a.version == network.version and a in network for a in candidates):
                return True
        return False

    def addresses(self, url: str, host: str, port: int) -> list[str]:
        """The addresses to connect to for `host`, each one checked; raises if any is refused.

        One refused address refuses the host: a name that resolves to both a public and an
        internal address is how DNS rebinding starts.
        """
        name = _normal_host(host)
        try:
            resolved = list(self.resolver(name, port))
        except OSError as exc:
            raise UnresolvableHost(url, f"cannot resolve host {name!r}") from exc
        if not resolved:
            raise UnresolvableHost(url, f"cannot resolve host {name!r}")
        for text in resolved:
            address = ipaddress.ip_address(text.split("%", 1)[0])
            reason = forbidden_reason(address)
            if reason and not self._listed(name, address):
                what = (
                    f"{name} is a {reason} address"
                    if _is_address(name)
                    else f"{name} resolves to a {reason} address ({address})"
                )
                raise ForbiddenDestination(
                    url, f"{what}; not fetched (NEWSBOT_FETCH_ALLOWED_HOSTS can allow it)"
                )
        return resolved


class _DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and handshake ends by the fetch's deadline."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float) -> None:
        self._inner = inner
        self._deadline = deadline

    def _bound(self, timeout: float | None) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ReadTimeout("the fetch's deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._bound(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._bound(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        inner = self._inner.start_tls(ssl_context, server_hostname, self._bound(timeout))
        return _DeadlineStream(inner, self._deadline)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class PinnedBackend(httpcore.NetworkBackend):
    """Connects to the addresses the policy checked for a host, never resolving it again.

    httpcore hands it the URL's host name and then starts TLS with that name, so only the
    socket's destination changes: `Host`, SNI and certificate checks still use the name.
    Each fetch has its own backend (`pins` and `deadline` are that fetch's).
    """

    def __init__(self, deadline: float) -> None:
        self._deadline = deadline
        self._system = httpcore.SyncBackend()
        self.pins: dict[str, list[str]] = {}

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        addresses = self.pins.get(host.lower())
        if not addresses:  # every host is pinned before its request is sent
            raise httpcore.ConnectError(f"{host} was not checked")
        error: Exception | None = None
        for address in addresses:
            left = self._deadline - time.monotonic()
            if left <= 0:
                raise httpcore.ConnectTimeout("the fetch's deadline passed")
            try:
                stream = self._system.connect_tcp(
                    address,
                    port,
                    timeout=left if timeout is None else min(timeout, left),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return _DeadlineStream(stream, self._deadline)
        assert error is not None
        raise error

    def connect_unix_socket(
        self, path: str, timeout: float | None = None, socket_options: Iterable[Any] | None = None
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are never fetched")


# Used when the `tld` package (the public suffix list) is missing: the last two labels, or
# three under these common two-level suffixes.
_TWO_LEVEL_SUFFIXES = frozenset(
    {
        "co.uk", "org.uk", "ac.uk", "gov.uk", "me.uk", "ltd.uk", "plc.uk", "net.uk",
        "com.au", "net.au", "org.au", "edu.au", "gov.au", "co.nz", "org.nz", "co.jp",
        "ne.jp", "or.jp", "co.za", "com.br", "com.cn", "com.mx", "co.in", "co.kr",
        "com.tr", "com.sg", "com.hk", "co.il", "com.ar", "com.tw",
    }
)  # fmt: skip


def registrable_domain(host: str) -> str:
    """The site a host belongs to: `www.bbc.co.uk` -> `bbc.co.uk`; an IP or bare name as is.

    Uses the public suffix list (the `tld` package, which trafilatura already needs), so
    `a.github.io` and `b.github.io` are different sites.
    """
    name = _normal_host(host)
    if _is_address(name) or "." not in name:
        return name
    try:
        from tld import get_fld

        found = get_fld(name, fix_protocol=True, fail_silently=True)
        if found:
            return str(found).lower()
    except ImportError:  # pragma: no cover - tld comes with trafilatura
        pass
    labels = name.split(".")
    keep = 3 if ".".join(labels[-2:]) in _TWO_LEVEL_SUFFIXES else 2
    return ".".join(labels[-keep:])
