"""Retrieval quality: newsbot beside a naive LangChain pipeline, same corpus, same questions.

The naive pipeline is what a LangChain tutorial builds: RecursiveCharacterTextSplitter(1000,
200), HuggingFaceEmbeddings with the same bundled all-MiniLM-L6-v2, a langchain-chroma store
and `similarity_search(k=10)`. Both read the very same article texts (newsbot's loaders).
Evidence counts as found when a retrieved chunk contains it (see bot/evaluation.py).

    scripts/bootstrap dev,bench
    .venv/bin/python benchmarks/quality.py            # both bundled QA sets
    .venv/bin/python benchmarks/quality.py --json
    .venv/bin/python benchmarks/quality.py --set CORPUS QUESTIONS   # any other set
    .venv/bin/python benchmarks/quality.py --ablate   # what each answering rule is worth

`--ablate` answers each set again with one rule turned off at a time and prints how the answer
metrics move: a rule whose removal changes nothing on any held-out set is a candidate for
removal (docs/evaluation.md).

Without the `bench` extra (langchain-*), only newsbot's column is measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

from sample_data import (
    DEV_CORPUS,
    DEV_QUESTIONS,
    OWN_CORPUS,
    OWN_QUESTIONS,
    REPO,
    TUNE_CORPUS,
    TUNE_QUESTIONS,
    VALIDATION_CORPUS,
    VALIDATION_QUESTIONS,
)

sys.path.insert(0, str(REPO))

from bot.answering.rules import RULES
from bot.evaluation import EvalReport, ItemResult, QAItem, evaluate, evidence_rank, load_qa_set
from bot.services import Newsbot
from bot.settings import Settings
from ingest.articles import Article
from ingest.loaders import discover, load_file
from vectorstore.embeddings import resolve_model

SETS = {
    "multihop-dev": (DEV_CORPUS, DEV_QUESTIONS),
    "newsqa (own)": (OWN_CORPUS, OWN_QUESTIONS),
    "longform-tune": (TUNE_CORPUS, TUNE_QUESTIONS),
    "longform (validation)": (VALIDATION_CORPUS, VALIDATION_QUESTIONS),
}
# Rules that can be turned off: every refusal, lead and follow-up rule of the extractive answerer.
ABLATABLE = sorted(
    rule
    for rule in RULES
    if rule.split(".")[0] in {"refuse", "lead", "followup", "premise"}
    and rule not in {"refuse.llm", "refuse.nothing-retrieved", "lead.none", "lead.order"}
    and rule != "followup.carry-over"
)
ABLATION_METRICS = [
    "lead_accuracy",
    "wrong_answer_rate",
    "answerable_refused",
    "refusal_recall",
    "stated_wrong",
]


def articles(sources: list[Path]) -> list[Article]:
    found = discover(sources)
    return [a for path in found.files for a in load_file(path) if isinstance(a, Article)]


# Answer-level metrics, in the order printed: the naive pipeline only retrieves, so it has none.
ANSWER_ROWS = [
    "lead_accuracy",
    "answer_accuracy",
    "wrong_answer_rate",
    "answerable_refused",
    "false_refusals",
    "missed_refusals",
    "refusal_precision",
    "refusal_recall",
    "stated_leads",
    "stated_wrong",
    "stated_precision",
]
ANSWER_METRICS = frozenset(ANSWER_ROWS)
ROWS = ["hits@4", "hits@10", "mrr@10", *ANSWER_ROWS, "latency_ms_p50", "latency_ms_p95"]


def has_langchain() -> bool:
    """Whether the `bench` extra is installed (the naive pipeline needs it)."""
    try:
        import langchain_chroma  # noqa: F401
        import langchain_huggingface  # noqa: F401
        import langchain_text_splitters  # noqa: F401
    except ImportError:
        return False
    return True


def naive_langchain(corpus: list[Article], items: list[QAItem], workdir: Path) -> EvalReport:
    from langchain_chroma import Chroma
    from langchain_core.documents import Document
    from langchain_huggingface import HuggingFaceEmbeddings
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)
    documents = splitter.split_documents(
        [Document(page_content=a.text, metadata={"doc_id": a.doc_id}) for a in corpus]
    )
    _, model_path = resolve_model(None)
    embeddings = HuggingFaceEmbeddings(model_name=model_path)
    store = Chroma.from_documents(
        documents, embeddings, persist_directory=str(workdir / "langchain-chroma")
    )
    report = EvalReport()
    for item in items:
        if not item.answerable:
            continue
        started = time.perf_counter()
        found = store.similarity_search(item.question, k=10)
        latency = (time.perf_counter() - started) * 1000
        texts = [d.page_content for d in found]
        report.results.append(
            ItemResult(
                item=item,
                evidence_ranks=tuple(evidence_rank(e, texts) for e in item.evidence),
                refused=False,
                correct=None,
                latency_ms=latency,
            )
        )
    return report


def newsbot(sources: list[Path], items: list[QAItem], workdir: Path) -> EvalReport:
    bot = Newsbot(Settings(data_dir=workdir / "newsbot"))
    bot.ingestor().ingest(sources)
    return evaluate(bot.qa(), items)


def ablation(
    sources: list[Path], items: list[QAItem], workdir: Path, rules: list[str]
) -> dict[str, dict[str, float | None]]:
    """Each rule's worth: the answer metrics with it turned off, minus those with it on."""
    bot = Newsbot(Settings(data_dir=workdir / "newsbot"))
    bot.ingestor().ingest(sources)
    qa = bot.qa()
    full = evaluate(qa, items).metrics()
    worth: dict[str, dict[str, float | None]] = {}
    for rule in rules:
        qa.answerer.disabled_rules = frozenset({rule})
        without = evaluate(qa, items).metrics()
        worth[rule] = {
            metric: None
            if full.get(metric) is None or without.get(metric) is None
            else round(full[metric] - without[metric], 4)
            for metric in ABLATION_METRICS
        }
    qa.answerer.disabled_rules = frozenset()
    return worth


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument(
        "--set",
        nargs=2,
        metavar=("CORPUS", "QUESTIONS"),
        action="append",
        help="a corpus (file or folder) and its QA set; repeatable",
    )
    parser.add_argument("--limit", type=int, metavar="N", help="only the first N questions")
    parser.add_argument(
        "--ablate",
        nargs="*",
        metavar="RULE",
        help="turn each rule (default: every answering rule) off in turn and print its worth",
    )
    args = parser.parse_args()
    sets = (
        {f"{Path(q).parent.name}/{Path(q).stem}": ([Path(c)], Path(q)) for c, q in args.set}
        if args.set
        else SETS
    )
    sets = {name: (sources, q) for name, (sources, q) in sets.items() if q.exists()}
    if args.ablate is not None:
        print_ablation(sets, args.ablate or ABLATABLE, args.limit, as_json=args.json)
        return
    naive_too = has_langchain()
    if not naive_too:
        print("langchain-* not installed (the bench extra): newsbot only", file=sys.stderr)
    results: dict[str, dict[str, dict]] = {}
    for name, (sources, questions) in sets.items():
        items = load_qa_set(questions)[: args.limit]
        with tempfile.TemporaryDirectory() as tmp:
            work = Path(tmp)
            ours = newsbot(sources, items, work).metrics()
            naive = naive_langchain(articles(sources), items, work).metrics() if naive_too else {}
        results[name] = {"newsbot": ours, "langchain_naive": naive}
    if args.json:
        print(json.dumps(results))
        return
    for name, pair in results.items():
        print(
            f"\n{name}: {pair['newsbot']['questions']} questions "
            f"({pair['newsbot']['answerable']} answerable)"
        )
        print(f"  {'metric':22}{'newsbot':>10}{'naive LangChain':>18}")
        for row in ROWS:
            shown = [_shown(pair["newsbot"].get(row)), _shown(pair["langchain_naive"].get(row))]
            if row in ANSWER_METRICS:
                shown[1] = "n/a"
            print(f"  {row:22}{shown[0]:>10}{shown[1]:>18}")
    print("\nlatency: newsbot = full `ask` (retrieve + answer); LangChain = similarity_search only")


def print_ablation(
    sets: dict[str, tuple[list[Path], Path]], rules: list[str], limit: int | None, *, as_json: bool
) -> None:
    """What each rule adds to each set's answer metrics (positive: the rule helps, except for
    wrong answers and false refusals, where a negative difference is the help)."""
    unknown = [r for r in rules if r not in RULES]
    if unknown:
        raise SystemExit(f"unknown rules: {', '.join(unknown)}")
    results = {}
    for name, (sources, questions) in sets.items():
        with tempfile.TemporaryDirectory() as tmp:
            items = load_qa_set(questions)[:limit]
            results[name] = ablation(sources, items, Path(tmp), rules)
    if as_json:
        print(json.dumps(results))
        return
    for name, worth in results.items():
        print(f"\n{name}: metric with the rule minus metric without it")
        print(f"  {'rule':26}" + "".join(f"{m:>20}" for m in ABLATION_METRICS))
        for rule, deltas in worth.items():
            print(f"  {rule:26}" + "".join(f"{_signed(deltas[m]):>20}" for m in ABLATION_METRICS))


def _signed(value: float | None) -> str:
    return "-" if value is None else f"{value:+.3f}"


def _shown(value: float | int | None) -> str:
    if value is None:
        return "-"
    return str(value) if isinstance(value, int) else f"{value:.3f}"


if __name__ == "__main__":
    main()
