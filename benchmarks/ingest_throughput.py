"""Ingestion throughput: `newsbot ingest` end to end against the encoder alone, same passages.

One run, one process, one loaded model:
1. `newsbot ingest CORPUS --json` runs through the real CLI (typer app, in-process, so the
   model loaded once is shared) into an empty data directory: discovery, parsing, splitting,
   hashing, embedding, Chroma and keyword-index writes, all timed together;
2. the passages it stored are read back, and the encoder alone embeds exactly those texts
   (title, outlet and date before each passage, as ingestion embeds them) with the same
   embedder and batch size.
The ratio of the two rates is the share of ingestion time that is the model's; the rest is
newsbot's own overhead. Target: >= 0.9. An untimed first ingestion keeps one-time costs
(loading the model, importing Chroma) out of both figures; `benchmarks/cold_start.py` has them.

    .venv/bin/python benchmarks/ingest_throughput.py [--json] [--backend torch] [CORPUS...]

Default corpus: the multihop dev corpus, the own QA set's articles and the Aleppo sample.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from sample_data import ALL_CORPORA, REPO

sys.path.insert(0, str(REPO))

from typer.testing import CliRunner

from bot.cli import app
from bot.services import Newsbot
from bot.settings import Settings

TARGET_RATIO = 0.9


def ingest(corpus: list[str], data_dir: Path) -> tuple[float, dict[str, int]]:
    os.environ["NEWSBOT_DATA_DIR"] = str(data_dir)
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["ingest", *corpus, "--json"])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(f"ingest failed: {result.stderr or result.stdout}")
    return elapsed, json.loads(result.stdout)


def one_round(corpus: list[str], texts: list[str], data_dir: Path) -> dict[str, float]:
    """Encoder alone, ingestion, encoder alone again: drift in speed hits both sides alike."""
    embedder = Newsbot(Settings()).embedder
    started = time.perf_counter()
    embedder.encode_passages(texts)
    ingest_s, summary = ingest(corpus, data_dir)
    embedder.encode_passages(texts)
    encode_s = (time.perf_counter() - started - ingest_s) / 2
    passages = summary["passages"]
    return {
        "articles": summary["added"],
        "passages": passages,
        "ingest_s": round(ingest_s, 2),
        "ingest_passages_per_s": round(passages / ingest_s, 1),
        "encode_s": round(encode_s, 2),
        "encode_passages_per_s": round(len(texts) / encode_s, 1),
        "ratio": round(encode_s / ingest_s * passages / len(texts), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="*", type=Path, help="files or folders to ingest")
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--backend",
        default=Settings.model_fields["embedding_backend"].default,
        choices=["torch", "onnx", "onnx-int8"],
    )
    parser.add_argument("--rounds", type=int, default=3, help="fresh ingestions to time")
    args = parser.parse_args()
    corpus = [str(p) for p in (args.corpus or ALL_CORPORA)]

    rounds = []
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["NEWSBOT_EMBEDDING_BACKEND"] = args.backend
        # An untimed first ingestion loads the model, imports Chroma (one-time costs, about
        # 5 s on a cold process) and yields the exact texts ingestion embeds.
        ingest(corpus, Path(tmp) / "reference")
        newsbot = Newsbot(Settings())
        texts = [p.contextual_text() for p in newsbot.store().iter_passages()]
        for number in range(args.rounds):
            rounds.append(one_round(corpus, texts, Path(tmp) / f"data-{number}"))
    # The machine's speed drifts by 10-20% between minutes; the median round is the figure.
    rounds.sort(key=lambda r: r["ratio"])
    figures = {
        **rounds[len(rounds) // 2],
        "backend": args.backend,
        "ratios": [r["ratio"] for r in rounds],
        "target_ratio": TARGET_RATIO,
    }
    if args.json:
        print(json.dumps(figures))
        return
    print(f"{figures['articles']} articles, {figures['passages']} passages, backend {args.backend}")
    print(f"{'':24}{'seconds':>10}{'passages/s':>12}   (median round of {args.rounds})")
    for label, key in (("newsbot ingest", "ingest"), ("encoder alone", "encode")):
        print(f"{label:24}{figures[key + '_s']:>10.2f}{figures[key + '_passages_per_s']:>12}")
    print(f"ratio {figures['ratio']:.3f} (target >= {TARGET_RATIO}); rounds: {figures['ratios']}")


if __name__ == "__main__":
    main()
