"""Embedding backends compared: torch fp32, ONNX fp32 and ONNX int8 on the bundled model.

For each backend, on this machine and in one run:
- speed: passages per second encoding the dev corpus's passages (the very texts ingestion
  embeds: title, outlet and date before the passage), warm, best of `--repeat`; and the p50
  latency of encoding one question, which is what `ask` pays;
- agreement: mean and minimum cosine between its vectors and torch's for the same passages;
- retrieval: hits@10 and MRR@10 of `newsbot eval` on the multihop dev set, with the store built
  and queried by that backend.
The ONNX exports are made from the bundled weights on first use (see vectorstore/onnx_encoder.py)
into a temporary directory, so the conversion time is printed as well.

    .venv/bin/python benchmarks/encoder_backends.py [--json] [--repeat 3] [--skip-quality]
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np
from sample_data import DEV_CORPUS, DEV_QUESTIONS, REPO

sys.path.insert(0, str(REPO))

from bot.evaluation import evaluate, load_qa_set
from bot.services import Newsbot
from bot.settings import Settings
from vectorstore.embeddings import BACKENDS, Embedder

TARGET_SPEEDUP = 2.5
TARGET_HITS_DROP = 0.01


def dev_passages(workdir: Path) -> list[str]:
    """Ingest the dev corpus once (torch) and read back exactly what ingestion embedded."""
    bot = Newsbot(Settings(data_dir=workdir / "torch"))
    bot.ingestor().ingest(DEV_CORPUS)
    return [p.contextual_text() for p in bot.store().iter_passages()]


def speed(embedder: Embedder, passages: list[str], questions: list[str], repeat: int) -> dict:
    started = time.perf_counter()
    embedder.load()
    load_s = time.perf_counter() - started
    embedder.encode_passages(passages[:64])  # warm-up
    best = float("inf")
    vectors = np.zeros(0)
    for _ in range(repeat):
        started = time.perf_counter()
        vectors = embedder.encode_passages(passages)
        best = min(best, time.perf_counter() - started)
    query_ms = []
    for question in questions:
        started = time.perf_counter()
        embedder.encode_query(question)
        query_ms.append((time.perf_counter() - started) * 1000)
    return {
        "load_s": round(load_s, 2),
        "passages_per_s": round(len(passages) / best, 1),
        "query_ms_p50": round(statistics.median(query_ms), 2),
        "vectors": vectors,
    }


def quality(backend: str, workdir: Path) -> dict[str, Any]:
    bot = Newsbot(Settings(data_dir=workdir / backend, embedding_backend=backend))
    bot.ingestor().ingest(DEV_CORPUS)
    metrics = evaluate(bot.qa(), load_qa_set(DEV_QUESTIONS)).metrics()
    return {"hits@10": metrics["hits@10"], "mrr@10": metrics["mrr@10"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per backend")
    parser.add_argument("--skip-quality", action="store_true", help="speed and agreement only")
    args = parser.parse_args()
    questions = [item.question for item in load_qa_set(DEV_QUESTIONS)]
    results: dict[str, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        passages = dev_passages(work)
        reference = None
        for backend in BACKENDS:
            embedder = Embedder(backend=backend, cache_dir=work / "models")
            row = speed(embedder, passages, questions, args.repeat)
            vectors = row.pop("vectors")
            if reference is None:
                reference = vectors
            cosines = (vectors * reference).sum(axis=1)
            row["cosine_mean"] = round(float(cosines.mean()), 4)
            row["cosine_min"] = round(float(cosines.min()), 4)
            if not args.skip_quality:
                row.update(quality(backend, work))
            results[backend] = row
    torch_row = results["torch"]
    for row in results.values():
        row["speedup"] = round(row["passages_per_s"] / torch_row["passages_per_s"], 2)
        if "hits@10" in row:
            row["hits@10_change"] = round(row["hits@10"] - torch_row["hits@10"], 4)
            row["meets_targets"] = (
                row["speedup"] >= TARGET_SPEEDUP and row["hits@10_change"] >= -TARGET_HITS_DROP
            )
    summary = {"passages": len(passages), "questions": len(questions), "backends": results}
    if args.json:
        print(json.dumps(summary))
        return
    print(f"{len(passages)} dev-corpus passages, {len(questions)} questions, this machine")
    columns = [
        ("load_s", "load s"),
        ("passages_per_s", "passages/s"),
        ("speedup", "speedup"),
        ("query_ms_p50", "query ms p50"),
        ("cosine_mean", "cos mean"),
        ("cosine_min", "cos min"),
        ("hits@10", "hits@10"),
        ("hits@10_change", "Δ hits@10"),
        ("mrr@10", "MRR@10"),
    ]
    print(f"{'backend':11}" + "".join(f"{title:>13}" for _, title in columns))
    for backend, row in results.items():
        cells = [row.get(key, "-") for key, _ in columns]
        print(f"{backend:11}" + "".join(f"{cell!s:>13}" for cell in cells))
    print(
        f"targets for a default: speedup >= {TARGET_SPEEDUP}, hits@10 within "
        f"{TARGET_HITS_DROP:.2f} of torch (load s includes the one-time ONNX conversion)"
    )


if __name__ == "__main__":
    main()
