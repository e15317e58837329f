"""Cold start: wall time of `newsbot` commands as fresh processes, as a user types them.

Each command runs `--runs` times (median shown) against a store holding the Aleppo sample,
after one untimed run so the OS file cache is warm (a first run after boot is slower still);
the commands take turns in every round, so load from other processes falls on all alike:
- `--help` and a usage error, which must not import torch or Chroma;
- `ask` on an empty data directory, a clear error;
- `stats`, which opens Chroma but never the model;
- `ask`, the whole path: imports, model load, store open, retrieval and answer, on the default
  backend and on torch; the default's ratio to `stats` is printed against its target (3x).
Before those, once each: `ingest` into a first data directory with an empty model cache (it
converts the model) and into a second one sharing that cache (it must not convert again).

    .venv/bin/python benchmarks/cold_start.py [--runs 3] [--json]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
NEWSBOT = [sys.executable, "-m", "bot"]
QUESTION = "Who captured Saraqeb?"
sys.path.insert(0, str(REPO))

from bot.settings import Settings  # noqa: E402

DEFAULT: str = Settings.model_fields["embedding_backend"].default
TARGET_ASK_OVER_STATS = 3.0


def once(args: list[str], env: dict[str, str]) -> tuple[float, subprocess.CompletedProcess[str]]:
    started = time.perf_counter()
    done = subprocess.run(NEWSBOT + args, env=env, capture_output=True, text=True, cwd=REPO)
    return time.perf_counter() - started, done


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {
            **os.environ,
            "NEWSBOT_DATA_DIR": str(data),
            "NEWSBOT_MODEL_CACHE": str(Path(tmp) / "models"),
            "HF_HUB_OFFLINE": "1",
        }
        env.pop("NEWSBOT_EMBEDDING_BACKEND", None)  # the default, unless a case sets it
        samples = str(REPO / "samples/articles")
        first_s, first = once(["ingest", samples], env)
        second_env = {**env, "NEWSBOT_DATA_DIR": str(Path(tmp) / "data2")}
        second_s, second = once(["ingest", samples], second_env)
        if first.returncode or second.returncode:
            raise SystemExit(f"ingest failed: {first.stderr}{second.stderr}")
        once_rows = {
            "newsbot ingest, first data dir (converts)": (first_s, first),
            "newsbot ingest, second data dir (shared cache)": (second_s, second),
        }
        empty = {**env, "NEWSBOT_DATA_DIR": str(Path(tmp) / "empty")}
        cases = {
            "newsbot --help": (["--help"], env),
            "newsbot ask (no question: usage error)": (["ask"], env),
            "newsbot ask (empty data dir: error)": (["ask", QUESTION], empty),
            "newsbot stats": (["stats"], env),
            f"newsbot ask, default backend ({DEFAULT})": (["ask", QUESTION], env),
            "newsbot ask, backend torch": (
                ["ask", QUESTION],
                {**env, "NEWSBOT_EMBEDDING_BACKEND": "torch"},
            ),
        }
        for argv, environment in cases.values():
            once(argv, environment)  # warm the file cache
        times: dict[str, list[float]] = {name: [] for name in cases}
        codes: dict[str, int] = {}
        for _ in range(args.runs):
            for name, (argv, environment) in cases.items():
                seconds, done = once(argv, environment)
                times[name].append(seconds)
                codes[name] = done.returncode
        results: dict[str, dict[str, object]] = {
            name: {
                "seconds": round(seconds, 2),
                "exit_code": done.returncode,
                "converted": "Converting" in done.stderr,
            }
            for name, (seconds, done) in once_rows.items()
        }
        ask_s = statistics.median(times[f"newsbot ask, default backend ({DEFAULT})"])
        stats_s = statistics.median(times["newsbot stats"])
        for name in cases:
            results[name] = {
                "seconds": round(statistics.median(times[name]), 2),
                "exit_code": codes[name],
            }
    ratio = {"ask_over_stats": round(ask_s / stats_s, 2), "target": TARGET_ASK_OVER_STATS}
    if args.json:
        print(json.dumps({"commands": results, **ratio}))
        return
    print(
        f"{'command (fresh process, median of ' + str(args.runs) + ')':50}{'seconds':>9}{'exit':>6}"
    )
    for name, row in results.items():
        note = "  (converted the model)" if row.get("converted") else ""
        print(f"{name:50}{row['seconds']:>9.2f}{row['exit_code']:>6}{note}")
    print(
        f"cold ask ({DEFAULT}) / cold stats: {ratio['ask_over_stats']}x "
        f"(target <= {TARGET_ASK_OVER_STATS}x)"
    )


if __name__ == "__main__":
    main()
