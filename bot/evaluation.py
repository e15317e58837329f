"""`newsbot eval`: retrieval, answer and refusal metrics over a QA set.

A QA set is JSON (`{"queries": [...]}` or a bare array) or JSONL; each item has `question`
(or `query`), `answer` and/or `answers` (optional accepted answers) and `evidence` (or
`evidence_list`: strings, or objects with `fact`/`text`). An item is unanswerable when
`answerable` is false, its `question_type` is `null_query`, or it has no evidence. See
docs/evaluation.md.
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

from bot.answers import Answer, Why
from bot.qa import QAService
from vectorstore.errors import NewsbotError
from vectorstore.text import tokenize

__all__ = [
    "EvalReport",
    "ItemResult",
    "QAItem",
    "evaluate",
    "evidence_rank",
    "failure_report",
    "first_statement",
    "load_qa_set",
    "mentions",
]

HIT_DEPTHS = (4, 10)
_FUZZY_MATCH = 0.8


class BadQASet(NewsbotError):
    """The QA set file cannot be read or has no usable items."""


@dataclass(frozen=True)
class QAItem:
    """One question of a QA set."""

    id: str
    question: str
    # Accepted answers, any of which counts as right; empty when the item gives none.
    answers: tuple[str, ...]
    evidence: tuple[str, ...]
    answerable: bool
    kind: str = ""

    @property
    def answer(self) -> str | None:
        """The first accepted answer (the `answer` key of the QA set, when it has one)."""
        return self.answers[0] if self.answers else None


@dataclass(frozen=True)
class ItemResult:
    """How newsbot did on one question.

    `correct`: an accepted answer occurs anywhere in the answer text; `lead_correct`: in its
    first statement. Both are None when the item has no accepted answer, False when refused.
    `stated`: the short answer (figure, name, date, yes/no) the answer states before its
    quotes, if any; `stated_correct` whether it holds an accepted answer (False for any
    stated on an unanswerable question, None when nothing is stated or nothing is accepted).
    """

    item: QAItem
    evidence_ranks: tuple[int | None, ...]
    refused: bool
    correct: bool | None
    latency_ms: float
    answer: str = ""
    lead_correct: bool | None = None
    why: tuple[Why, ...] = ()
    stated: str | None = None
    stated_correct: bool | None = None

    @classmethod
    def graded(
        cls,
        item: QAItem,
        answer: Answer,
        *,
        evidence_ranks: tuple[int | None, ...] = (),
        latency_ms: float = 0.0,
    ) -> ItemResult:
        """Grade an answer against the item's accepted answers."""
        correct = lead_correct = stated_correct = None
        stated = None if answer.refused else answer.lead
        if item.answers:
            shown = "" if answer.refused else answer.text
            correct = mentions(shown, item.answers)
            lead_correct = mentions(first_statement(shown), item.answers)
        if stated is not None and (item.answers or not item.answerable):
            stated_correct = item.answerable and mentions(stated, item.answers)
        return cls(
            item=item,
            evidence_ranks=evidence_ranks,
            refused=answer.refused,
            correct=correct,
            latency_ms=latency_ms,
            answer=answer.text,
            lead_correct=lead_correct,
            why=answer.why,
            stated=stated,
            stated_correct=stated_correct,
        )

    @property
    def miss(self) -> str | None:
        """What went wrong, the worst first; None when nothing did.

        "false refusal" (answerable, refused), "missed refusal" (unanswerable, answered),
        "wrong answer" (answered, no accepted answer anywhere in it), "lead wrong" (an
        accepted answer is in it, but not in its first statement).
        """
        if self.item.answerable and self.refused:
            return "false refusal"
        if not self.item.answerable and not self.refused:
            return "missed refusal"
        if self.correct is False:
            return "wrong answer"
        if self.lead_correct is False:
            return "lead wrong"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.item.id,
            "question": self.item.question,
            "answerable": self.item.answerable,
            "answers": list(self.item.answers),
            "refused": self.refused,
            "lead_correct": self.lead_correct,
            "correct": self.correct,
            "stated": self.stated,
            "stated_correct": self.stated_correct,
            "miss": self.miss,
            "answer": self.answer,
            "why": [{"rule": w.rule, "detail": w.detail} for w in self.why],
            "evidence_ranks": list(self.evidence_ranks),
            "latency_ms": round(self.latency_ms, 1),
        }

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
        out["lead_accuracy"] = _mean(1.0 if r.lead_correct else 0.0 for r in with_answer)
        out["wrong_answer_rate"] = _mean(
            0.0 if r.refused or r.correct else 1.0 for r in with_answer
        )
        out["answerable_refused"] = _mean(1.0 if r.refused else 0.0 for r in answerable)
        # A short answer stated before the quotes is what a reader takes on trust: how many
        # were stated, and how many of them were wrong (or stated for an unanswerable one).
        stated = [r for r in self.results if r.stated_correct is not None]
        out["stated_leads"] = len(stated)
        out["stated_wrong"] = sum(1 for r in stated if not r.stated_correct)
        out["stated_precision"] = _mean(1.0 if r.stated_correct else 0.0 for r in stated)
        out["false_refusals"] = sum(1 for r in answerable if r.refused)
        out["missed_refusals"] = sum(1 for r in unanswerable if not r.refused)
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
        kind = str(record.get("question_type", record.get("type", record.get("kind", ""))))
        answerable = bool(record.get("answerable", kind != "null_query" and bool(evidence)))
        answers = _accepted_answers(record, f"{path}: item {number}")
        items.append(
            QAItem(
                id=str(record.get("id", number)),
                question=question,
                answers=answers if answerable else (),
                evidence=tuple(e for e in evidence if e.strip()),
                answerable=answerable,
                kind=kind,
            )
        )
    return items


def _accepted_answers(record: dict[str, Any], where: str) -> tuple[str, ...]:
    """`answer` first, then `answers`, without blanks or repeats."""
    extra = record.get("answers")
    if extra is None:
        extra = []
    elif isinstance(extra, str):
        extra = [extra]
    elif not isinstance(extra, list):
        raise BadQASet(f"{where}: 'answers' must be a list of strings")
    found: list[str] = []
    for value in [record.get("answer"), *extra]:
        text = "" if value is None else str(value).strip()
        if text and text not in found:
            found.append(text)
    return tuple(found)


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


# A comma or thin space grouping thousands ("4,100"), dropped so that "4100" matches it.
_THOUSANDS = re.compile(r"(?<=\d)[,\u202f\u00a0](?=\d{3}(?!\d))")
# Punctuation, except a decimal point inside a number ("4.5").
_PUNCTUATION = re.compile(r"(?!(?<=\d)\.(?=\d))[^\w\s]")
_PERCENT = re.compile(r"\bper cent\b|%")
# A citation marker as the answerers write it: `[1]` (several in a row: `[1][2]`).
_CITATION_MARKER = re.compile(r"\[\d+\]")


def _answer_words(text: str) -> str:
    """Text reduced to its words, for matching a gold answer: case, punctuation and the
    way a number is written ("4,100" / "4100", "6%" / "6 per cent") do not count."""
    text = _THOUSANDS.sub("", _normalise(text))
    text = _PERCENT.sub(" percent ", text)
    return " ".join(_PUNCTUATION.sub(" ", text).split())


def mentions(text: str, answers: Iterable[str]) -> bool:
    """Whether any accepted answer occurs in the text as whole words ("300" is not in
    "3000", "yes" is not in "yesterday")."""
    haystack = f" {_answer_words(text)} "
    wanted = (_answer_words(a) for a in answers)
    return any(f" {w} " in haystack for w in wanted if w)


def first_statement(text: str) -> str:
    """The answer up to its first citation marker: what a reader takes as the answer.

    An answer reads `lead [1]. quote [1] quote [2]`, or `quote [1] ...` when it has no lead;
    everything after the first marker is supporting text the reader may not get to.
    """
    marker = _CITATION_MARKER.search(text)
    return (text[: marker.start()] if marker else text).strip()


def evaluate(qa: QAService, items: Sequence[QAItem], *, depth: int = max(HIT_DEPTHS)) -> EvalReport:
    report = EvalReport()
    for item in items:
        hits = qa.search(item.question, top_k=depth)
        texts = [h.passage.text for h in hits]
        started = time.perf_counter()
        answer = qa.ask(item.question)
        latency = (time.perf_counter() - started) * 1000
        report.results.append(
            ItemResult.graded(
                item,
                answer,
                evidence_ranks=tuple(evidence_rank(e, texts) for e in item.evidence),
                latency_ms=latency,
            )
        )
    return report


_SHOWN_ANSWER = 200


def failure_report(results: Iterable[ItemResult]) -> str:
    """Every miss as a block a person can read: the question, what went wrong, the start of
    the answer, the accepted answers, and the rules that fired, one a line."""
    blocks = []
    for r in results:
        if r.miss is None:
            continue
        shown = r.answer if len(r.answer) <= _SHOWN_ANSWER else r.answer[:_SHOWN_ANSWER] + "…"
        lines = [
            f"#{r.item.id} {r.miss}",
            f"  question: {r.item.question}",
            f"  answer:   {shown}",
            f"  gold:     {' | '.join(r.item.answers) if r.item.answers else '-'}",
            "  why:",
        ]
        lines += [f"    {w.rule}: {w.detail}" if w.detail else f"    {w.rule}" for w in r.why]
        if not r.why:
            lines.append("    (no rule recorded)")
        blocks.append("\n".join(lines))
    return "\n\n".join([f"Misses: {len(blocks)}", *blocks])
