"""Cold start: wall time of `newsbot` commands as fresh processes, as a user types them.

Each command runs `--runs` times (median shown) against a store holding the Aleppo sample,
after one untimed run so the OS file cache is warm (a first run after boot is slower still):
- `--help` and a usage error, which must not import torch or Chroma;
- `ask` on an empty data directory, a clear error;
- `stats`, which opens Chroma but never the model;
- `ask`, the whole path: imports, model load, store open, retrieval and answer, per backend.

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


def timed(args: list[str], env: dict[str, str], runs: int) -> tuple[float, int]:
    subprocess.run(NEWSBOT + args, env=env, capture_output=True, cwd=REPO)  # warm the file cache
    times, code = [], 0
    for _ in range(runs):
        started = time.perf_counter()
        code = subprocess.run(NEWSBOT + args, env=env, capture_output=True, cwd=REPO).returncode
        times.append(time.perf_counter() - started)
    return statistics.median(times), code


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        env = {**os.environ, "NEWSBOT_DATA_DIR": str(data), "HF_HUB_OFFLINE": "1"}
        subprocess.run(
            [*NEWSBOT, "ingest", str(REPO / "samples/articles")], env=env, check=True, cwd=REPO
        )
        empty = {**env, "NEWSBOT_DATA_DIR": str(Path(tmp) / "empty")}
        cases = {
            "newsbot --help": (["--help"], env),
            "newsbot ask (no question: usage error)": (["ask"], env),
            "newsbot ask (empty data dir: error)": (["ask", QUESTION], empty),
            "newsbot stats": (["stats"], env),
        }
        for backend in ("torch", "onnx-int8"):
            cases[f"newsbot ask, backend {backend}"] = (
                ["ask", QUESTION],
                {**env, "NEWSBOT_EMBEDDING_BACKEND": backend},
            )
        results = {}
        for name, (argv, environment) in cases.items():
            seconds, code = timed(argv, environment, args.runs)
            results[name] = {"seconds": round(seconds, 2), "exit_code": code}
    if args.json:
        print(json.dumps(results))
        return
    print(
        f"{'command (fresh process, median of ' + str(args.runs) + ')':48}{'seconds':>9}{'exit':>6}"
    )
    for name, row in results.items():
        print(f"{name:48}{row['seconds']:>9.2f}{row['exit_code']:>6}")


if __name__ == "__main__":
    main()
