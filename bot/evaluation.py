"""`newsbot eval`: retrieval, answer and refusal metrics over a QA set.

A QA set is JSON (`{"queries": [...]}` or a bare array) or JSONL; each item has `question`
(or `query`), `answer` (optional) and `evidence` (or `evidence_list`: strings, or objects with
`fact`/`text`). An item is unanswerable when `answerable` is false, its `question_type` is
`null_query`, or it has no evidence. See docs/evaluation.md.
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bot.qa import QAService
from vectorstore.errors import NewsbotError
from vectorstore.text import tokenize

__all__ = ["EvalReport", "ItemResult", "QAItem", "evaluate", "evidence_rank", "load_qa_set"]

HIT_DEPTHS = (4, 10)
_FUZZY_MATCH = 0.8


class BadQASet(NewsbotError):
    """The QA set file cannot be read or has no usable items."""


@dataclass(frozen=True)
class QAItem:
    """One question of a QA set."""

    id: str
    question: str
    answer: str | None
    evidence: tuple[str, ...]
    answerable: bool
    kind: str = ""


@dataclass(frozen=True)
class ItemResult:
    item: QAItem
    evidence_ranks: tuple[int | None, ...]
    refused: bool
    correct: bool | None
    latency_ms: float
    answer: str = ""

    def hits_at(self, k: int) -> float:
        """Share of the item's evidence found in the top k passages."""
        if not self.evidence_ranks:
            return 0.0
        return sum(1 for r in self.evidence_ranks if r is not None and r <= k) / len(
            self.evidence_ranks
        )

    def reciprocal_rank(self, k: int = 10) -> float:
        ranks = [r for r in self.evidence_ranks if r is not None and r <= k]
        return 1.0 / min(ranks) if ranks else 0.0


@dataclass
class EvalReport:
    results: list[ItemResult] = field(default_factory=list)

    def metrics(self) -> dict[str, Any]:
        answerable = [r for r in self.results if r.item.answerable]
        unanswerable = [r for r in self.results if not r.item.answerable]
        with_answer = [r for r in answerable if r.correct is not None]
        refused = [r for r in self.results if r.refused]
        true_refusals = [r for r in refused if not r.item.answerable]
        latencies = [r.latency_ms for r in self.results]
        out: dict[str, Any] = {
            "questions": len(self.results),
            "answerable": len(answerable),
            "unanswerable": len(unanswerable),
        }
        for k in HIT_DEPTHS:
            out[f"hits@{k}"] = _mean(r.hits_at(k) for r in answerable)
        out["mrr@10"] = _mean(r.reciprocal_rank(10) for r in answerable)
        out["answer_accuracy"] = _mean(1.0 if r.correct else 0.0 for r in with_answer)
        out["answerable_refused"] = _mean(1.0 if r.refused else 0.0 for r in answerable)
        out["refusal_precision"] = len(true_refusals) / len(refused) if refused else None
        out["refusal_recall"] = len(true_refusals) / len(unanswerable) if unanswerable else None
        out["latency_ms_p50"] = round(statistics.median(latencies), 1) if latencies else None
        out["latency_ms_p95"] = round(_percentile(latencies, 95), 1) if latencies else None
        return out


def _mean(values: Iterable[float]) -> float | None:
    items = list(values)
    return round(sum(items) / len(items), 4) if items else None


def _percentile(values: Sequence[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * len(ordered) + 0.5) - 1))
    return ordered[index]


def load_qa_set(path: Path) -> list[QAItem]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise BadQASet(f"cannot read the QA set {path}: {exc}") from exc
    try:
        if path.suffix.lower() in {".jsonl", ".ndjson"}:
            raw: Any = [json.loads(line) for line in text.splitlines() if line.strip()]
        else:
            raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BadQASet(f"{path}: malformed JSON: {exc.msg} (line {exc.lineno})") from exc
    records = raw.get("queries", raw.get("questions")) if isinstance(raw, dict) else raw
    if not isinstance(records, list) or not records:
        raise BadQASet(f"{path}: expected a list of questions (or {{'queries': [...]}})")
    items = []
    for number, record in enumerate(records, start=1):
        # MultiHop-RAG as published names them "query" and "evidence_list".
        question = (
            str(record.get("question") or record.get("query") or "").strip()
            if isinstance(record, dict)
            else ""
        )
        if not question:
            raise BadQASet(f"{path}: item {number} has no 'question'")
        evidence = tuple(
            str(e.get("fact") or e.get("text") or "") if isinstance(e, dict) else str(e)
            for e in record.get("evidence") or record.get("evidence_list") or []
        )
        kind = str(record.get("question_type", record.get("type", "")))
        answerable = bool(record.get("answerable", kind != "null_query" and bool(evidence)))
        answer = record.get("answer")
        items.append(
            QAItem(
                id=str(record.get("id", number)),
                question=question,
                answer=str(answer) if answer is not None and answerable else None,
                evidence=tuple(e for e in evidence if e.strip()),
                answerable=answerable,
                kind=kind,
            )
        )
    return items


def _normalise(text: str) -> str:
    text = text.casefold().translate(str.maketrans("‘’“”", "''\"\""))
    return re.sub(r"\s+", " ", text).strip()


def evidence_rank(evidence: str, passages: Sequence[str]) -> int | None:
    """1-based rank of the first passage holding the evidence (or 80% of its words)."""
    wanted = _normalise(evidence)
    words = set(tokenize(evidence))
    for rank, text in enumerate(passages, start=1):
        if wanted in _normalise(text):
            return rank
        if words and len(words & set(tokenize(text))) / len(words) >= _FUZZY_MATCH:
            return rank
    return None


def _is_correct(expected: str | None, answer_text: str) -> bool | None:
    if not expected:
        return None
    return _normalise(expected) in _normalise(answer_text)


def evaluate(qa: QAService, items: Sequence[QAItem], *, depth: int = max(HIT_DEPTHS)) -> EvalReport:
    report = EvalReport()
    for item in items:
        hits = qa.search(item.question, top_k=depth)
        texts = [h.passage.text for h in hits]
        started = time.perf_counter()
        answer = qa.ask(item.question)
        latency = (time.perf_counter() - started) * 1000
        report.results.append(
            ItemResult(
                item=item,
                evidence_ranks=tuple(evidence_rank(e, texts) for e in item.evidence),
                refused=answer.refused,
                correct=_is_correct(item.answer, "" if answer.refused else answer.text),
                latency_ms=latency,
                answer=answer.text,
            )
        )
    return report
