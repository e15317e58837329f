"""Ingestion throughput: `newsbot ingest` end to end against the encoder alone, same passages.

One run, one process, one loaded model:
1. `newsbot ingest CORPUS --json` runs through the real CLI (typer app, in-process, so the
   model loaded once is shared) into an empty data directory: discovery, parsing, splitting,
   hashing, embedding, Chroma and keyword-index writes, all timed together;
2. the passages it stored are read back, and the encoder alone embeds exactly those texts
   (title, outlet and date before each passage, as ingestion embeds them) with the same
   embedder and batch size, and then the passages' distinct sentences and headlines, which
   ingestion stores for answers (`NEWSBOT_INGEST_SENTENCE_VECTORS`, on by default);
3. the same ingestion without the sentences' vectors, for what storing them costs.
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
from vectorstore.sentence_vectors import texts_of

TARGET_RATIO = 0.9


def ingest(
    corpus: list[str], data_dir: Path, *, sentences: bool = True
) -> tuple[float, dict[str, int]]:
    os.environ["NEWSBOT_DATA_DIR"] = str(data_dir)
    os.environ["NEWSBOT_INGEST_SENTENCE_VECTORS"] = str(sentences).lower()
    started = time.perf_counter()
    result = CliRunner().invoke(app, ["ingest", *corpus, "--json"])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        sys.exit(f"ingest failed: {result.stderr or result.stdout}")
    return elapsed, json.loads(result.stdout)


def one_round(
    corpus: list[str], texts: list[str], sentences: list[str], data_dir: Path
) -> dict[str, float]:
    """Encoder alone, ingestion, ingestion without sentences, encoder alone again: drift in
    speed hits every side alike."""
    embedder = Newsbot(Settings()).embedder

    def encode() -> None:
        embedder.encode_passages(texts)
        embedder.encode_passages(sentences)

    started = time.perf_counter()
    encode()
    ingest_s, summary = ingest(corpus, data_dir)
    bare_s, _ = ingest(corpus, data_dir.with_name(data_dir.name + "-bare"), sentences=False)
    encode()
    encode_s = (time.perf_counter() - started - ingest_s - bare_s) / 2
    passages = summary["passages"]
    return {
        "articles": summary["added"],
        "passages": passages,
        "sentences": len(sentences),
        "ingest_s": round(ingest_s, 2),
        "ingest_passages_per_s": round(passages / ingest_s, 1),
        "encode_s": round(encode_s, 2),
        "encode_passages_per_s": round(len(texts) / encode_s, 1),
        "ratio": round(encode_s / ingest_s * passages / len(texts), 3),
        "ingest_without_sentences_s": round(bare_s, 2),
        "sentences_cost": round(ingest_s / bare_s, 2),
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
        passages = list(newsbot.store().iter_passages())
        texts = [p.contextual_text() for p in passages]
        sentences = sorted({t for p in passages for t in texts_of(p)}, key=len)
        for number in range(args.rounds):
            rounds.append(one_round(corpus, texts, sentences, Path(tmp) / f"data-{number}"))
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
    print(
        f"without the {figures['sentences']} sentences' vectors: "
        f"{figures['ingest_without_sentences_s']:.2f} s (storing them costs "
        f"{figures['sentences_cost']}x)"
    )


if __name__ == "__main__":
    main()
