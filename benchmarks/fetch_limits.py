"""Fetching against hostile servers on 127.0.0.1: peak memory, seconds, entries read.

Each case runs in a fresh process (so its peak RSS is its own) against a local server:
- a gzip bomb and a zstd bomb, each 2 GiB of zeros behind a small body;
- a normal 9 MB page, for comparison;
- a server sending one byte a second, with NEWSBOT_FETCH_TIMEOUT=3;
- a feed of 100,000 entries (7 MB).

    .venv/bin/python benchmarks/fetch_limits.py [--json]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import zlib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from tests.local_http import Route, serve  # noqa: E402

BOMB = 2 << 30

CHILD = """
import json, resource, sys, time
from ingest.fetch import Fetcher
from ingest.netpolicy import AddressPolicy
url, timeout = sys.argv[1], float(sys.argv[2])
fetcher = Fetcher(policy=AddressPolicy(("127.0.0.1",)), timeout=timeout)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.monotonic()
items = list(fetcher.url_articles(url))
seconds = time.monotonic() - started
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
errors = [str(i) for i in items if isinstance(i, Exception)]
print(json.dumps({"seconds": round(seconds, 2), "peak_rss_mb": round(peak / 1024),
                  "rss_growth_mb": round((peak - before) / 1024), "items": len(items),
                  "articles": len(items) - len(errors), "errors": errors[-1:]}))
"""


def gzip_bomb() -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    zeros = bytes(1 << 20)
    return b"".join([*(packer.compress(zeros) for _ in range(BOMB >> 20)), packer.flush()])


def zstd_bomb() -> bytes | None:
    try:
        import zstandard
    except ImportError:
        return None
    packer = zstandard.ZstdCompressor(level=19).compressobj(size=BOMB)
    zeros = bytes(1 << 20)
    return b"".join([*(packer.compress(zeros) for _ in range(BOMB >> 20)), packer.flush()])


def big_feed(entries: int) -> bytes:
    items = "".join(
        f"<item><guid>i{n}</guid><description>Report {n}.</description></item>"
        for n in range(entries)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Flood</title>'
        f"{items}</channel></rss>"
    ).encode()


def run(url: str, timeout: float = 20.0) -> dict[str, object]:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, url, str(timeout)],
        capture_output=True,
        text=True,
        cwd=REPO,
        env={"PYTHONPATH": str(REPO), "PATH": "/usr/bin:/bin"},
        check=True,
    )
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    page = b"<html><body><article><p>" + b"The quay reopened on Monday. " * 300_000
    routes = {
        "/gzip-bomb": Route(gzip_bomb(), headers={"Content-Encoding": "gzip"}),
        "/page": Route(page + b"</p></article></body></html>"),
        "/one-byte-a-second": Route(b"x" * 120, content_type="text/plain", drip=1.0),
        "/feed": Route(big_feed(100_000), content_type="application/rss+xml"),
    }
    zstd = zstd_bomb()
    if zstd is not None:
        routes["/zstd-bomb"] = Route(zstd, headers={"Content-Encoding": "zstd"})
    results = {}
    with serve(routes) as site:
        for path, route in routes.items():
            timeout = 3.0 if route.drip else 20.0
            results[path.strip("/")] = {"body_bytes": len(route.body), **run(site(path), timeout)}
    if args.json:
        print(json.dumps(results))
        return
    print(f"{'case':<20} {'body':>10} {'seconds':>8} {'peak RSS MB':>12} {'growth MB':>10}  result")
    for name, r in results.items():
        outcome = r["errors"][0] if r["errors"] else f"{r['articles']} article(s)"  # type: ignore[index]
        print(
            f"{name:<20} {r['body_bytes']:>10,} {r['seconds']:>8} {r['peak_rss_mb']:>12} "
            f"{r['rss_growth_mb']:>10}  {str(outcome)[:90]}"
        )


if __name__ == "__main__":
    main()
