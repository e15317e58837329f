"""Damaged stores and full disks: the keyword index repairs itself; Chroma's damage and a full
disk are one clear line naming the file and what to do, never a traceback."""

from __future__ import annotations

import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.conftest import NEWSQA_ARTICLES, CliResult

# `newsbot` subprocesses find the model already converted in the session cache.
pytestmark = pytest.mark.usefixtures("embedder")

Cli = Callable[..., CliResult]

NEWSBOT = Path(sys.executable).parent / "newsbot"
PAGE = 4096


def garble(path: Path, *, start: int = 0, length: int | None = None) -> None:
    """Random bytes over `length` bytes of `path` from `start` (to the end by default)."""
    size = path.stat().st_size
    length = size - start if length is None else length
    with path.open("r+b") as file:
        file.seek(start)
        file.write(random.Random(14).randbytes(length))


def keyword_index_file(data_dir: Path) -> Path:
    """The index of `data_dir`, every write in the file itself (not in its write-ahead log),
    as a process leaves it when it ends."""
    (path,) = data_dir.glob("keyword-index-*.sqlite3")
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    return path


def root_page(path: Path, table: str) -> int:
    with sqlite3.connect(path) as db:
        (page,) = db.execute(
            "SELECT rootpage FROM sqlite_master WHERE name = ?", (table,)
        ).fetchone()
    db.close()
    return int(page)


def newsbot_process(*args: str, data_dir: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSBOT_")}
    environment |= {"NEWSBOT_DATA_DIR": str(data_dir), **env}
    return subprocess.run(
        [str(NEWSBOT), *args], env=environment, capture_output=True, text=True, timeout=300
    )


@pytest.mark.parametrize(
    "damage",
    [
        "file",  # garbage from the first byte: not a database at all, seen on opening
        "passages",  # the root page of the full-text data: seen only by the first search
    ],
)
def test_a_damaged_keyword_index_is_rebuilt_from_chroma(
    cli: Cli, sample_dir: Path, isolated_settings: Path, damage: str
) -> None:
    assert cli("ingest", str(sample_dir)).exit_code == 0
    index = keyword_index_file(isolated_settings)
    if damage == "file":
        garble(index)
    else:
        garble(index, start=(root_page(index, "passages_fts_data") - 1) * PAGE, length=PAGE)

    result = cli("ask", "who captured Saraqeb?", "--json")
    assert result.exit_code == 0, result.stderr
    assert "seized Saraqeb" in result.json()["answer"]
    (notice,) = result.stderr.strip().splitlines()
    assert notice.startswith(f"notice: the keyword index {index} was damaged (")
    assert notice.endswith("); it is rebuilt from Chroma")
    stats = cli("stats", "--json").json()
    assert stats["keyword_index_passages"] == stats["passages"] > 3
    hits = cli("search", "Saraqeb", "--json").json()["results"]
    assert hits and hits[0]["doc_id"].endswith("aleppo-insurgent-onslaught.txt")


@pytest.mark.slow
@pytest.mark.parametrize(
    "damage",
    [
        "file",  # garbage from the first byte: "file is not a database"
        "second half",  # Chroma's Rust core panics, and writes its own note to stderr
    ],
)
def test_a_damaged_chroma_file_is_one_clear_line(
    sample_dir: Path, tmp_path: Path, damage: str
) -> None:
    data_dir = tmp_path / "own"
    assert newsbot_process("ingest", str(sample_dir), data_dir=data_dir).returncode == 0
    chroma_file = data_dir / "chroma" / "chroma.sqlite3"
    garble(chroma_file, start=0 if damage == "file" else chroma_file.stat().st_size // 2)
    for args in (("stats",), ("ask", "who captured Saraqeb?"), ("ingest", str(sample_dir))):
        result = newsbot_process(*args, data_dir=data_dir, RUST_BACKTRACE="1")
        assert result.returncode == 1, args
        (line,) = result.stderr.strip().splitlines()
        assert line.startswith(f"error: {chroma_file} is damaged ("), line
        assert line.endswith(
            f"restore {chroma_file.parent} from a backup, or move it aside and ingest your "
            "sources again"
        )


@pytest.fixture(scope="session")
def full_disk_library(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/full_disk.c built as a preloadable library (Linux, with a C compiler)."""
    compiler = shutil.which("cc") or shutil.which("gcc")
    if not sys.platform.startswith("linux") or compiler is None:
        pytest.skip("needs Linux and a C compiler to simulate a full disk")
    library = tmp_path_factory.mktemp("full-disk") / "full_disk.so"
    source = Path(__file__).with_name("full_disk.c")
    subprocess.run(
        [compiler, "-shared", "-fPIC", "-O1", "-o", str(library), str(source), "-ldl"], check=True
    )
    return library


@pytest.mark.slow
@pytest.mark.parametrize("budget", [60_000, 500_000])
def test_a_full_disk_is_one_clear_line(
    cli: Cli, sample_dir: Path, isolated_settings: Path, full_disk_library: Path, budget: int
) -> None:
    """The disk fills up during an ingestion: after `budget` more bytes every write under the
    data directory fails with ENOSPC, wherever it comes from (SQLite in Chroma's Rust core,
    its vector files, Python's sqlite3 for the keyword index). With this corpus 60 kB runs out
    in Chroma, 500 kB in the keyword index."""
    assert cli("ingest", str(sample_dir)).exit_code == 0
    result = newsbot_process(
        "ingest",
        str(NEWSQA_ARTICLES),
        data_dir=isolated_settings,
        LD_PRELOAD=str(full_disk_library),
        FULL_DISK_DIR=str(isolated_settings),
        FULL_DISK_BYTES=str(budget),
    )
    assert result.returncode == 1
    (line,) = result.stderr.strip().splitlines()
    assert line.startswith(f"error: the disk holding {isolated_settings}/"), line
    assert " is full (" in line and line.endswith("free some space, then run the command again")

    again = newsbot_process("ingest", str(NEWSQA_ARTICLES), data_dir=isolated_settings)
    assert again.returncode == 0, again.stderr  # with room again, the run completes
    stats = cli("stats", "--json").json()
    assert stats["documents"] == 23 and stats["keyword_index_passages"] == stats["passages"]
