"""Telegram load: N chats each asking M questions through a Bot API server on 127.0.0.1.

The real `newsbot telegram` application long-polls a local server that speaks the Bot API
(tests/fake_telegram.py, which also rejects anything Telegram would). Each chat asks its next
question when the previous answer arrives, like a person; all chats run at once. Prints replies
lost (a question with no answer within --timeout seconds), rejected messages, and reply latency
(question pushed -> answer sent) p50/p95/max.

    .venv/bin/python benchmarks/telegram_load.py [--chats 50] [--questions 20] [--json]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from sample_data import OWN_CORPUS, OWN_QUESTIONS, REPO

sys.path.insert(0, str(REPO))

from bot.evaluation import load_qa_set
from bot.services import Newsbot
from bot.settings import Settings
from bot.telegram import build_application
from tests.fake_telegram import TOKEN, FakeTelegram, message_update


def serve_bot(settings: Settings, ready: threading.Event, stop: threading.Event) -> None:
    async def main() -> None:
        application = build_application(settings)
        await application.initialize()
        await application.start()
        assert application.updater is not None
        await application.updater.start_polling(poll_interval=0.0, timeout=1)
        ready.set()
        while not stop.is_set():
            await asyncio.sleep(0.1)
        await application.updater.stop()
        await application.stop()
        await application.shutdown()

    asyncio.run(main())


def chat(
    server: FakeTelegram,
    chat_id: int,
    questions: list[str],
    timeout: float,
    latencies: list[float],
    lost: list[int],
) -> None:
    for number, question in enumerate(questions, start=1):
        started = time.perf_counter()
        server.push(message_update(chat_id, chat_id, question))
        try:
            server.wait_for(chat_id, number, timeout=timeout)
        except AssertionError:
            lost.append(chat_id)
            return
        latencies.append((time.perf_counter() - started) * 1000)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--chats", type=int, default=50)
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--timeout", type=float, default=120.0)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()

    pool = [item.question for item in load_qa_set(OWN_QUESTIONS)]
    with tempfile.TemporaryDirectory() as tmp:
        data_dir = Path(tmp) / "data"
        Newsbot(Settings(data_dir=data_dir)).ingestor().ingest(OWN_CORPUS)
        server = FakeTelegram().start()
        settings = Settings(
            data_dir=data_dir,
            telegram_bot_token=TOKEN,
            telegram_api_url=server.base_url,
            telegram_rate_limit=1000,
        )
        ready, stop = threading.Event(), threading.Event()
        bot = threading.Thread(target=serve_bot, args=(settings, ready, stop))
        bot.start()
        ready.wait(120)
        latencies: list[float] = []
        lost: list[int] = []
        started = time.perf_counter()
        clients = [
            threading.Thread(
                target=chat,
                args=(
                    server,
                    10_000 + c,
                    [pool[(c * args.questions + q) % len(pool)] for q in range(args.questions)],
                    args.timeout,
                    latencies,
                    lost,
                ),
            )
            for c in range(args.chats)
        ]
        for client in clients:
            client.start()
        for client in clients:
            client.join()
        elapsed = time.perf_counter() - started
        stop.set()
        bot.join(60)
        server.stop()

    ordered = sorted(latencies)
    result = {
        "chats": args.chats,
        "questions_per_chat": args.questions,
        "questions": args.chats * args.questions,
        "replies": len(latencies),
        "replies_lost": args.chats * args.questions - len(latencies),
        "rejected_by_api": len(server.rejected),
        "latency_ms_p50": round(statistics.median(ordered), 1) if ordered else None,
        "latency_ms_p95": round(ordered[int(0.95 * (len(ordered) - 1))], 1) if ordered else None,
        "latency_ms_max": round(ordered[-1], 1) if ordered else None,
        "throughput_per_s": round(len(latencies) / elapsed, 2),
        "elapsed_s": round(elapsed, 1),
    }
    if args.json:
        print(json.dumps(result))
        return
    for key, value in result.items():
        print(f"{key:22} {value}")


if __name__ == "__main__":
    main()
