"""One spelling per web address (`ingest.urls.normal_url`) and per uploaded file name
(`bot.telegram._disk_name`): what becomes a document id or a path on disk."""

from __future__ import annotations

import pytest

from bot.telegram import MAX_UPLOAD_NAME_BYTES, _disk_name
from ingest.urls import normal_url


@pytest.mark.parametrize(
    ("url", "normal"),
    [
        ("HTTPS://Harbour.Example/a", "https://harbour.example/a"),
        ("https://harbour.example:443/a#comments", "https://harbour.example/a"),
        ("http://editor:pw@harbour.example/a", "http://harbour.example/a"),
        ("https://Bücher.Example/a", "https://xn--bcher-kva.example/a"),  # as fetched
        ("https://[::1]:443/a", "https://[::1]/a"),
        ("http://harbour.example", "http://harbour.example/"),
        ("https://harbour.example/A?Q=1", "https://harbour.example/A?Q=1"),  # path as written
        ("ftp://harbour.example/a", "ftp://harbour.example/a"),  # not http(s): as it is
    ],
)
def test_one_spelling_per_address(url: str, normal: str) -> None:
    assert normal_url(url) == normal


@pytest.mark.parametrize(
    ("name", "disk"),
    [
        ("report.json", "report.json"),
        ("a\x00b.txt", "ab.txt"),  # a NUL cannot be in a file name
        ("\x00\x01.txt", "upload.txt"),
    ],
)
def test_an_upload_name_on_disk(name: str, disk: str) -> None:
    assert _disk_name(name) == disk


def test_a_long_upload_name_keeps_its_start_and_extension() -> None:
    long = "é" * 200 + ".json"
    disk = _disk_name(long)
    assert disk.endswith(".json") and disk.startswith("é")
    assert len(disk.encode("utf-8")) <= MAX_UPLOAD_NAME_BYTES
    assert _disk_name("é" * 199 + "x.json") != disk  # a hash of the whole name
