"""Chroma server mode: a real `chroma run` on 127.0.0.1, shared by several newsbot processes."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.fake_telegram import FakeTelegram, message_update
from tests.token_proxy import token_proxy

CHROMA = Path(sys.executable).parent / "chroma"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[int]:
    port = free_port()
    path = tmp_path_factory.mktemp("chroma-server")
    process = subprocess.Popen(
        [str(CHROMA), "run", "--path", str(path), "--host", "127.0.0.1", "--port", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/api/v2/heartbeat", timeout=1).is_success:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError("the Chroma server did not start")
            time.sleep(0.2)
        yield port
    finally:
        process.terminate()
        process.wait(timeout=30)


@pytest.fixture
def server_env(chroma_server: int, monkeypatch: pytest.MonkeyPatch) -> int:
    monkeypatch.setenv("NEWSBOT_CHROMA_HOST", "127.0.0.1")
    monkeypatch.setenv("NEWSBOT_CHROMA_PORT", str(chroma_server))
    return chroma_server


def test_ingest_search_ask_through_the_server(
    cli: Callable[..., Any],
    server_env: int,
    sample_dir: Path,
    wire_dump: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-a")
    ingest = cli("ingest", str(sample_dir), str(wire_dump), "--json")
    assert ingest.exit_code == 0, ingest.stderr
    assert ingest.json()["added"] == 4
    assert not (tmp_path / "data" / "chroma").exists()  # nothing stored locally but the index

    answer = cli("ask", "who captured Saraqeb?", "--json").json()
    assert not answer["refused"] and "seized Saraqeb" in answer["citations"][0]["quote"]

    # A second worker on another machine: its own (empty) keyword index, the same server.
    other = cli("search", "vineyard frost", "--json", "--data-dir", str(tmp_path / "worker2"))
    assert other.exit_code == 0, other.stderr
    assert other.json()["results"][0]["source"] == "Valley Gazette"
    stats = cli("stats", "--json", "--data-dir", str(tmp_path / "worker2")).json()
    assert stats["keyword_index_passages"] == stats["passages"]

    again = cli("ingest", str(sample_dir), str(wire_dump), "--json").json()
    assert again["unchanged"] == 4 and again["passages"] == 0


def test_missing_collection_and_unreachable_server(
    cli: Callable[..., Any], server_env: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSBOT_COLLECTION", "never-ingested")
    missing = cli("ask", "anything?")
    assert missing.exit_code == 1 and "run `newsbot ingest` first" in missing.stderr

    monkeypatch.setenv("NEWSBOT_CHROMA_PORT", str(free_port()))
    down = cli("stats")
    assert down.exit_code == 1
    assert down.stderr.startswith("error: ") and "Traceback" not in down.stderr


def test_telegram_bot_on_the_server(
    server_env: int,
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    cli: Callable[..., Any],
) -> None:
    from tests.test_telegram import USER, plain, replies, run_bot, settings_for

    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-telegram")
    assert cli("ingest", str(sample_dir)).exit_code == 0
    telegram = FakeTelegram().start()

    async def scenario() -> None:
        telegram.push(message_update(USER, USER, "who captured Saraqeb?"))
        (reply,) = await replies(telegram, USER, 1)
        assert "seized Saraqeb" in plain(reply)

    try:
        settings = settings_for(
            telegram,
            tmp_path / "bot-data",
            chroma_host="127.0.0.1",
            chroma_port=server_env,
            collection="server-mode-telegram",
        )
        run_bot(settings, scenario)
    finally:
        telegram.stop()


def test_a_worker_sees_another_workers_update(
    cli: Callable[..., Any], server_env: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Same passage count, new text: the other worker's keyword index must notice."""
    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-sync")
    report = tmp_path / "report.txt"
    report.write_text("Ferry news\nThe ferry leaves at nine from the north quay.", encoding="utf-8")
    assert cli("ingest", str(report), "--data-dir", str(tmp_path / "w1")).exit_code == 0
    first = cli("search", "north quay", "--json", "--data-dir", str(tmp_path / "w2")).json()
    assert "north quay" in first["results"][0]["text"]
    report.write_text("Ferry news\nThe ferry leaves at ten from the south pier.", encoding="utf-8")
    assert cli("ingest", str(report), "--data-dir", str(tmp_path / "w1")).exit_code == 0
    from bot.services import Newsbot
    from bot.settings import Settings

    worker2 = Newsbot(Settings(data_dir=tmp_path / "w2"))
    qa = worker2.qa()
    hits = qa.search("south pier")
    assert hits and hits[0].keyword_rank == 1 and "south pier" in hits[0].passage.text
    assert qa.retriever.index.search("north quay", k=5) == []


TOKEN = "chroma-s3cret-4f9a"


def test_token_protected_server(
    cli: Callable[..., Any],
    server_env: int,
    sample_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """`chroma run` behind a proxy that checks a token, as docs/deployment.md sets it up."""
    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-token")
    with token_proxy(server_env, TOKEN) as (port, refused):
        monkeypatch.setenv("NEWSBOT_CHROMA_PORT", str(port))
        refusal = (
            f"error: the Chroma server at 127.0.0.1:{port} refused newsbot (HTTP 401): "
            "check NEWSBOT_CHROMA_TOKEN and NEWSBOT_CHROMA_HEADERS"
        )
        missing = cli("ingest", str(sample_dir))
        assert (missing.exit_code, missing.stderr.strip()) == (1, refusal)

        monkeypatch.setenv("NEWSBOT_CHROMA_TOKEN", "not-the-token")
        wrong = cli("stats")
        assert (wrong.exit_code, wrong.stderr.strip()) == (1, refusal)
        assert len(refused) == 2

        monkeypatch.setenv("NEWSBOT_CHROMA_TOKEN", TOKEN)
        ingest = cli("ingest", str(sample_dir), "--json")
        assert ingest.exit_code == 0, ingest.stderr
        answer = cli("ask", "who captured Saraqeb?", "--json").json()
        assert "seized Saraqeb" in answer["citations"][0]["quote"]

        # Chroma's other token header, and a header given as NAME=VALUE
        monkeypatch.setenv("NEWSBOT_CHROMA_TOKEN_HEADER", "X-Chroma-Token")
        assert cli("stats", "--json").json()["documents"] == 1
        monkeypatch.delenv("NEWSBOT_CHROMA_TOKEN")
        monkeypatch.setenv("NEWSBOT_CHROMA_HEADERS", f"X-Chroma-Token={TOKEN}, X-Team=news")
        assert cli("stats", "--json").json()["documents"] == 1
        monkeypatch.setenv("NEWSBOT_CHROMA_HEADERS", json.dumps({"Authorization": "Bearer x"}))
        assert cli("stats").exit_code == 1
        assert len(refused) == 3


@pytest.mark.skipif(shutil.which("openssl") is None, reason="needs openssl to make a certificate")
def test_tls_to_the_server(
    cli: Callable[..., Any],
    server_env: int,
    sample_dir: Path,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """HTTPS with a private CA (a self-signed certificate for 127.0.0.1), and the token."""
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    openssl = "openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj /CN=127.0.0.1"
    subprocess.run(
        [
            *openssl.split(),
            *("-addext", "subjectAltName=IP:127.0.0.1"),
            *("-keyout", str(key), "-out", str(cert)),
        ],
        check=True,
        capture_output=True,
    )
    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-tls")
    monkeypatch.setenv("NEWSBOT_CHROMA_TOKEN", TOKEN)
    with token_proxy(server_env, TOKEN, certfile=cert, keyfile=key) as (port, _):
        monkeypatch.setenv("NEWSBOT_CHROMA_PORT", str(port))
        plain = cli("stats")
        assert plain.exit_code == 1 and plain.stderr.startswith("error: cannot reach")
        assert len(plain.stderr.strip().splitlines()) == 1

        monkeypatch.setenv("NEWSBOT_CHROMA_SSL", "true")
        untrusted = cli("stats")  # the certificate is not in the usual CA bundle
        assert untrusted.exit_code == 1 and "CERTIFICATE_VERIFY_FAILED" in untrusted.stderr

        monkeypatch.setenv("NEWSBOT_CHROMA_CA_FILE", str(cert))
        ingest = cli("ingest", str(sample_dir), "--json")
        assert ingest.exit_code == 0, ingest.stderr
        assert cli("stats", "--json").json()["documents"] == 1


def test_a_running_bot_catches_up_with_another_workers_ingestion(
    cli: Callable[..., Any], server_env: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A bot that stays up sees what another worker process wrote, without being reopened."""
    from bot.services import Newsbot
    from bot.settings import Settings

    monkeypatch.setenv("NEWSBOT_COLLECTION", "server-mode-follow")
    monkeypatch.setenv("NEWSBOT_INDEX_SYNC_SECONDS", "0")  # look at the marker on every search
    report = tmp_path / "report.txt"
    report.write_text("Ferry news\nThe ferry leaves at nine from the north quay.", encoding="utf-8")
    assert cli("ingest", str(report), "--data-dir", str(tmp_path / "w1")).exit_code == 0
    qa = Newsbot(Settings(data_dir=tmp_path / "bot")).qa()
    assert qa.search("north quay")[0].keyword_rank == 1
    follower = qa.retriever.follower
    assert follower is not None

    report.write_text("Ferry news\nThe ferry leaves at ten from the south pier.", encoding="utf-8")
    added = tmp_path / "lighthouse.txt"
    added.write_text("Harbour news\nA lighthouse was lit on the harbour wall.", encoding="utf-8")
    worker = subprocess.run(
        [sys.executable, "-m", "bot", "ingest", str(report), str(added), "--json"],
        env={**os.environ, "NEWSBOT_DATA_DIR": str(tmp_path / "w1")},
        cwd=Path(__file__).resolve().parent.parent,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert worker.returncode == 0, worker.stderr
    assert json.loads(worker.stdout)["added"] == 1

    qa.search("lighthouse")  # sees the marker moved: the index catches up in the background
    follower.join(timeout=120)
    assert qa.retriever.index.search("north quay", k=5) == []
    (hit,) = qa.search("lighthouse harbour wall", top_k=1)
    assert hit.keyword_rank == 1 and "lighthouse" in hit.passage.text
    # Its vector was copied in the catch-up and is searched before the vector index takes it in.
    assert qa.retriever.ann.ready() and hit.dense_rank == 1
    assert qa.search("south pier", top_k=1)[0].keyword_rank == 1
