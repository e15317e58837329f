"""Embedding backends compared: torch fp32, ONNX fp32 and ONNX int8 on the bundled model.

For each backend, on this machine and in one run:
- speed: passages per second encoding the dev corpus's passages (the very texts ingestion
  embeds: title, outlet and date before the passage), warm, best of `--repeat`, the backends
  taking turns in every round so that load from other processes falls on all of them alike;
  and the p50 latency of encoding one question, which is what `ask` pays;
- agreement: mean and minimum cosine between its vectors and torch's for the same passages;
- retrieval: hits@10 and MRR@10 of `newsbot eval` on the multihop dev set, with the store built
  and queried by that backend; and one mixed row, a store built with torch queried with
  onnx-int8 (a store ingested before int8 became the default, answered by today's default).
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

from sample_data import DEV_CORPUS, DEV_QUESTIONS, REPO

sys.path.insert(0, str(REPO))

from bot.evaluation import evaluate, load_qa_set
from bot.services import Newsbot
from bot.settings import Settings
from vectorstore.embeddings import BACKENDS, Embedder

DEFAULT: str = Settings.model_fields["embedding_backend"].default
TARGET_SPEEDUP = 2.5
TARGET_HITS_DROP = 0.01


def dev_passages(workdir: Path) -> list[str]:
    """Ingest the dev corpus once (torch) and read back exactly what ingestion embedded."""
    bot = Newsbot(Settings(data_dir=workdir / "torch", embedding_backend="torch"))
    bot.ingestor().ingest(DEV_CORPUS)
    return [p.contextual_text() for p in bot.store().iter_passages()]


def speed(
    embedders: dict[str, Embedder], passages: list[str], questions: list[str], repeat: int
) -> dict[str, dict[str, Any]]:
    rows: dict[str, dict[str, Any]] = {}
    for backend, embedder in embedders.items():
        started = time.perf_counter()
        embedder.load()
        rows[backend] = {"load_s": round(time.perf_counter() - started, 2), "best": float("inf")}
        embedder.encode_passages(passages[:64])  # warm-up
    for _ in range(repeat):  # rounds: every backend once per round
        for backend, embedder in embedders.items():
            started = time.perf_counter()
            rows[backend]["vectors"] = embedder.encode_passages(passages)
            rows[backend]["best"] = min(rows[backend]["best"], time.perf_counter() - started)
    for backend, embedder in embedders.items():
        query_ms = []
        for question in questions:
            started = time.perf_counter()
            embedder.encode_query(question)
            query_ms.append((time.perf_counter() - started) * 1000)
        row = rows[backend]
        row["passages_per_s"] = round(len(passages) / row.pop("best"), 1)
        row["query_ms_p50"] = round(statistics.median(query_ms), 2)
    return rows


def quality(backend: str, workdir: Path, *, store_backend: str | None = None) -> dict[str, Any]:
    """Retrieval on the dev set, answering with `backend` from a store built by `store_backend`
    (the same backend unless given)."""
    data_dir = workdir / (store_backend or backend)
    cache = workdir / "models"
    if store_backend is None:
        builder = Newsbot(Settings(data_dir=data_dir, embedding_backend=backend, model_cache=cache))
        builder.ingestor().ingest(DEV_CORPUS)
    bot = Newsbot(Settings(data_dir=data_dir, embedding_backend=backend, model_cache=cache))
    metrics = evaluate(bot.qa(), load_qa_set(DEV_QUESTIONS)).metrics()
    return {"hits@10": metrics["hits@10"], "mrr@10": metrics["mrr@10"]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--repeat", type=int, default=3, help="timed passes per backend")
    parser.add_argument("--skip-quality", action="store_true", help="speed and agreement only")
    args = parser.parse_args()
    questions = [item.question for item in load_qa_set(DEV_QUESTIONS)]
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        passages = dev_passages(work)
        embedders = {
            backend: Embedder(backend=backend, cache_dir=work / "models") for backend in BACKENDS
        }
        results = speed(embedders, passages, questions, args.repeat)
        reference = results["torch"]["vectors"]
        for backend in BACKENDS:
            row = results[backend]
            cosines = (row.pop("vectors") * reference).sum(axis=1)
            row["cosine_mean"] = round(float(cosines.mean()), 4)
            row["cosine_min"] = round(float(cosines.min()), 4)
            if not args.skip_quality:
                row.update(quality(backend, work))
        if not args.skip_quality:
            mixed = quality(DEFAULT, work, store_backend="torch")
            results[f"torch + {DEFAULT} queries"] = mixed
    torch_row = results["torch"]
    for row in results.values():
        if "passages_per_s" not in row:  # the mixed row: quality only
            row["hits@10_change"] = round(row["hits@10"] - torch_row["hits@10"], 4)
            continue
        row["speedup"] = round(row["passages_per_s"] / torch_row["passages_per_s"], 2)
        if "hits@10" in row:
            row["hits@10_change"] = round(row["hits@10"] - torch_row["hits@10"], 4)
            row["meets_targets"] = (
                row["speedup"] >= TARGET_SPEEDUP and row["hits@10_change"] >= -TARGET_HITS_DROP
            )
    summary = {
        "passages": len(passages),
        "questions": len(questions),
        "default": DEFAULT,
        "backends": results,
    }
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
    print(f"{'backend':28}" + "".join(f"{title:>13}" for _, title in columns))
    for backend, row in results.items():
        cells = [row.get(key, "-") for key, _ in columns]
        name = f"{backend} (default)" if backend == DEFAULT else backend
        print(f"{name:28}" + "".join(f"{cell!s:>13}" for cell in cells))
    print(
        f"targets for a default: speedup >= {TARGET_SPEEDUP}, hits@10 within "
        f"{TARGET_HITS_DROP:.2f} of torch (load s includes the one-time ONNX conversion)"
    )


if __name__ == "__main__":
    main()
