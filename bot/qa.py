"""The QA service: retrieve, answer, check every citation, or refuse."""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from bot.answering.citations import CheckedAnswer, render_statement
from bot.answering.clauses import search_query
from bot.answering.extractive import Draft, EvidenceSentence, ExtractiveAnswerer
from bot.answering.followups import Reading, answered_before_first, carry_over, read_follow_up
from bot.answering.language import foreign_language
from bot.answering.llm import LLMAnswerer, LLMUnavailable
from bot.answering.question import (
    has_person_pronoun,
    parse_question,
    unreferenced_pronoun,
    without_conjunction,
    without_links,
)
from bot.answering.rules import RULES, why
from bot.answers import Answer, Citation, Conflict, Why
from vectorstore.errors import NewsbotError
from vectorstore.records import Hit, SearchFilters, SearchQuery
from vectorstore.retriever import HybridRetriever

__all__ = [
    "ENGLISH_ONLY_TEXT",
    "REFUSAL_TEXT",
    "REFUSAL_TEXTS",
    "EmptyQuestion",
    "QAService",
    "Turn",
    "UnknownOutlet",
    "differ_line",
]

log = logging.getLogger("newsbot.qa")
# The follow-up rules but the one that gives a count its noun (`_with_counted_noun`).
_ALL_BUT_UNCOUNTED = frozenset(
    rule for rule in RULES if rule.startswith("followup.") and rule != "followup.uncounted"
)

Turn = tuple[str, str]  # (question, answer text) of an earlier exchange

REFUSAL_TEXT = "I can't answer that from the ingested reports: none of them covers it."
# When the reports cover the subject but not what was asked, the refusal says what is missing:
# "none of them covers it" above a list of related reports about the very ferry reads as wrong.
_MISSING = "I can't answer that from the ingested reports: the closest ones"
REFUSAL_TEXTS = {
    "refuse.no-count": f"{_MISSING} do not give that number.",
    "refuse.no-amount": f"{_MISSING} do not give that amount.",
    "refuse.no-price": f"{_MISSING} do not give that price.",
    "refuse.no-age": f"{_MISSING} do not give that age.",
    "refuse.no-time": f"{_MISSING} do not say when, or for how long.",
    "refuse.no-figure": f"{_MISSING} do not give that figure.",
    "refuse.unnamed": f"{_MISSING} do not give that name.",
    "refuse.no-entity": f"{_MISSING} do not name who or what it is.",
    "refuse.no-role-holder": f"{_MISSING} do not name who holds that role.",
    "refuse.no-cause": f"{_MISSING} do not say why.",
    "refuse.other-year": f"{_MISSING} are about another year.",
    "refuse.other-way": f"{_MISSING} say it moved the other way.",
    "refuse.unstated-premise": f"{_MISSING} do not say that it happened.",
    "refuse.no-figure-then": f"{_MISSING} give no such figure for that year.",
    "refuse.undisclosed": f"{_MISSING} say that it has not been made known.",
}
ENGLISH_ONLY_TEXT = (
    "I can only answer questions in English: the bundled language model reads English only. "
    "Please ask again in English."
)
# "How old is he?" asked first: whom the pronoun means, nothing says.
NO_REFERENT_TEXT = (
    "I can't tell who {pronoun!r} is: nothing asked before says. Please ask again with the name."
)
RELATED_COUNT = 3
# Passages read for what the reports call a person a follow-up's "he"/"she" may stand for.
MENTIONS_READ = 8


class EmptyQuestion(NewsbotError):
    """The question or query has no words."""


class UnknownOutlet(NewsbotError):
    """A filter names an outlet no stored report is from: every answer would be a refusal
    that blames the reports, when the filter is what is wrong (a typo, a partial name)."""

    def __init__(self, unknown: Sequence[str], stored: Sequence[str]) -> None:
        shown = ", ".join(stored[:_OUTLETS_SHOWN]) or "none"
        more = f" and {len(stored) - _OUTLETS_SHOWN} more" if len(stored) > _OUTLETS_SHOWN else ""
        names = ", ".join(repr(name) for name in unknown)
        super().__init__(
            f"no stored report is from {names} (outlets are matched whole, in any case); "
            f"stored outlets: {shown}{more}"
        )


_OUTLETS_SHOWN = 12


class QAService:
    """Answers questions over the store; the one place CLI and Telegram call into."""

    def __init__(
        self,
        retriever: HybridRetriever,
        answerer: ExtractiveAnswerer,
        *,
        llm: LLMAnswerer | None = None,
        top_k: int = 5,
    ) -> None:
        self.retriever = retriever
        self.answerer = answerer
        self.llm = llm
        self.top_k = top_k

    def search(
        self, query: str, *, top_k: int | None = None, filters: SearchFilters | None = None
    ) -> list[Hit]:
        query = _plain(query)
        self._require_outlets(filters)
        return self.retriever.search(
            self.reading(query), top_k=top_k or self.top_k, filters=filters
        )

    def _require_outlets(self, filters: SearchFilters | None) -> None:
        if filters is None or not filters.sources:
            return
        stored = self.retriever.index.source_keys()
        keys = zip(filters.sources, filters.source_keys, strict=True)
        unknown = [source for source, key in keys if key not in stored]
        if unknown:
            raise UnknownOutlet(unknown, stored)

    def reading(self, question: str) -> SearchQuery:
        """The searches a question needs: the outlets it names and its clauses."""
        return search_query(question, self.retriever.index.source_keys())

    def ask(
        self,
        question: str,
        *,
        top_k: int | None = None,
        filters: SearchFilters | None = None,
        history: Sequence[Turn] = (),
        on_statement: Callable[[str], None] | None = None,
    ) -> Answer:
        """Answer `question`; `history` makes follow-ups work.

        `on_statement` streams an LLM answer: it gets each statement once it is verified,
        numbered as in the final answer, never the model's raw text.
        """
        question = _plain(question)
        self._require_outlets(filters)
        started = time.perf_counter()
        notes: dict[str, Any] = {"answerer": "llm" if self.llm else "extractive"}
        language = foreign_language(question)
        if language:
            notes["language"] = language
            because = why("refuse.not-english", f"the question looks like {language}")
            return self._refused_unread(question, ENGLISH_ONLY_TEXT, because, top_k, filters, notes)
        if (
            not history
            and "refuse.no-referent" not in self.answerer.disabled_rules
            and has_person_pronoun(question)  # most questions have none: no parse for them
        ):
            pronoun = unreferenced_pronoun(
                self.answerer.nlp.parse(without_conjunction(question), entities=False)
            )
            if pronoun is not None:
                because = why("refuse.no-referent", f"nothing says who {pronoun!r} is")
                text = NO_REFERENT_TEXT.format(pronoun=pronoun)
                return self._refused_unread(question, text, because, top_k, filters, notes)
        trace: list[Why] = []
        reading = self._resolved(question, history)
        resolved = reading.text if reading else None
        standalone = self._standalone(question, history, notes, resolved)
        if reading:
            trace.append(why("followup.resolve", reading.text))
            trace += reading.rules
        elif standalone != question:
            trace.append(why("followup.carry-over", standalone))
        # A resolved follow-up is searched with the previous turn's names too (they find its
        # reports), and answered as it reads (they would pull the previous answer's sentences).
        searched = carry_over(question, history, resolved) if resolved else standalone
        if self.llm is None:  # the question's parse runs beside its retrieval
            self.answerer.read_soon(standalone)
        vector = self.retriever.embedder.encode_query(searched)
        hits = self.retriever.search(
            self.reading(searched),
            top_k=top_k or self.top_k,
            filters=filters,
            query_vector=vector,
        )
        if searched != standalone:
            vector = self.retriever.embedder.encode_query(standalone)
        retrieved = time.perf_counter()
        answer: Answer | None = None
        if self.llm and hits:
            try:
                checked = self.llm.answer(standalone, hits, on_statement=on_statement)
                notes["citations_dropped"] = checked.citations_dropped
                notes["sentences_dropped"] = checked.sentences_dropped
                notes["dropped_statements"] = checked.dropped
                if checked.withheld:
                    notes["withheld_passages"] = checked.withheld
                if checked.cannot_answer:  # the model's own "not in these passages"
                    answer = _refusal(question, hits)
                    trace.append(why("refuse.llm", "the model found no answer in the passages"))
                elif checked.statements:
                    answer = _compose_checked(question, checked, hits)
                    trace.append(
                        why(
                            "llm.statements",
                            f"{len(checked.statements)} kept, "
                            f"{checked.sentences_dropped} dropped by verification",
                        )
                    )
                else:  # nothing it said survived verification
                    notes["fallback"] = "extractive"
                    trace.append(why("llm.fallback", "no statement survived verification"))
            except LLMUnavailable as exc:
                # Info, not a warning: the answer's notes carry it to whoever shows it (the
                # CLI warns once, on its own line), and the bot's log keeps it at INFO.
                log.info("%s; answering extractively", exc)
                notes["llm_error"] = str(exc)
                notes["fallback"] = "extractive"
                trace.append(why("llm.fallback", "the LLM endpoint failed"))
        if answer is None:
            draft = self.answerer.answer(
                standalone,
                hits,
                vector,
                # The follow-up as asked: the binders read it better than with the names
                # put in or carried over (measured on the tuning conversations: "When does
                # Matthias Brennholt's board meet next?" no longer dates the meeting). A count
                # without its noun is read with the noun it was given ("And how many
                # finished?" counts runners, not the "two seconds" of a clause with "finishing").
                asked=self._with_counted_noun(question, history, reading),
                # A resolved follow-up is read as a question of its own: the sentence the
                # previous answer quoted may answer it too ("What was her time?").
                previous_answer=history[-1][1] if history and not resolved else "",
            )
            trace += draft.why
            if reading is not None:
                draft = self._answered_before(question, reading.text, history, draft, trace)
            answer = _compose(question, draft, hits)
            if answer.refused and not draft.refused:
                trace.append(why("refuse.unverified-quote", "no chosen sentence is verbatim"))
        timings = {
            "retrieve": round((retrieved - started) * 1000, 1),
            "answer": round((time.perf_counter() - retrieved) * 1000, 1),
        }
        return Answer(
            question=question,
            text=answer.text,
            refused=answer.refused,
            citations=answer.citations,
            related=answer.related,
            timings_ms=timings,
            why=tuple(trace),
            notes=notes,
            conflicts=answer.conflicts,
            lead=answer.lead,
        )

    def _refused_unread(
        self,
        question: str,
        text: str,
        because: Why,
        top_k: int | None,
        filters: SearchFilters | None,
        notes: dict[str, Any],
    ) -> Answer:
        """Say why a question gets no answer before any is looked for (another language, a
        pronoun with nothing to refer to), rather than a bare refusal; the passages its words
        retrieve are still offered as related."""
        started = time.perf_counter()
        hits = self.retriever.search(
            self.reading(question), top_k=top_k or self.top_k, filters=filters
        )
        retrieved = time.perf_counter()
        return Answer(
            question=question,
            text=text,
            refused=True,
            related=tuple(hits[:RELATED_COUNT]),
            timings_ms={"retrieve": round((retrieved - started) * 1000, 1), "answer": 0.0},
            why=(because,),
            notes=notes,
        )

    def _with_counted_noun(
        self, question: str, history: Sequence[Turn], reading: Reading | None
    ) -> str:
        """The follow-up as asked, with the noun `followup.uncounted` gave its count and no
        other change: "And how many finished?" counts runners (read without the noun, a
        figure in any clause with "finishing" was bound), while a name put in for "she"
        would keep the binders from a sentence that says "She scored 17 goals"."""
        if reading is None or not any(w.rule == "followup.uncounted" for w in reading.rules):
            return question
        counted = read_follow_up(
            question, history, self.answerer.nlp, _ALL_BUT_UNCOUNTED, self._mentions
        )
        return counted.text if counted is not None else question

    def _resolved(self, question: str, history: Sequence[Turn]) -> Reading | None:
        """The follow-up with its pronoun or ellipsis resolved by the rules: the same for
        the extractive and the LLM answerer (an LLM rewrites only what they do not read)."""
        disabled = self.answerer.disabled_rules
        if not history or "followup.resolve" in disabled:
            return None
        return read_follow_up(question, history, self.answerer.nlp, disabled, self._mentions)

    def _mentions(self, word: str) -> list[str]:
        """A few stored passages that name someone: what the reports call them, he or she."""
        return self.retriever.index.texts_mentioning(word, k=MENTIONS_READ)

    def _answered_before(
        self,
        question: str,
        resolved: str,
        history: Sequence[Turn],
        draft: Draft,
        trace: list[Why],
    ) -> Draft:
        """followup.answered-before: a resolved follow-up with no lead does not open with the
        previous answer's sentence when another quoted sentence holds what it adds."""
        if (
            draft.refused
            or draft.lead is not None
            or draft.differing is not None
            or "followup.answered-before" in self.answerer.disabled_rules
        ):
            return draft
        sentences = draft.sentences
        kind = parse_question(resolved, self.answerer.nlp).kind
        first = answered_before_first(
            question, history[-1][0], history[-1][1], [s.text for s in sentences], kind
        )
        if first is None:
            return draft
        trace.append(why("followup.answered-before", sentences[first].text[:80]))
        others = tuple(s for n, s in enumerate(sentences) if n != first)
        return replace(draft, sentences=(sentences[first], *others))

    def _standalone(
        self,
        question: str,
        history: Sequence[Turn],
        notes: dict[str, Any],
        resolved: str | None = None,
    ) -> str:
        if not history:
            return question
        standalone = resolved or carry_over(question, history)
        if self.llm and not resolved:
            try:
                # None: the model gave no usable question; the names carried over stand.
                standalone = self.llm.rewrite(question, history) or standalone
            except LLMUnavailable as exc:
                notes["llm_error"] = str(exc)
        if standalone != question:
            notes["standalone_question"] = standalone
        return standalone


def _require_words(text: str) -> None:
    if not text or not text.strip():
        raise EmptyQuestion("the question is empty")


def _plain(question: str) -> str:
    """The question as read: links pasted into it are no words of it (`without_links`)."""
    _require_words(question)
    plain = without_links(question)
    if not plain:
        raise EmptyQuestion("the question is only a link: ask about what it says")
    return plain


def _refusal(question: str, hits: Sequence[Hit], rule: str = "") -> Answer:
    return Answer(
        question=question,
        text=REFUSAL_TEXTS.get(rule, REFUSAL_TEXT),
        refused=True,
        related=tuple(hits[:RELATED_COUNT]),
    )


def _compose_checked(question: str, checked: CheckedAnswer, hits: Sequence[Hit]) -> Answer:
    """Number the verified citations of an LLM answer in order of first use."""
    numbers: dict[tuple[int, str], int] = {}
    citations: list[Citation] = []
    sentences = []
    for text, cited in checked.statements:
        markers = []
        for passage_number, quote in cited:
            key = (passage_number, quote)
            if key not in numbers:
                numbers[key] = len(numbers) + 1
                hit = hits[passage_number - 1]
                citations.append(
                    Citation(
                        n=numbers[key],
                        quote=quote,
                        passage=hit.passage,
                        score=hit.score,
                        also=hit.also,
                    )
                )
            markers.append(numbers[key])
        sentences.append(render_statement(text, markers))
    return Answer(
        question=question, text=" ".join(sentences), refused=False, citations=tuple(citations)
    )


def _compose(question: str, draft: Draft, hits: Sequence[Hit]) -> Answer:
    # Never show a quote the stored passage does not contain word for word.
    verified = [s for s in draft.sentences if s.text and s.text in s.hit.passage.text]
    citations = tuple(
        Citation(n=n, quote=s.text, passage=s.hit.passage, score=round(s.score, 4), also=s.hit.also)
        for n, s in enumerate(verified, start=1)
    )
    if draft.refused or not citations:
        return _refusal(question, hits, draft.why[-1].rule if draft.refused and draft.why else "")
    text = " ".join(f"{c.quote} [{c.n}]" for c in citations)
    conflicts = _conflicts(draft, verified)
    if conflicts:
        return Answer(
            question=question,
            text=f"{differ_line(conflicts)} {text}",
            refused=False,
            citations=citations,
            conflicts=conflicts,
        )
    lead = None
    if draft.lead:
        # The lead is only shown with the citations whose quotes contain it.
        quoted = draft.lead.quoted
        markers = "".join(f"[{c.n}]" for c in citations if any(q in c.quote for q in quoted))
        if markers:
            lead = draft.lead.text
            text = f"{lead} {markers}. {text}"
    return Answer(question=question, text=text, refused=False, citations=citations, lead=lead)


def _conflicts(draft: Draft, verified: Sequence[EvidenceSentence]) -> tuple[Conflict, ...]:
    """The draft's differing reports, each with the number of the citation of its sentence;
    none unless every one of them is cited."""
    if draft.differing is None:
        return ()
    numbers = [
        next((n for n, s in enumerate(verified, start=1) if s == r.evidence), None)
        for r in draft.differing.reports
    ]
    if None in numbers:
        return ()
    return tuple(
        Conflict(
            value=r.value,
            n=numbers[i] or 0,
            source=r.source,
            published=r.published,
            latest=draft.differing.latest and i == 0,
        )
        for i, r in enumerate(draft.differing.reports)
    )


def differ_line(conflicts: Sequence[Conflict]) -> str:
    """ "Reports differ: 22 killed (Daily Ledger, 4 May 2025) [1]; 14 killed (Coastal Post,
    3 May 2025) [2]." — newest first; an update's newest is named as the latest."""
    parts = []
    for conflict in conflicts:
        details = [conflict.source or "unnamed outlet"]
        if conflict.published:
            details.append(f"{conflict.published.day} {conflict.published:%B %Y}")
        if conflict.latest:
            details.append("the latest")
        parts.append(f"{conflict.value} ({', '.join(details)}) [{conflict.n}]")
    return f"Reports differ: {'; '.join(parts)}."
