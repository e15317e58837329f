"""The default answerer: no LLM, deterministic, answers with the supporting sentences themselves.

Each retrieved passage is split into sentences; every sentence is scored by how close it is in
meaning to the question (embedding cosine) and how much of the question's rare vocabulary it
carries (IDF-weighted term overlap). The best sentences become the answer, each cited.

It refuses when the passages do not support an answer: a distinctive question term that the
corpus never mentions, too little of the question's vocabulary in the best passage, or no
sentence close enough in meaning.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np

from bot.answering.binding import (
    REPORTED_ON,
    SINCE,
    Binding,
    ambiguous,
    asked_months,
    asked_roles,
    asked_weekdays,
    bind,
    calendar_day,
    counts_asked_noun,
    denied,
    gives_a_sum,
    labelled,
    months_said,
    moved_the_other_way,
    name_given,
    names_present,
    offers,
    rival,
    role_holder,
    said_in,
    says_another_harm,
    unstated_years,
    weekdays_said,
    without_since,
    years_said,
)
from bot.answering.conflicts import (
    FIGURE_RULES,
    Disagreement,
    Reported,
    differ,
    disagreement,
    gather,
    of_another_year,
    same_event,
    same_story,
)
from bot.answering.followups import answer_core
from bot.answering.leads import Expected, Lead
from bot.answering.nlp import NlpPipeline
from bot.answering.polarity import may_tell
from bot.answering.premise import holds_the_rest, premise, stated_by
from bot.answering.question import (
    FIGURE_KINDS,
    KIND_NOUNS,
    NAME_LABELS,
    PAST_BE,
    PEOPLE_NOUNS,
    TELLING_VERBS,
    YEAR,
    Question,
    initials,
    parse_question,
    same_counted,
    same_harm,
    same_verb,
    without_conjunction,
)
from bot.answering.question_focus import (
    ValueKind,
    gives_a_value,
    gives_an_age,
    missing_focus,
    question_verbs,
    undisclosed,
)
from bot.answering.rules import why
from bot.answering.text_vectors import TextVectors
from bot.answering.timeline import OrderQuestion, order_question, verdict
from bot.answers import Why
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Hit
from vectorstore.sentence_vectors import MIN_WORDS, SentenceVectors
from vectorstore.text import STOPWORDS, WEEKDAYS, content_terms, split_sentences, stem, tokenize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span

__all__ = ["Draft", "EvidenceSentence", "ExtractiveAnswerer", "QuestionTerms"]

# A sentence is read with its report's headline: "Construction will cost 610 million euros"
# is about the tram when the headline says so. A quarter of a sentence's term coverage is
# counted with the headline (tuned on the bundled QA sets, docs/evaluation.md).
TITLE_SHARE = 0.25
# And with the sentence before it, when it opens with a word that points back to that one:
# "Its director, Pavel Rusnak, said ..." heads the national cyber security centre named just
# before. A fifth of its coverage is counted with that sentence (0.2 and 0.3 measured alike;
# read so for every sentence, a quotation after a sentence on the question's subject led
# with a wrong verdict, docs/evaluation.md).
BEFORE_SHARE = 0.2
_CONTINUING = re.compile(r"(?:He|She|It|They|His|Her|Its|Their|The|This|That|These|Those)\b")
# In ranking, a question word is held by a sentence word beginning with the same this many
# letters ("mediating"/"Mediator"); measured: tuning +6 right leads, validation +2
# (docs/evaluation.md, 2026-11-29 eleventh session).
SHARED_BEGINNING = 6
# A sentence's score: this share of its closeness in meaning to the question plus the rest of
# its term coverage.
SIMILARITY_SHARE = 0.6
COVERAGE_SHARE = 0.4
# In that coverage, a question word counts more the fewer of the ranked sentences hold it: the
# report's subject ("Halvorsen", "Reinholt") is in most of them and tells none apart, the deed
# asked is in the one that answers. Each word's weight is multiplied by log(1 + (n + 1) /
# (holding + 0.5)) over the n sentences ranked (BM25's IDF, over them). And a sentence
# offering a value of the kind asked (a figure for "how many", a date for "when", a name for
# "who", a place for "where": `Expected.offered_by`) gains this much. For "When did Reinholt
# become governor?", "Reinholt ... took office in January 2024" now goes above a quote of
# "Governor Sofia Reinholt"; for "Where was the ship towed after being freed?", "The Aurelia
# Crest was towed to the Lake Anvar anchorage" above "Other carriers were waiting to see
# whether the ship could be freed". Measured on the captured candidates and end to end
# (docs/evaluation.md, fifteenth session).
OFFERING_SHARE = 0.15
# And one naming someone beside the role a who-question asks the holder of ("trust chair
# Nadine Fairbrother" for "Who chairs the supporters' trust?", `Expected.named_in_role`)
# gains this much more: most sentences of a report name someone.
ROLE_SHARE = 0.15
# Two nouns name the same thing when their embeddings are this close (word by word).
SAME_NOUN_SIMILARITY = 0.75
# A sentence states the question's predicate with a word this close to it (word embeddings:
# "detained"/"arrested" 0.71, "manufactured"/"made" 0.68, "seized"/"captured" 0.50;
# "questioned"/"arrested" 0.44, "bought"/"outbid" 0.20), measured on longform-tune.
SAME_PREDICATE_SIMILARITY = 0.5
# lead.bound-twice reads this many of the sentences tried for a lead (the chosen ones first)
# for a second figure bound in the same report.
SECOND_LOOK = 6
# The rules whose figures a second sentence of the report may contradict.
_TWICE_BOUND_RULES = frozenset({"lead.count", "lead.amount", "lead.measure"})
# Bindings whose sentence comes first without their figure as the lead (`lead.sentence-first`).
# Counts joined them on 2026-11-27 (night): on the eight validation sets a stated count was
# wrong 10 times in 45 and, turned off, lost no lead; quoted first, they answer as often.
_SENTENCE_FIRST_RULES = frozenset({"lead.measure", "lead.amount", "lead.count"})
# Values a report gives many of, so that the parse ties the wrong one more often: counts and
# names. Bound below the first quoted sentence, they are not stated (`lead.below-first`).
# Dates, ages, descriptions and verdicts bound there were seldom wrong (one verdict of six on
# the validation sets, none of 14 on the tuning sets; 2026-11-27).
_BELOW_FIRST_RULES = frozenset(
    {"lead.count", "lead.change", "lead.role", "lead.role-verb", "lead.agent", "lead.object"}
)
# Rules that found a value and did not state it: the reports do say it, so a refusal for a
# missing role holder or premise does not apply.
_WITHHELD_RULES = frozenset(
    {"lead.rival", "lead.ambiguous", "lead.bound-twice", "lead.sentence-first", "lead.below-first"}
)
# Rules that quote the bound sentence first instead of stating its value: the reports may
# still differ on the value, which the first quoted sentence's binding tells.
_QUOTED_FIRST_RULES = frozenset({"lead.sentence-first", "lead.below-first"})
# "Of them, four ...", "including two children": a part of a figure, not another value of it.
_PARTITIVE = re.compile(r"\b(?:of|among) (?:them|those|whom|these)\b|\bincluding\b", re.I)
# A sentence the previous answer quoted stays first for a follow-up when it holds all of the
# follow-up's content words (term coverage, IDF-weighted, with a quarter read with its headline).
FOLLOW_UP_COVERAGE = 0.99
# Sentences and headlines whose vectors are kept across questions (6 MB at 384 dimensions),
# and words compared for synonyms.
CACHED_SENTENCES = 4096
CACHED_WORDS = 10_000
# How many other passages mentioning a one-word name are read for its full form.
FULL_NAME_PASSAGES = 20
# "Did A report X before B reported Y?": the report taken for a side must mention this share of
# the side's (IDF-weighted) words, with its headline, or the order is not given.
MIN_SIDE_COVERAGE = 0.4


@dataclass(frozen=True)
class QuestionTerms:
    """The question's content words with their IDF weights, and those no passage contains.

    An unseen term gets the highest weight: a question about something the reports never
    mention should not be answered from the words it happens to share with them.
    """

    weights: dict[str, float]
    unseen: frozenset[str]


@dataclass(frozen=True)
class EvidenceSentence:
    """One candidate sentence: `text == hit.passage.text[start:end]`; `before` is the
    sentence before it in its passage ("" for the first).

    `score` is how well it matches the question (closeness and term coverage), which the
    refusal thresholds read; `rank` orders the sentences: the coverage of the words that tell
    them apart, a value of the kind asked (`OFFERING_SHARE`) and someone named in the role
    asked (`ROLE_SHARE`).
    """

    hit: Hit
    start: int
    end: int
    text: str
    before: str = ""
    similarity: float = 0.0
    term_coverage: float = 0.0
    score: float = 0.0
    rank: float = 0.0


@dataclass(frozen=True)
class Draft:
    """The answerer's output before the QA service numbers and checks citations."""

    refused: bool
    sentences: tuple[EvidenceSentence, ...] = ()
    reason: str = ""
    lead: Lead | None = None
    why: tuple[Why, ...] = ()
    # Reports that give different values for the figure asked for, newest first; each one's
    # sentence is among `sentences`.
    differing: Disagreement[EvidenceSentence] | None = None


def _refused(rule: str, detail: str) -> Draft:
    return Draft(refused=True, reason=detail, why=(why(rule, detail),))


def _new_first(
    scored: list[EvidenceSentence],
    previous_answer: str,
    answers: Callable[[EvidenceSentence], bool],
) -> list[EvidenceSentence]:
    """A follow-up is answered about what it asks: sentences the previous answer already
    quoted go after the others (they stay, for context), unless they answer the follow-up
    too ("What was her time?" after "Who won?": the winner's sentence gives her time), by a
    bound lead or by holding every content word of the follow-up."""

    # Only the sentence that answered the previous question ("the previous answer's
    # sentence"); the others it quoted were context, and often hold what a follow-up asks
    # next ("At this time of year the reservoirs are normally 61 percent full").
    previous_answer = answer_core(previous_answer)[1] or previous_answer

    def repeated(sentence: EvidenceSentence) -> bool:
        # "What did he promise families who lost their homes?" after "Who is the governor?":
        # a sentence with every word the follow-up asks about answers it too.
        return (
            sentence.text.rstrip(" .;") in previous_answer
            and not answers(sentence)
            and sentence.term_coverage < FOLLOW_UP_COVERAGE
        )

    fresh = [s for s in scored if not repeated(s)]
    return fresh + [s for s in scored if repeated(s)] if fresh else scored


class ExtractiveAnswerer:
    """Selects, scores and returns the sentences that answer a question."""

    def __init__(
        self,
        embedder: Embedder,
        index: KeywordIndex,
        *,
        nlp: NlpPipeline | None = None,
        max_sentences: int = 3,
        min_similarity: float = 0.3,
        min_support: float = 0.6,
        max_unknown_names: int = 1,
        keep_ratio: float = 0.9,
        min_gain: float = 0.15,
        max_embedded_sentences: int = 6,
        disabled_rules: frozenset[str] = frozenset(),
        stored_sentences: SentenceVectors | None = None,
    ) -> None:
        self.embedder = embedder
        # Sentences and headlines recur across questions about the same reports; the words
        # compared for synonyms come from a small vocabulary. Ingestion stores the sentences'
        # vectors (`stored_sentences`): an answer encodes only those it does not find there.
        self.sentence_vectors = TextVectors(
            embedder.encode_passages,
            CACHED_SENTENCES,
            stored=stored_sentences.get if stored_sentences is not None else None,
        )
        self.word_vectors = TextVectors(embedder.encode_queries, CACHED_WORDS)
        self.index = index
        self.nlp = nlp or NlpPipeline()
        # Rules turned off, to measure what each is worth (benchmarks/quality.py --ablate).
        self.disabled_rules = disabled_rules
        self.max_sentences = max_sentences
        self.min_similarity = min_similarity
        self.min_support = min_support
        self.max_unknown_names = max_unknown_names
        self.keep_ratio = keep_ratio
        self.min_gain = min_gain
        self.max_embedded_sentences = max_embedded_sentences

    def read_soon(self, question: str) -> Future[Doc] | None:
        """Starts reading `question` as `answer` will, in the background, while its passages
        are retrieved: one parse serves the question's reading, its verbs and its premise (a
        follow-up read as typed, `asked`, is parsed apart). None of them reads entities, and
        the recogniser is about 40% of a parse, on the core retrieval needs. The keyword index
        is not read here (retrieval repairs a damaged one), so a question that
        `refuse.unknown-terms` will refuse is parsed too, beside its search."""
        return self.nlp.parse_soon(without_conjunction(question), entities=False)

    def answer(
        self,
        question: str,
        hits: Sequence[Hit],
        question_vector: np.ndarray,
        *,
        parsed: Question | None = None,
        asked: str | None = None,
        previous_answer: str = "",
    ) -> Draft:
        """Refusal thresholds were calibrated on the dev sets (docs/evaluation.md).

        `asked`: the text the binders read (default `question`), parsed only once the answer
        gets past the refusals that need no parse: the parse is a fifth of a refused ask.
        `previous_answer`: the text of the previous turn's answer, for a follow-up question,
        whose lead should not be the sentence already given.
        """
        if not hits:
            return _refused("refuse.nothing-retrieved", "nothing retrieved")
        read_as = asked or question
        # "and how many were injured? (Aleppo)": the word checks read the question as asked.
        question = without_conjunction(question)
        terms = self._terms(question)
        weights = terms.weights
        unknown = _unknown_distinctive_terms(question, terms.unseen)
        if len(unknown) > self.max_unknown_names and self._on("refuse.unknown-terms"):
            return _refused("refuse.unknown-terms", f"not in the reports: {', '.join(unknown)}")
        candidates = _sentences(hits)
        if not candidates:
            return _refused("refuse.no-sentences", "no sentences in the retrieved passages")
        parsed = parsed or parse_question(read_as, self.nlp)
        if parsed.age and not parsed.names and read_as != question:
            # "How old is he?" is read as resolved ("How old is Jonas Aberkamp?"): an age
            # belongs to a name, which the pronoun does not give.
            parsed = parse_question(question, self.nlp)
        expected = Expected(question, _contexts(hits))
        scored = self._score(candidates, question_vector, weights, expected, asked_roles(parsed))
        reordered = False
        if previous_answer and self._on("followup.new-sentence"):
            fresh_first = _new_first(
                scored, previous_answer, lambda s: self._bind(parsed, s) is not None
            )
            reordered, scored = fresh_first != scored, fresh_first
        best = scored[0]
        # The thresholds read the sentence matching the question best, which ranks below one
        # that tells the answer apart (a value of the kind asked) only in order.
        closest = max(scored, key=lambda s: s.score)
        # A sentence whose parse binds what was asked ("Who is Ilse Marwood?" -> "the regional
        # fire commander, Ilse Marwood") answers it, however far its wording is from the
        # question's: binding outweighs the similarity threshold.
        more = _unembedded(candidates, scored, weights) if self._on("lead.whole-passage") else []
        # "Who is Ilse Marwood?" names the one it is about: any retrieved sentence that gives
        # her a title answers it; other questions look in the best passages only.
        top = {best.hit.passage.chunk_id, hits[0].passage.chunk_id}
        bound = self._bound(parsed, scored) or self._bound(
            parsed,
            [s for s in more if parsed.kind == "describe" or s.hit.passage.chunk_id in top],
        )
        if closest.similarity < self.min_similarity and not bound and self._on("refuse.not-close"):
            return _refused(
                "refuse.not-close",
                f"the closest sentence has similarity {closest.similarity:.2f} "
                f"(needs {self.min_similarity})",
            )
        chosen = self._select(scored, closest, weights, expected)
        if bound and bound[0] not in chosen:
            chosen = [*chosen[: self.max_sentences - 1], bound[0]]
        elif not bound:
            chosen = self._with_counting(parsed, chosen, scored)
        # Support: closeness in meaning plus how much of the question the cited passages
        # (with their titles and outlets) mention.
        evidence = "\n".join(dict.fromkeys(_with_context(c.hit) for c in chosen))
        support = closest.similarity + (_coverage(weights, evidence) if weights else 1.0)
        # A binding outweighs low support as it does low similarity: "Who leads the
        # opposition?" is short, and "Opposition leader Karin Berg" answers it exactly.
        if support < self.min_support and not bound and self._on("refuse.low-support"):
            return _refused(
                "refuse.low-support",
                f"support {support:.2f} (similarity plus coverage) is below {self.min_support}",
            )
        mismatch = missing_focus(
            question,
            evidence,
            [c.text for c in chosen],
            [_with_context(c.hit) for c in chosen],
            question_verbs(self.nlp.parse(question, entities=False)),
            self._same_noun,
        )
        if (
            mismatch
            and mismatch[0] == "refuse.no-count"
            and (bound or self._counting(parsed, chosen, chosen))
        ):
            # "150 soldiers" counts the troops asked about; "about 600 jobs would go" counts
            # the jobs, though it does not say "merger" or "cut" (its report does).
            mismatch = None
        if mismatch and self._on(mismatch[0]):
            return _refused(*mismatch)
        if (
            parsed.answer_labels
            and self._on("refuse.no-entity")
            and not any(
                labelled(parsed, self.nlp.parse(c.text), _with_context(c.hit)) for c in chosen
            )
        ):
            kinds = (
                "name"
                if parsed.answer_labels == NAME_LABELS
                else "/".join(sorted(parsed.answer_labels)) + " entity"
            )
            return _refused("refuse.no-entity", f"the evidence gives no {kinds}")
        # The cited passages only, not their reports' other passages: a long report names
        # many years, and the year it gives a figure for is the cited passage's (a report
        # naming 2023 elsewhere had no 2023 figure to quote).
        years = unstated_years(
            parsed,
            {
                c.hit.passage.chunk_id: (
                    c.hit.passage.text,
                    c.hit.passage.title or "",
                    c.hit.passage.published,
                )
                for c in chosen
            }.values(),
        )
        if years and self._on("refuse.other-year"):
            # "How many people died in Belgorian mine accidents in 2023?" beside figures for
            # 2024 and 2025: the cited passages are about another time.
            return _refused(
                "refuse.other-year", f"no cited passage speaks of {', '.join(sorted(years))}"
            )
        if (
            parsed.years
            and self._on("refuse.other-year")
            and not any(_of_the_years(parsed.years, c) for c in chosen)
        ):
            # "What was inflation in April 2025?": the passage names 2025 (rates were raised
            # then), but no quoted sentence is about it; the one giving a rate is this year's.
            return _refused(
                "refuse.other-year",
                f"no quoted sentence speaks of {', '.join(sorted(parsed.years))}",
            )
        # Only a figure asked for a month: "the tram line approved in February" names a line.
        figure = parsed.kind in FIGURE_KINDS
        months = asked_months(read_as) if figure and self._on("refuse.other-month") else frozenset()
        if months and not parsed.years and not any(_of_the_months(months, c) for c in chosen):
            # "What was the inflation rate in January?" beside March's and February's.
            return _refused(
                "refuse.other-month",
                f"no quoted sentence speaks of {', '.join(m.title() for m in sorted(months))}",
            )
        days = asked_weekdays(read_as) if figure and self._on("refuse.other-day") else frozenset()
        if days and not any(_of_the_weekdays(days, c) for c in chosen):
            # "How much did Norwick's shares fall on Tuesday?" beside "fell 9.2 percent on
            # Monday": the quoted figures are another day's.
            return _refused(
                "refuse.other-day",
                f"no quoted sentence speaks of {', '.join(d.title() for d in sorted(days))}",
            )
        trace = [
            why(
                "select.sentences",
                f"{len(chosen)} sentence(s) from "
                f"{len({c.hit.passage.doc_id for c in chosen})} report(s); best similarity "
                f"{closest.similarity:.2f}, support {support:.2f}",
            )
        ]
        if reordered:
            trace.append(why("followup.new-sentence", "the previous answer's sentences come after"))
        unstated = ""
        if self._on("refuse.unstated-premise"):
            chosen, unstated, paraphrased = self._premise_first(
                question, parsed, chosen, scored, more
            )
            if paraphrased:
                trace.append(why("premise.paraphrased", paraphrased))
        lead, chosen, lead_trace = self._lead(parsed, expected, chosen, scored, more, candidates)
        if (lead is not None or lead_trace.rule == "lead.below-first") and any(
            c in more for c in chosen
        ):
            trace.append(why("lead.whole-passage", "bound in a sentence not embedded"))
        # A lead withheld for a rival value was bound: the reports do say it (lead.rival).
        withheld = lead_trace.rule in _WITHHELD_RULES
        if (
            lead is None
            and not withheld
            and parsed.kind == "role"
            and parsed.role[-1] not in KIND_NOUNS  # "Which company is ...?" names no role
            and not previous_answer  # "Who is its chief executive?": whose, the turn before says
            and self._on("refuse.no-role-holder")
        ):
            # "Who is the chief executive of Sound Ferries?" when the reports name only
            # another company's: a role question is answered by a name with that role or not.
            role = " ".join(parsed.role)
            unowned = self._unowned_role(parsed, chosen, scored)
            if unowned is None:
                return _refused("refuse.no-role-holder", f"no sentence names anyone as the {role}")
            holding, name = unowned
            chosen = [holding, *(c for c in chosen if c is not holding)][: self.max_sentences]
            lead_trace = why(
                "lead.role-unowned",
                f"{name} is named as a {role} without whose: quoted first, not stated",
            )
        if lead is None and unstated and not withheld:
            return _refused("refuse.unstated-premise", unstated)
        not_known = (
            self._said_unknown(
                question, parsed, chosen, withheld=lead_trace.rule if withheld else ""
            )
            if lead is None and self._on("refuse.undisclosed")
            else None
        )
        if not_known is not None:
            return _refused("refuse.undisclosed", not_known)
        # What the answer quotes when nothing leads (select.unbound): the refusal checks
        # below decide on the sentences chosen, `refuse.no-sum` on all it would show.
        unbound, unbound_detail = (
            self._unbound(chosen, scored)
            if lead_trace.rule == "lead.none" and self._on("select.unbound")
            else (chosen, "")
        )
        nothing_of_the_kind = (
            self._nothing_of_the_kind(parsed, question, chosen, unbound)
            if lead is None and not withheld
            else None
        )
        if nothing_of_the_kind is not None:
            return _refused(*nothing_of_the_kind)
        asked_then = _years_asked(parsed)
        # A year that only names the event ("the 2001 stadium disaster") asks for its figure
        # by the event: a sentence about that year answers a measure or a sum however it words
        # it; a count must still be of the noun counted.
        worded = parsed.kind == "count" or bool(asked_then - parsed.event_years)
        if (
            lead is None
            and not withheld
            and figure
            and asked_then
            and self._on("refuse.no-figure-then")
            and not any(
                _of_the_times(asked_then, c) and (not worded or self._gives_the_figure(parsed, c))
                for c in chosen
            )
        ):
            # "How many vessels were waiting in 2017?": the sentence about 2017 gives no
            # figure, and the figures quoted are of this week.
            return _refused(
                "refuse.no-figure-then",
                f"no quoted sentence gives a figure for {', '.join(sorted(asked_then))}",
            )
        if lead is None and not withheld and parsed.moved and self._on("refuse.other-way"):
            # "How much did the mark gain?" beside "The mark fell 0.6%": a false premise.
            contrary = next(
                (w for c in chosen if (w := moved_the_other_way(parsed, self.nlp.parse(c.text)))),
                None,
            )
            if contrary is not None:
                return _refused("refuse.other-way", contrary)
        trace.append(lead_trace)
        if unbound_detail and parsed.kind != "yesno":
            chosen = unbound
            trace.append(why("select.unbound", unbound_detail))
        figure_rule = lead_trace.rule
        if figure_rule in _QUOTED_FIRST_RULES:
            # The figure was bound, only not stated first: the reports may still differ on it.
            bound_first = self._bind(parsed, chosen[0])
            figure_rule = bound_first.rule if bound_first is not None else figure_rule
        differing = self._differing(parsed, figure_rule, chosen, scored, candidates, weights)
        if differing is not None:
            shown = [r.evidence for r in differing.reports]
            # The values' sentences come first; what the answer quoted before stays after them.
            chosen = [*shown, *(c for c in chosen if c not in shown)]
            trace.append(why(differing.rule, differing.detail))
        order = order_question(question, self.index.source_keys())
        if order:
            in_order = self._in_order(order, candidates, scored, weights)
            if in_order:
                lead, reports = in_order
                cited = {s.hit.passage.doc_id for s in reports}
                others = [c for c in chosen if c.hit.passage.doc_id not in cited]
                chosen = [*reports, *others][: max(self.max_sentences, len(reports))]
                trace[-1] = why("lead.order", lead.text)
        return Draft(
            refused=False,
            sentences=tuple(_whole_quotation(c) for c in chosen),
            lead=lead,
            why=tuple(trace),
            # An order question may have replaced the sentences the values are in.
            differing=differing
            if differing and all(r.evidence in chosen for r in differing.reports)
            else None,
        )

    def _lead(
        self,
        parsed: Question,
        expected: Expected,
        chosen: list[EvidenceSentence],
        scored: list[EvidenceSentence],
        more: Sequence[EvidenceSentence] = (),
        candidates: Sequence[EvidenceSentence] = (),
    ) -> tuple[Lead | None, list[EvidenceSentence], Why]:
        """The short answer the parse binds to what was asked, and the sentence it is in.

        The chosen sentences are tried first, then the other close sentences of the reports,
        then `more` of the cited passages' sentences (a sentence that binds joins the answer);
        for "Has anyone died?", any of the retrieved `candidates` that may say it.
        When none binds, a name that several cited reports give, and no other, may lead;
        otherwise nothing leads.
        """
        if parsed.kind is None:
            return None, chosen, why("lead.none", "the question asks for no figure, date or name")
        cited = {c.hit.passage.chunk_id for c in chosen}
        others = [
            s
            for s in scored
            if s not in chosen
            and (s.similarity >= self.min_similarity or s.hit.passage.chunk_id in cited)
            and s.term_coverage > 0
        ]
        others += [s for s in more if s.hit.passage.chunk_id in cited]
        happening = parsed.happening
        if happening is not None:
            # "No deaths have been reported" shares no word with "Has anyone died in the
            # fire?": any retrieved sentence that may say it is read.
            seen = {_key(s) for s in [*chosen, *others]}
            for s in [*scored, *candidates]:
                if _key(s) not in seen and may_tell(happening, s.text):
                    seen.add(_key(s))
                    others.append(s)
        tried = [*chosen, *others]
        for sentence in tried:
            binding = self._bind(parsed, sentence)
            if binding is None:
                continue
            if binding.rule in _NAME_RULES and _is_asked_about(
                binding.value, parsed, expected.question
            ):
                continue  # "Which team does he ride for?", read with his name: not him
            if binding.rule == "lead.happened" and self._on("lead.contradicted"):
                opposite = self._contradicting(parsed, binding, tried)
                if opposite is not None:
                    # Both sentences are quoted first: the reader weighs one against the other.
                    shown = self._both_first(sentence, opposite, chosen)
                    detail = (
                        f"{binding.value!r} from {sentence.text[:60]!r}; the other way from "
                        f"{opposite.text[:60]!r}"
                    )
                    return None, shown, why("lead.contradicted", detail)
            if sentence not in chosen:
                chosen = [*chosen[: self.max_sentences - 1], sentence]
            if sentence is not chosen[0] and self._on("lead.rival"):
                best = chosen[0]
                other = rival(
                    parsed,
                    self.nlp.parse(best.text),
                    binding,
                    self._same_noun,
                    best.hit.passage.title or "",
                )
                if other is not None:
                    detail = (
                        f"{binding.value} is bound in a lower sentence; the best one gives {other}"
                    )
                    return None, chosen, why("lead.rival", detail)
            if self._on("lead.ambiguous"):
                other = ambiguous(parsed, self.nlp.parse(sentence.text), binding, self._same_noun)
                if other is not None:
                    # The sentence holding both figures answers alone, quoted first.
                    moved = [sentence, *(c for c in chosen if c is not sentence)]
                    detail = f"{binding.value} and {other} are figures of one clause"
                    return None, moved, why("lead.ambiguous", detail)
            if binding.rule in _TWICE_BOUND_RULES and self._on("lead.bound-twice"):
                second = self._bound_twice(parsed, binding, sentence, tried[:SECOND_LOOK])
                if second is not None:
                    # Both sentences are quoted first: which figure is the one asked, the
                    # reader can tell from them ("now", "last year"); the parse cannot.
                    rival_sentence, value = second
                    shown = self._both_first(sentence, rival_sentence, chosen)
                    detail = f"{binding.value} and, in another sentence of its report, {value}"
                    return None, shown, why("lead.bound-twice", detail)
            if binding.rule in _SENTENCE_FIRST_RULES and self._on("lead.sentence-first"):
                # The parse's tie of a figure to the thing measured or priced was wrong more
                # often than right on reports nobody tuned for: the sentence answers alone.
                moved = [sentence, *(c for c in chosen if c is not sentence)]
                detail = f"{binding.rule} binds {binding.value!r} here; the sentence answers alone"
                return None, moved, why("lead.sentence-first", detail)
            if (
                sentence is not chosen[0]
                and binding.rule in _BELOW_FIRST_RULES
                and self._on("lead.below-first")
            ):
                # A count or a name parsed out of a sentence the ranking put below another is
                # stated wrongly far more often (validation sets: 11 of 30 against 7 of 56 from
                # the first sentence): quoted first, it still answers, and the reader judges it.
                moved = [sentence, *(c for c in chosen if c is not sentence)]
                detail = (
                    f"{binding.rule} binds {binding.value!r} in a sentence below the first; "
                    "that sentence answers alone"
                )
                return None, moved, why("lead.below-first", detail)
            value, detail = binding.value, binding.detail
            if binding.rule in {"lead.role", "lead.agent"} and " " not in value:
                value = self._full_name(expected, value, sentence, [*chosen, *others])
            published = sentence.hit.passage.published
            day = None
            if binding.rule == "lead.date":
                day = calendar_day(binding.quoted, self.nlp.parse(sentence.text), published)
            if day is not None:
                # "Saturday" months later tells a reader nothing: the day it was, too.
                value = f"{value} ({day.day} {day:%B %Y})"
                detail += f"; {binding.quoted} is {day.isoformat()}, counted from the report's date"
            # The sentence the lead cites comes first: it is what the answer rests on.
            chosen = [sentence, *(c for c in chosen if c is not sentence)]
            return Lead(value, (binding.quoted,)), chosen, why(binding.rule, detail)
        if parsed.age and self._on("lead.age-of-role"):
            found = self._age_of_role(parsed, [*tried, *candidates])
            if found is not None:
                aged, holding, binding, name = found
                shown = [aged, holding, *(c for c in chosen if c not in (aged, holding))]
                detail = f"{parsed.aged!r} is {name} in {holding.text[:60]!r}; {binding.detail}"
                return (
                    Lead(binding.value, (binding.quoted,)),
                    shown[: self.max_sentences],
                    why("lead.age-of-role", detail),
                )
        reports = len({c.hit.passage.doc_id for c in chosen})
        if (
            parsed.kind in {"role", "agent"}
            and expected.kind == "name"
            and (reports > 1 or parsed.described)
            and self._on("lead.corroborated-name")
        ):
            named = expected.lead(chosen)
            if named is not None and _is_asked_about(named.text, parsed, expected.question):
                named = None  # not the one the question is about
            if named is not None and self._only_a_setting(named.text, chosen):
                named = None  # "Veskaria", named in two ledes, runs no mine
            if named is not None and not _with_the_role(parsed, named.text, chosen):
                named = None  # "Kessler Bridge", in two reports, is no mayor
            if named is not None:
                if " " not in named.text:
                    full = self._full_name(expected, named.text, chosen[0], chosen)
                    named = Lead(full, named.quoted)
                return named, chosen, why("lead.corroborated-name", named.text)
        # Only the best sentence: a "no" in a sentence ranked lower may be about another thing
        # than the one the question asks (`lead.below-first`).
        denial = self._denied(parsed, chosen[0])
        if denial is not None:
            return Lead(denial.value, (denial.quoted,)), chosen, why(denial.rule, denial.detail)
        detail = f"nothing in the sentences is bound to the {parsed.kind} asked for"
        timed = self._of_the_time_first(parsed, chosen, others)
        if timed is not None:
            moved = [timed, *(c for c in chosen[: self.max_sentences - 1] if c is not timed)]
            times = ", ".join(sorted(parsed.times | parsed.years))
            detail = f"{detail}; the sentence giving a figure of {times} comes first"
            return None, moved, why("lead.time-first", detail)
        counting = self._counting_first(parsed, chosen, others)
        if counting is not None:
            sentence, counted = counting
            moved = [sentence, *(c for c in chosen[: self.max_sentences - 1] if c is not sentence)]
            detail = f"{detail}; the sentence giving {counted!r} comes first"
            return None, moved, why("lead.counting-first", detail)
        first = self.nlp.parse(chosen[0].text)
        # Moved only when the best sentence surely offers none (what might be one counts).
        if self._on("lead.offering-first") and offers(parsed, first, maybe=True) is None:
            # The first statement is what a reader takes for the answer: a quoted sentence
            # that gives a value of the type asked goes before one that gives none.
            # Only from the same report: another report's figure may be of another event.
            report = chosen[0].hit.passage.doc_id
            for sentence in chosen[1:]:
                if sentence.hit.passage.doc_id != report:
                    continue
                offered = offers(parsed, self.nlp.parse(sentence.text))
                if offered is not None:
                    moved = [sentence, *(c for c in chosen if c is not sentence)]
                    detail = f"{detail}; the sentence giving {offered!r} comes first"
                    return None, moved, why("lead.offering-first", detail)
        return None, chosen, why("lead.none", detail)

    def _age_of_role(
        self, parsed: Question, pool: Sequence[EvidenceSentence]
    ) -> tuple[EvidenceSentence, EvidenceSentence, Binding, str] | None:
        """rule lead.age-of-role: "How old is Calder's chief executive?" when no sentence gives
        the age beside the role. News names a person with the role once ("Calder's chief
        executive, Naomi Fairbank, will lead the group") and gives the age beside the name
        elsewhere ("Fairbank, 48, said"). The role is bound as "Who is Calder's chief
        executive?" would be, best sentence first; the age as "How old is Naomi Fairbank?"
        would be, in that sentence's report only (another report's Fairbank may be another
        person). Returns the age's sentence, the role's, the age's binding and the
        name."""
        if not parsed.aged:
            return None
        be = "was" if parsed.words & PAST_BE else "is"
        holder = parse_question(f"Who {be} {parsed.aged}?", self.nlp)
        if holder.kind != "role" or not holder.role or holder.role[-1] in KIND_NOUNS:
            return None  # "How old is Naomi Fairbank?" names her: `lead.age` reads it
        unique: dict[tuple[str, int], EvidenceSentence] = {}
        for sentence in pool:
            unique.setdefault(_key(sentence), sentence)
        sentences = list(unique.values())
        for sentence in sentences:
            role = self._bind(holder, sentence)
            if role is None or role.rule != "lead.role":
                continue
            person = parse_question(f"How old {be} {role.value}?", self.nlp)
            report = sentence.hit.passage.doc_id
            for other in sentences:
                if other.hit.passage.doc_id != report:
                    continue
                age = self._bind(person, other)
                if age is not None and age.rule == "lead.age":
                    return other, sentence, age, role.value
        return None

    def _both_first(
        self,
        first: EvidenceSentence,
        second: EvidenceSentence,
        chosen: Sequence[EvidenceSentence],
    ) -> list[EvidenceSentence]:
        """Two sentences a reader must weigh against each other, quoted before the rest."""
        both = [first, second]
        return [*both, *(c for c in chosen if c not in both)][: self.max_sentences]

    def _bound_twice(
        self,
        parsed: Question,
        binding: Binding,
        sentence: EvidenceSentence,
        tried: Sequence[EvidenceSentence],
    ) -> tuple[EvidenceSentence, str] | None:
        """rule lead.bound-twice: another of the first sentences tried, of the same report,
        binds by the same rule a figure that cannot be the lead's ("600,000 people" in the
        opening paragraph, "1.4 million people will be under the ban" further down, for "How
        many people are now covered by the ban?"). No rival: a sentence naming another year
        than its report's ("In 2004, turnout was 49 percent"), or one giving a part of a total
        ("of them", "including"). Other reports' figures are weighed by
        `conflict.reports-differ` instead."""
        report = sentence.hit.passage
        for other in tried:
            if other is sentence or other.hit.passage.doc_id != report.doc_id:
                continue
            if of_another_year(other.text, report.published, parsed.numbers):
                continue
            if _PARTITIVE.search(other.text):
                continue  # "Of them, four were injured seriously": a part of the total
            found = self._bind(parsed, other)
            if found is None or found.rule != binding.rule:
                continue
            if differ(binding.quoted, found.quoted):
                return other, found.value
        return None

    def _with_counting(
        self, parsed: Question, chosen: list[EvidenceSentence], scored: list[EvidenceSentence]
    ) -> list[EvidenceSentence]:
        """rule lead.counting-first, before the refusal checks read the quotes: for "how many
        X", the closest sentence of a cited report that counts X joins them when none does
        ("the loss of about 1,100 jobs" for "How many jobs will be lost?", below sentences
        giving other figures)."""
        found = self._counting(parsed, chosen, [s for s in scored if s.term_coverage > 0])
        if found is None or found[0] in chosen:
            return chosen
        return [*chosen[: self.max_sentences - 1], found[0]]

    def _nothing_of_the_kind(
        self,
        parsed: Question,
        question: str,
        chosen: list[EvidenceSentence],
        shown: list[EvidenceSentence],
    ) -> tuple[str, str] | None:
        """The refusal, as `(rule, detail)`, when nothing leads and no quoted sentence gives
        any value of the kind asked: quoted alone, a sentence about the right thing reads as
        the answer ("How old is prosecutor Hedda Lind?" beside "Prosecutor Hedda Lind had
        asked for a nine-year sentence"). A time or a figure (refuse.no-time, refuse.no-figure),
        an age (refuse.no-age), a name for the one whose name is asked (refuse.unnamed)."""
        value = _value_asked(parsed, question)
        if value is not None and not any(gives_a_value(value, c.text) for c in chosen):
            rule = "refuse.no-figure" if value == "figure" else "refuse.no-time"
            if self._on(rule):
                what = "figure" if value == "figure" else "time"
                return rule, f"no quoted sentence gives any {what}"
        if (
            value == "figure"
            and parsed.kind == "amount"
            and (money := _money_asked(parsed.words))
            and self._on("refuse.no-sum")
            and not any(gives_a_sum(self.nlp.parse(c.text), money) for c in shown)
        ):
            # "How much did the 2019 fire cost?" beside "burned 4,100 hectares over 12 days".
            # Read in every sentence the answer would quote (`shown`, with select.unbound's).
            return "refuse.no-sum", "no quoted sentence gives a sum of money"
        if (
            parsed.age
            and self._on("refuse.no-age")
            and not any(gives_an_age(c.text) for c in chosen)
        ):
            return "refuse.no-age", "no quoted sentence gives an age"
        if parsed.name_of and self._on("refuse.unnamed"):
            # "The boy, who had been in intensive care, died on Wednesday": the reports speak
            # of him, nameless.
            given = {name_given(parsed, self.nlp.parse(c.text), self._same_noun) for c in chosen}
            if False in given and True not in given:
                return "refuse.unnamed", f"the quoted sentences give the {parsed.name_of} no name"
        return None

    def _of_the_time_first(
        self,
        parsed: Question,
        chosen: list[EvidenceSentence],
        others: Sequence[EvidenceSentence],
    ) -> EvidenceSentence | None:
        """rule lead.time-first: with no lead for a figure asked of a time ("How many people
        died of marsh fever in 2024?"), a sentence of a cited report that says every time
        asked (not only as the day something was said), the question's deed ("killed") and
        names, and a value of the type asked (for "how many X", a count of X) goes first, when
        the best sentence does not say the time ("Marsh fever has killed 23 people so far this
        year"). Closest first. None when the rule does not apply, or no such sentence is found.
        An outside review of a first version, which read the time and the figure only, found
        seven right answers put below "the crown firmed on Tuesday" for bond yields, "Green
        Harbour won 28 of the 75 seats on Thursday" for Union Bloc's, "arrested 27 people on
        Thursday" for how many were released."""
        if (
            parsed.kind not in FIGURE_KINDS
            or not (parsed.times | parsed.years)
            or not self._on("lead.time-first")
        ):
            return None
        asked = len(parsed.times | parsed.years)
        if _times_said(parsed, without_since(chosen[0].text)) >= asked:
            return None
        reports = {c.hit.passage.doc_id for c in chosen}
        for sentence in [*chosen[1:], *others]:
            if sentence.hit.passage.doc_id not in reports:
                continue
            # "the canal authority said on Tuesday" dates the saying, not a figure.
            said = REPORTED_ON.sub(" ", without_since(sentence.text))
            if _times_said(parsed, said) < asked:
                continue
            parse = self.nlp.parse(sentence.text)
            passage = sentence.hit.passage
            if not _says_what_happened(parsed, parse) or not names_present(
                parsed, parse, passage.title or "", passage.text
            ):
                continue  # "the crown firmed on Tuesday" for how far bond yields fell
            gives = (
                counts_asked_noun(parsed, parse, self._same_noun)  # not "9,800 in shelters"
                if parsed.kind == "count" and parsed.counted
                else offers(parsed, parse)
            )
            if gives is not None:
                return sentence
        return None

    def _counting_first(
        self,
        parsed: Question,
        chosen: list[EvidenceSentence],
        others: Sequence[EvidenceSentence],
    ) -> tuple[EvidenceSentence, str] | None:
        """rule lead.counting-first: with no lead for "how many X", a quoted sentence that
        counts X goes first ("18,500 runners started the race ..., and 17,212 finished"
        rather than "It was his first marathon win"); from the first sentence's report,
        closest first (another report's count may be of another story: "killing four people"
        in Aleppo for "How many people were evacuated because of the wildfire?"). None when
        the first sentence counts X already, or none does; or when the counting sentence says
        fewer of the times the question asks of than the first, unless that one says only
        another harm than the one asked ("How many ships were waiting on Friday?": "the number
        of ships waiting has risen from 41 on Friday" stays first, above "leaving 73 container
        ships waiting" in a report of Tuesday)."""
        found = self._counting(parsed, chosen[:1], [*chosen, *others])
        if found is None or found[0] is chosen[0]:
            return None
        if _times_said(parsed, found[0].text) < _times_said(parsed, chosen[0].text) and (
            not says_another_harm(parsed, self.nlp.parse(chosen[0].text))
            or _other_times(parsed, found[0].text)
        ):
            return None
        return found

    def _counting(
        self,
        parsed: Question,
        chosen: Sequence[EvidenceSentence],
        sentences: Sequence[EvidenceSentence],
    ) -> tuple[EvidenceSentence, str] | None:
        """The first of `sentences` from a report `chosen` cites whose figure the parse ties
        to the noun "how many" counts, with that figure (`lead.counting-first`); None when
        none does, or the rule does not apply."""
        if parsed.kind != "count" or not parsed.counted or not self._on("lead.counting-first"):
            return None
        reports = {c.hit.passage.doc_id for c in chosen}
        for sentence in sentences:
            if sentence.hit.passage.doc_id not in reports:
                continue
            counted = counts_asked_noun(parsed, self.nlp.parse(sentence.text), self._same_noun)
            if counted is not None:
                return sentence, counted
        return None

    def _contradicting(
        self, parsed: Question, binding: Binding, sentences: Sequence[EvidenceSentence]
    ) -> EvidenceSentence | None:
        """A sentence that answers the other way ("two died" beside "no deaths"): a report
        that updates another, or two events; a reader needs both, so neither leads."""
        happening = parsed.happening
        if happening is None:
            return None
        for sentence in sentences:
            if not may_tell(happening, sentence.text):
                continue
            other = self._bind(parsed, sentence)
            if other is not None and other.value != binding.value:
                return sentence
        return None

    def _differing(
        self,
        parsed: Question,
        lead_rule: str,
        chosen: list[EvidenceSentence],
        scored: list[EvidenceSentence],
        candidates: list[EvidenceSentence],
        weights: dict[str, float],
    ) -> Disagreement[EvidenceSentence] | None:
        """Other reports that bind, by the lead's rule, a value the lead's cannot agree with
        (bot.answering.conflicts). Read in the lead's order: the chosen sentences, the other
        close ones, then the rest of the retrieved sentences that share the question's words.
        """
        if lead_rule not in FIGURE_RULES or not self._on("conflict.reports-differ"):
            return None
        seen = {(s.hit.passage.chunk_id, s.start) for s in scored}
        close = [
            s
            for s in scored
            if s not in chosen and s.similarity >= self.min_similarity and s.term_coverage > 0
        ]
        unscored = [
            c
            for c in candidates
            if (c.hit.passage.chunk_id, c.start) not in seen
            and _coverage(weights, c.hit.passage.title or "", c.text) > 0
        ]

        def bound(sentence: EvidenceSentence) -> str | None:
            passage = sentence.hit.passage
            if of_another_year(sentence.text, passage.published, parsed.numbers):
                return None  # "In 2004, turnout was 49 percent": not this report's figure
            doc = self.nlp.parse(sentence.text)
            if _names_only_others(parsed, doc):
                return None  # "the Kemmel Home plant employs about 700": not Velstrand's plant
            # The names asked about may be anywhere in the report's passage ("the Kestrel
            # Dawn" named once, then "the ferry"), not only in the sentence or headline.
            binding = bind(
                parsed,
                doc,
                same_noun=self._same_noun,
                headline=f"{passage.title or ''}\n{passage.text}",
                passage=passage.text,
            )
            return binding.value if binding and binding.rule == lead_rule else None

        reports = gather(
            [*chosen, *close, *unscored],
            bound,
            lambda s: (s.hit.passage.doc_id, s.hit.passage.source, s.hit.passage.published),
        )
        reports = same_event(reports, lambda r: _coverage(weights, _with_context(r.evidence.hit)))
        reports = same_story(reports, self._headline_similarity(reports))
        found = disagreement(reports, dates=lead_rule == "lead.date")
        if found is not None and not self._on(found.rule):
            return None
        return found

    def _headline_similarity(
        self, reports: Sequence[Reported[EvidenceSentence]]
    ) -> Callable[[Reported[EvidenceSentence], Reported[EvidenceSentence]], float | None]:
        """Cosine similarity of two reports' headlines (None when one has none), the
        headlines encoded together once."""
        titles = {r.doc_id: r.evidence.hit.passage.title for r in reports}
        known = sorted({t for t in titles.values() if t})
        vectors = dict(zip(known, self.sentence_vectors.encode(known), strict=True))

        def similarity(
            a: Reported[EvidenceSentence], b: Reported[EvidenceSentence]
        ) -> float | None:
            first, second = titles[a.doc_id], titles[b.doc_id]
            if not first or not second:
                return None
            return float(np.dot(vectors[first], vectors[second]))

        return similarity

    def _said_unknown(
        self,
        question: str,
        parsed: Question,
        chosen: Sequence[EvidenceSentence],
        *,
        withheld: str = "",
    ) -> str | None:
        """Why the reports do not answer, when a quoted sentence says that what is asked is
        not known ("Castellan has not said how much it would charge for vericarbin"), of
        someone the question names, if it names any: the sentence names them, or names no one
        else in a passage that does ("He did not say when the challenge would be filed" in a
        report on the Social Democrats' challenge); None otherwise (`undisclosed`). When a
        lead was withheld for a value bound elsewhere (`withheld`: the rule that withheld it),
        the unknown must hold most of what is asked, in another sentence than those the rule
        quoted first for their values."""
        # "Did the minister name the ship?" is answered No by "he declined to name it"; only
        # "did not say whether" leaves a yes/no question open.
        kind = _UNDISCLOSED_KINDS.get(parsed.kind or "")
        opening = question.split(maxsplit=1)[0].lower() if question.strip() else ""
        if kind is None and re.search(r"\bname\b", question, re.IGNORECASE):
            kind = "name"
        elif kind is None and opening in {"how", "why"}:
            kind = "manner" if opening == "how" else "reason"
        # A lead withheld quotes the sentences that bind a value first (two for
        # `lead.bound-twice`): they give it, whatever they leave open ("did not say how many
        # of the warehouse's 65 workers would be transferred").
        valued = (2 if withheld == "lead.bound-twice" else 1) if withheld else 0
        for sentence in chosen[valued:]:
            words = set(tokenize(sentence.text))
            if (
                parsed.names
                and not parsed.names & words
                and (
                    not parsed.names & set(tokenize(sentence.hit.passage.text))
                    or self._names_another(parsed, sentence)
                )
            ):
                continue  # about someone else: "Hartley's would not say" for Marlow's debt
            phrase = undisclosed(kind, question, sentence.text, wholly=bool(withheld))
            if phrase is None or (
                # "awarded the tender to Halvorsen Bygg, but declined to name the losers"
                parsed.kind in _WHO_KINDS and self._names_another(parsed, sentence)
            ):
                continue
            return f"a quoted sentence says it is not known ({phrase!r}): {sentence.text!r}"
        return None

    def _names_another(self, parsed: Question, sentence: EvidenceSentence) -> bool:
        """Whether the sentence names a person or an organisation the question does not: a
        name it gives may be the answer, whatever else it withholds."""
        return any(
            e.label_ in _WHO_LABELS and e.root.lower_ not in parsed.names
            for e in self.nlp.parse(sentence.text).ents
        )

    def _gives_the_figure(self, parsed: Question, sentence: EvidenceSentence) -> bool:
        """Whether the sentence gives a figure of what the question asks about: a number of
        the counted noun ("six days" for how many days), or a figure beside the word asked
        about ("a pay rise of 9 percent" for what pay rise), or any figure when the question
        names no such word. "The canal was last closed in 2017 ... for 19 hours" gives none
        for how many vessels waited in 2017."""
        doc = self.nlp.parse(sentence.text)
        if parsed.counted and counts_asked_noun(parsed, doc, self._same_noun) is not None:
            return True
        if parsed.counted in _ANYONE:
            # "Seven members of a school group were killed" counts people; "about 900
            # flights" does not.
            return (
                counts_asked_noun(parsed, doc, lambda _, found: found in PEOPLE_NOUNS) is not None
            )
        if offers(parsed, doc, maybe=True) is None:
            return False
        if parsed.kind == "amount" and offers(parsed, doc) is not None:
            return True  # a sum of money for a sum asked: "sales rose to 2.1 billion euros"
        # The parse may not tie the figure to the noun ("Quorra's roughly 42,000 customers").
        asked = parsed.counted or parsed.focus
        return asked is None or bool(said_in([asked], sentence.text))

    def _bound(
        self, parsed: Question, scored: Sequence[EvidenceSentence]
    ) -> tuple[EvidenceSentence, Binding] | None:
        """The best-scored close sentence whose parse binds what was asked, if any."""
        if parsed.kind is None:
            return None
        for sentence in scored:
            if sentence.term_coverage <= 0:
                continue
            binding = self._bind(parsed, sentence)
            if binding is not None:
                return sentence, binding
        return None

    def _full_name(
        self,
        expected: Expected,
        name: str,
        sentence: EvidenceSentence,
        read: Sequence[EvidenceSentence],
    ) -> str:
        """ "Altman": the full name, from the sentence's own report first (rule
        `lead.same-report-name`: another report's "Tomas Rehn" is not this report's "Rehn"),
        then from other reports, which may give the full name the retrieved ones leave out."""
        # "Aldis, 44, ... has led the party since 2023, when its founder, the late Viktor Aldis,
        # died": a full form the sentence writes beside the bare surname is another person.
        others = _others_of_the_name(name, sentence.text)
        if self._on("lead.same-report-name"):
            doc_id = sentence.hit.passage.doc_id
            own = {
                s.hit.passage.chunk_id: s.hit.passage
                for s in [sentence, *read]
                if s.hit.passage.doc_id == doc_id
            }
            texts = [t for p in own.values() for t in (p.title or "", p.text)]
            local = Expected(expected.question, texts).full_name(name, others)
            if " " in local:
                return local
        expected.read(self.index.texts_mentioning(name, k=FULL_NAME_PASSAGES))
        return expected.full_name(name, others)

    def _bind(self, parsed: Question, sentence: EvidenceSentence) -> Binding | None:
        """What the sentence's parse binds to the question, by a rule that is turned on."""
        binding = bind(
            parsed,
            self.nlp.parse(sentence.text),
            same_noun=self._same_noun,
            headline=sentence.hit.passage.title or "",
            passage=sentence.hit.passage.text,
            published=sentence.hit.passage.published,
        )
        return binding if binding is not None and self._on(binding.rule) else None

    def _denied(self, parsed: Question, sentence: EvidenceSentence) -> Binding | None:
        """lead.denied, when turned on: a "no" the sentence says with another verb."""
        if parsed.kind != "yesno" or not self._on("lead.denied"):
            return None
        passage = sentence.hit.passage
        return denied(
            parsed,
            self.nlp.parse(sentence.text),
            same_noun=self._same_noun,
            headline=passage.title or "",
            passage=passage.text,
        )

    def _same_noun(self, asked: str, found: str) -> bool:
        """The same lemma, a counted noun's other word (`same_counted`: "jobs"/"positions"), or
        nouns the model holds for synonyms ("troops"/"soldiers" 0.89, "planes"/"aircraft"
        0.87; "buses"/"trams" 0.57 and "cranes"/"storks" 0.20 are not)."""
        if same_counted(asked, found):
            return True
        return self.word_vectors.similarity(asked, found) >= SAME_NOUN_SIMILARITY

    def _premise_first(
        self,
        question: str,
        parsed: Question,
        chosen: list[EvidenceSentence],
        scored: Sequence[EvidenceSentence],
        more: Sequence[EvidenceSentence],
    ) -> tuple[list[EvidenceSentence], str, str]:
        """The chosen sentences, joined by one that states the question's predicate if none
        does; why none could be found ("" when one was, or when the question has no single
        predicate to check: `bot.answering.premise`); and, when a chosen sentence says it by
        another verb (`premise.paraphrased`), which.

        The sentence that joins is the best close sentence of the reports (or any of the cited
        passages' sentences) that states it. It joins last: it may not be about what the
        question is ("Reservoirs have fallen" for "How much rain has fallen?").
        """
        asked = premise(self.nlp.parse(question, entities=False))
        if asked is None:
            return chosen, "", ""

        def stating(sentences: Sequence[EvidenceSentence]) -> EvidenceSentence | None:
            parses = [self.nlp.parse(s.text) for s in sentences]
            # The verbs are compared by meaning: encoded in one batch.
            verbs = [t.lower_ for p in parses for t in p if t.pos_ == "VERB" or t.tag_[:2] == "VB"]
            self.word_vectors.encode([asked.word, *verbs])
            for sentence, parse in zip(sentences, parses, strict=True):
                if stated_by(asked, parse, self.word_vectors.similarity, SAME_PREDICATE_SIMILARITY):
                    return sentence
            return None

        if stating(chosen) is not None:
            return chosen, "", ""
        cited = {c.hit.passage.chunk_id for c in chosen}
        joining = stating(
            [
                s
                for s in [*scored, *more]
                if s not in chosen
                and s.term_coverage > 0
                and (s.similarity >= self.min_similarity or s.hit.passage.chunk_id in cited)
            ]
        )
        if joining is not None:
            return [*chosen[: self.max_sentences - 1], joining], "", ""
        if self._on("premise.paraphrased"):
            for sentence in chosen:
                if holds_the_rest(asked, question, sentence.text) and offers(
                    parsed, self.nlp.parse(sentence.text)
                ):
                    return chosen, "", f"'{asked.word}' said otherwise: {sentence.text[:80]}"
        return chosen, f"no quoted sentence says '{asked.word}' or a word close to it", ""

    def _only_a_setting(self, name: str, chosen: Sequence[EvidenceSentence]) -> bool:
        """Whether the quoted sentences write `name` only as a setting: each time after a
        preposition of place ("miners across Veskaria", "stole a crown from the Halden
        Maritime Museum"). Who did or holds something is named somewhere as a participant
        ("the trial for Sam Bankman-Fried", "thrust Altman into the spotlight"); the parse
        decides, not the recogniser, which calls invented and rare names places."""
        last = re.split(r"[\s-]+", name)[-1]
        found = False
        for sentence in chosen:
            if last not in sentence.text:
                continue
            for token in self.nlp.parse(sentence.text):
                if token.text != last:
                    continue
                found = True
                head = token
                while head.dep_ in {"compound", "amod", "flat"} and head.head.i != head.i:
                    head = head.head
                if head.dep_ != "pobj" or head.head.lower_ not in _SETTING_PREPOSITIONS:
                    return False  # "Corvelle agreed ...", "the trial for X": a participant
        return found

    def _unowned_role(
        self,
        parsed: Question,
        chosen: list[EvidenceSentence],
        scored: list[EvidenceSentence],
    ) -> tuple[EvidenceSentence, str] | None:
        """lead.role-unowned: a sentence among those quoted or ranked that names someone with
        the role asked, without saying whose ("Chief executive Marta Ilvesson apologised", in
        a report on Brennholt; "Her lawyer, Clara Moen"), in a passage that names the owner
        asked about in some form ("Ferrant's" for Ferrant Athletic), and with its sentence.
        Not stated as the answer (the owner is unsaid), but no reason to refuse: the reader
        sees whose. A passage about another company ("the company's chief executive" in a
        report on Kestrion) does not count."""
        if not self._on("lead.role-unowned"):
            return None
        owner = set(tokenize(" ".join(parsed.names))) - STOPWORDS
        for sentence in [*chosen, *(s for s in scored if s not in chosen)]:
            if owner and not owner & set(tokenize(_with_context(sentence.hit))):
                continue
            name = role_holder(parsed, self.nlp.parse(sentence.text))
            if name is not None:
                return sentence, name
        return None

    def _on(self, rule: str) -> bool:
        return rule not in self.disabled_rules

    def _in_order(
        self,
        order: OrderQuestion,
        candidates: list[EvidenceSentence],
        scored: list[EvidenceSentence],
        weights: dict[str, float],
    ) -> tuple[Lead, list[EvidenceSentence]] | None:
        """The order of the two reports the question compares, with a sentence of each."""
        known = {(s.hit.passage.chunk_id, s.start): s for s in scored}
        sentences = [known.get((c.hit.passage.chunk_id, c.start), c) for c in candidates]
        first = _side_report(order.first, order.first_outlets, sentences, weights, set())
        if first is None:
            return None
        second = _side_report(
            order.second, order.second_outlets, sentences, weights, {first.hit.passage.doc_id}
        )
        if second is None:
            return None
        first_day, second_day = first.hit.passage.published, second.hit.passage.published
        if first_day is None or second_day is None:
            return None
        dated = "; ".join(
            f"{s.hit.passage.source}, {day.day} {day:%B %Y}"
            for s, day in ((first, first_day), (second, second_day))
        )
        text = f"{verdict(order, first_day, second_day)}: {dated}"
        return Lead(text, (first.text, second.text)), [first, second]

    def _select(
        self,
        scored: list[EvidenceSentence],
        closest: EvidenceSentence,
        weights: dict[str, float],
        expected: Expected,
    ) -> list[EvidenceSentence]:
        """The best-ranked sentence, then those almost as good as the `closest` match or
        covering what it leaves out, and the best one offering what the question asks for if
        none of those does.

        The second rule brings in the other articles of a multi-part question ("did A report
        X, and B report Y?"): a sentence joins when it adds enough of the question's terms.
        The third answers "When did the counts begin?" with "... since counts began in 1979"
        even when "Volunteers counted 8,400 cranes" matches the question better.
        """
        best = scored[0]
        chosen = [best]
        covered = _coverage(weights, best.text)
        for sentence in scored[1:]:
            if len(chosen) >= self.max_sentences:
                break
            if sentence.text in {c.text for c in chosen}:
                continue
            gain = _coverage(weights, *(c.text for c in chosen), sentence.text)
            # "Almost as good" reads the match, as the thresholds do (`EvidenceSentence`).
            if sentence.score >= closest.score * self.keep_ratio or (
                gain - covered >= self.min_gain and sentence.similarity >= self.min_similarity
            ):
                chosen.append(sentence)
                covered = max(covered, gain)
        if expected.kind and not any(expected.offered_by(c.text) for c in chosen):
            # In a report already cited, or close enough on its own; ranked with its passage's
            # closeness: "Construction will cost 610 million euros" answers "How much will the
            # tram cost?" in the article about the tram.
            cited = {c.hit.passage.chunk_id for c in chosen}
            answering = max(
                (
                    s
                    for s in scored
                    if (s.similarity >= self.min_similarity or s.hit.passage.chunk_id in cited)
                    and s.term_coverage > 0
                    and expected.offered_by(s.text)
                ),
                key=lambda s: s.score + s.hit.similarity,
                default=None,
            )
            if answering is not None:
                chosen = [*chosen[: self.max_sentences - 1], answering]
        return chosen

    def _unbound(
        self, chosen: list[EvidenceSentence], scored: list[EvidenceSentence]
    ) -> tuple[list[EvidenceSentence], str]:
        """rule select.unbound: nothing leads, so the reader weighs the quotes alone; those
        chosen for the refusal checks and the binders may leave out the next-ranked close
        sentence that does answer ("Turnout was 67.4%" below "About 3.24 million of the
        country's 4.8 million registered voters cast ballots"). The quotes go on, in rank
        order, to `max_sentences` close sentences of the reports already cited: another
        report's would read as the answer to a question about this one (another person's
        salary for "How much is Solberg paid?"). The refusal checks and the binders have
        read the chosen ones already: they decide alone whether to answer and what leads."""
        shown = {c.text for c in chosen}
        cited = {c.hit.passage.doc_id for c in chosen}
        more = [
            s
            for s in scored
            if s.text not in shown
            and s.hit.passage.doc_id in cited
            and s.similarity >= self.min_similarity
        ][: max(self.max_sentences - len(chosen), 0)]
        if not more:
            return chosen, ""
        return [*chosen, *more], f"nothing leads: {len(more)} more close sentence(s) quoted"

    def _terms(self, question: str) -> QuestionTerms:
        """IDF of each question term over the stored passages (BM25's formula)."""
        terms = content_terms(question, drop_generic=True)
        total = max(self.index.count(), 1)
        frequencies = self.index.document_frequencies(terms) if terms else {}
        return QuestionTerms(
            weights={
                term: math.log(1.0 + (total - df + 0.5) / (df + 0.5))
                for term, df in frequencies.items()
            },
            unseen=frozenset(term for term, df in frequencies.items() if df == 0),
        )

    def _score(
        self,
        candidates: list[EvidenceSentence],
        question_vector: np.ndarray,
        weights: dict[str, float],
        expected: Expected,
        roles: frozenset[tuple[str, ...]] = frozenset(),
    ) -> list[EvidenceSentence]:
        covered = _covered(candidates, weights)
        # Embedding sentences is most of an answer's cost; only the most promising are
        # embedded, ranked first by their passage's similarity and their own term coverage.
        if len(covered) > self.max_embedded_sentences:
            covered = sorted(
                covered, key=lambda c: c.hit.similarity + c.term_coverage, reverse=True
            )[: self.max_embedded_sentences]

        # The binders read these sentences' parses next, most of them for most questions:
        # the parses start in the background while the encoder runs. When every vector is
        # stored (`vectorstore.sentence_vectors`) nothing runs meanwhile, and parses started
        # early would only hold the parser's lock against the binders, which read fewer
        # sentences than these (10-35 ms p50 at 100k passages, docs/performance.md).
        def parse_early() -> None:
            for sentence in covered:
                self.nlp.parse_soon(sentence.text)

        vectors = self.sentence_vectors.encode([c.text for c in covered], meanwhile=parse_early)
        similarities = [float(s) for s in vectors @ question_vector]
        telling = _telling_apart(weights, covered)
        scored = [
            replace(
                c,
                similarity=s,
                score=SIMILARITY_SHARE * s + COVERAGE_SHARE * c.term_coverage,
                rank=SIMILARITY_SHARE * s
                + COVERAGE_SHARE * _term_coverage(c, telling)
                + (OFFERING_SHARE if expected.kind and expected.offered_by(c.text) else 0.0)
                + (ROLE_SHARE if roles and expected.named_in_role(c.text, roles) else 0.0),
            )
            for c, s in zip(covered, similarities, strict=True)
        ]
        return sorted(scored, key=lambda s: s.rank, reverse=True)


# Prepositions after which a name says where or whence ("across Veskaria", "from the museum").
_SETTING_PREPOSITIONS = frozenset(
    "in at near off from to into onto across inside outside around through".split()
)

# Rules whose lead is a name that did or holds what was asked.
_NAME_RULES = frozenset({"lead.agent", "lead.role", "lead.role-verb"})


def _is_asked_about(name: str, parsed: Question, read_as: str) -> bool:
    """Whether a name is one the question gives, as asked or as read: a follow-up "Which team
    does he ride for?" after "Who won the Tour?" reads "... does Teodor Vasquez-Lind ride
    for?", and the rider is not his own team."""
    given = set(re.split(r"[\s-]+", name.casefold()))
    asked = parsed.names | {w.casefold() for w in re.findall(r"(?<!^)\b[A-Z][\w']*", read_as)}
    return bool(given & asked) or initials(name) in set(_ACRONYM.findall(read_as))


# "HTS", "NATO": a name of capitals only, which a report may spell out.
_ACRONYM = re.compile(r"\b[A-Z]{2,6}\b")


def _others_of_the_name(name: str, text: str) -> frozenset[str]:
    """The full forms ending in `name` that `text` writes after writing `name` alone: each is
    someone else than the one the bare name is ("Aldis, 44, ... the late Viktor Aldis"). A
    full form before the bare name is the usual first mention of the same person ("Lena
    Varga ... and Varga has run the ministry since 2024")."""
    full = re.compile(rf"\b(?:[A-Z][\w'-]*\s+){{1,2}}{re.escape(name)}(?![\w-])")
    spans = [match.span() for match in full.finditer(text)]
    alone = next(
        (
            match.start()
            for match in re.finditer(rf"(?<![\w-]){re.escape(name)}(?![\w-])", text)
            if not any(start <= match.start() < end for start, end in spans)
        ),
        None,
    )
    if alone is None:
        return frozenset()
    return frozenset(text[start:end] for start, end in spans if start > alone)


def _key(sentence: EvidenceSentence) -> tuple[str, int]:
    return sentence.hit.passage.chunk_id, sentence.start


def _covered(
    candidates: Sequence[EvidenceSentence], weights: dict[str, float]
) -> list[EvidenceSentence]:
    """The candidates with their term coverage: a quarter of it read with the headline, and
    a fifth of that read with the sentence before when it continues that one."""
    return [replace(c, term_coverage=_term_coverage(c, weights)) for c in candidates]


def _term_coverage(sentence: EvidenceSentence, weights: dict[str, float]) -> float:
    if not weights:
        return 0.0
    own = (1 - TITLE_SHARE) * _coverage(
        weights, sentence.text, by_beginning=True
    ) + TITLE_SHARE * _coverage(weights, sentence.hit.passage.title or "", sentence.text)
    if not sentence.before or not _CONTINUING.match(sentence.text):
        return own
    return (1 - BEFORE_SHARE) * own + BEFORE_SHARE * _coverage(
        weights, sentence.before, sentence.text
    )


def _telling_apart(
    weights: dict[str, float], sentences: Sequence[EvidenceSentence]
) -> dict[str, float]:
    """The question words' weights, each raised the fewer of `sentences` hold it."""
    count = len(sentences)
    # Words read as ranking reads them (`_coverage`, by beginning).
    read = [(_stems_of(s.text), _beginnings_of(s.text)) for s in sentences]
    return {
        term: weight * math.log(1.0 + (count + 1) / (sum(_held(term, *r) for r in read) + 0.5))
        for term, weight in weights.items()
    }


def _unembedded(
    candidates: Sequence[EvidenceSentence],
    scored: Sequence[EvidenceSentence],
    weights: dict[str, float],
) -> list[EvidenceSentence]:
    """The sentences left out of embedding that share a question word, most covering first:
    a binder may still find the answer among them (`lead.whole-passage`)."""
    embedded = {(s.hit.passage.chunk_id, s.start) for s in scored}
    rest = [c for c in candidates if (c.hit.passage.chunk_id, c.start) not in embedded]
    covered = [c for c in _covered(rest, weights) if c.term_coverage > 0]
    return sorted(covered, key=lambda c: c.term_coverage, reverse=True)


def _sentences(hits: Sequence[Hit]) -> list[EvidenceSentence]:
    """Sentences of the retrieved passages, each once (passages overlap), headings left out
    (though one may be the sentence before another)."""
    seen: set[tuple[str, int]] = set()
    out: list[EvidenceSentence] = []
    for hit in hits:
        passage = hit.passage
        before = ""
        for start, end in split_sentences(passage.text):
            key = (passage.doc_id, passage.start + start)
            text = passage.text[start:end]
            if key not in seen and len(tokenize(text)) >= MIN_WORDS and not _heading(text):
                seen.add(key)
                out.append(EvidenceSentence(hit, start, end, text, before=before))
            before = text
    return out


def _with_the_role(question: Question, name: str, chosen: Sequence[EvidenceSentence]) -> bool:
    """Whether a name given for "who is the mayor of X?" is written in a sentence that says
    the role ("Mayor Henrik Solvay"); any name will do for a question that asks no role."""
    if question.kind != "role" or not question.role or question.role[-1] in KIND_NOUNS:
        return True  # "Which company ...?" names a kind of answer, not a role
    role = question.role[-1]
    return any(name in c.text and role in c.text.lower() for c in chosen)


# Who or what a figure may belong to: a company, a person, a building or works.
_OWNER_LABELS = frozenset({"ORG", "PERSON", "FAC"})


def _names_only_others(question: Question, sentence: Doc) -> bool:
    """Whether the sentence names companies, people or places of work and none of them is one
    the question names: its figure is another's ("the Kemmel Home plant in Drezny employs
    about 700 people" for Velstrand's Ferrow plant). A sentence naming nobody may be about
    the one asked ("17 people were hurt when the ferry ran aground")."""
    owners = [
        e
        for e in sentence.ents
        if e.label_ in _OWNER_LABELS and _in_a_subject(e) and not _attribution(e)
    ]
    return bool(question.names and owners) and not any(
        t.lower_ in question.names for e in owners for t in e
    )


# How a name hangs inside a noun phrase: "the Kemmel Home plant in the town of Drezny".
_INSIDE_A_PHRASE = frozenset({"compound", "poss", "amod", "nmod", "prep", "pobj"})


def _in_a_subject(entity: Span) -> bool:
    """Whether the name is part of a clause's subject, where whose figure it is gets said
    ("the Kemmel Home plant ... employs"); a name further off ("most of them in the villages
    of Hasket and Mossby") says where, not whose."""
    token = entity.root
    for _ in range(6):
        if token.dep_ in {"nsubj", "nsubjpass"}:
            return True
        if token.dep_ not in _INSIDE_A_PHRASE or token.head == token:
            return False
        token = token.head
    return False


# Words that name who tells, not whose the figure is.
_TELLING = TELLING_VERBS | {"estimate"}


def _attribution(entity: Span) -> bool:
    """Whether the name only says who gave the figure: "according to the provincial civil
    protection office", "the office said", "estimated by the Red Cross"."""
    root = entity.root
    heads = [root.head, root.head.head]
    if any(h.lower_ == "according" for h in heads):
        return True
    if root.dep_ == "nsubj" and root.head.lemma_.lower() in _TELLING:
        return True
    return (
        root.dep_ == "pobj"
        and root.head.lower_ == "by"
        and (root.head.head.lemma_.lower() in _TELLING)
    )


def _of_the_months(months: frozenset[str], sentence: EvidenceSentence) -> bool:
    """Whether the sentence, or the one before it in its passage, speaks of each month
    (`months_said`: written, "last month" from the report's date, or its own month)."""
    said = months_said(_with_the_one_before(sentence), sentence.hit.passage.published)
    return said is None or months <= said


def _of_the_weekdays(days: frozenset[str], sentence: EvidenceSentence) -> bool:
    """Whether the sentence speaks of each weekday asked (`weekdays_said`)."""
    said = weekdays_said(sentence.text, sentence.before or "", sentence.hit.passage.published)
    return said is None or days <= said


def _with_the_one_before(sentence: EvidenceSentence) -> str:
    """The sentence after the one before it in its passage, without the times either gives
    only as a span's start ("the highest level since 2021" is not about 2021)."""
    return without_since(" ".join(t for t in (sentence.before, sentence.text) if t))


# Words of a "how much" question that ask a sum of money ("How much did the fire cost?",
# "How much was Kestrion fined?"), by their lemma; not "raised" (a share of a target) nor
# "sold" (copies).
_MONEY_ASKED = {
    form: lemma
    for lemma, forms in {
        "cost": "cost costs costing",
        "pay": "pay pays paid paying",
        "fine": "fine fined fines",
        "spend": "spend spends spent spending",
        "earn": "earn earns earned",
        "owe": "owe owes owed",
        "lend": "lend lends lent",
        "wage": "wage wages",
        "fee": "fee fees",
        **{
            word: word
            for word in "compensation reward bail loan money cash revenue profit "
            "salary price worth damages funding budget income".split()
        },
    }.items()
    for form in forms.split()
}


def _money_asked(words: frozenset[str]) -> frozenset[str]:
    """Every form of the words of money a question asks by ("fined": fine, fined, fines)."""
    lemmas = {_MONEY_ASKED[w] for w in words if w in _MONEY_ASKED}
    return frozenset(form for form, lemma in _MONEY_ASKED.items() if lemma in lemmas) | lemmas


# Who a name withheld might be: a sentence naming one of these may give the answer.
_WHO_LABELS = frozenset({"PERSON", "ORG"})
_WHO_KINDS = frozenset({"agent", "role", "describe"})  # "Who won the tender?"
_HOW = re.compile(r"^\W*(?:by\s+|for\s+)?how\b", re.IGNORECASE)
_HOW_LONG = re.compile(r"^\W*(?:for\s+)?how\s+long\b", re.IGNORECASE)


def _value_asked(question: Question, text: str) -> ValueKind | None:
    """The kind of value the answer is, when it is one of its own: a time ("when"), a duration
    ("how long": a time or a figure), or a figure (a sum or a measure asked with "how": "how
    much", "by how much"). None otherwise: a figure asked with "what" may be a thing ("What
    crime are prosecutors investigating?" is read as a measure, "What will the council pay
    for?" as a sum, and neither is answered by a figure), and an age is `refuse.no-age`'s."""
    if question.kind == "date":
        return "time"
    if question.age or question.kind not in {"measure", "amount"} or not _HOW.match(text):
        return None
    return "duration" if _HOW_LONG.match(text) else "figure"


# The kind of unknown (`undisclosed`) each kind of question asks about.
_UNDISCLOSED_KINDS = {
    "amount": "amount",
    "count": "count",
    "measure": "measure",
    "date": "date",
    "agent": "name",
    "role": "name",
    "describe": "name",
    "yesno": "yesno",
    "place": "place",
}
# Counted nouns that reports write as the kind of people they were (`PEOPLE_NOUNS`).
_ANYONE = frozenset({"people", "person"})
# "last year", "two years ago": a time that points at a year from a report's date.
_YEARS_POINTED = re.compile(r"(?:last|previous|past) year|(\w+) years? ago")


def _says_what_happened(question: Question, sentence: Doc) -> bool:
    """Whether the sentence says each of the question's verbs, or a verb (or noun) of the same
    deed or harm ("killed" for "died"): "Inflation averaged 4.6% in 2025" says nothing of how
    much wages rose then."""
    # Not a subject taken for the predicate when the parse found no verb ("How much fuel did
    # the port handle?", "handle" read as a noun): then there is no deed to read.
    asked = question.predicates - question.nouns - {"be", "have", "do"}
    if not asked:
        return False
    lemmas = {str(t.lemma_).lower() for t in sentence if t.pos_ in {"VERB", "NOUN", "ADJ"}}
    # Every one: "arrested 27 people on Thursday" says nothing of how many were released.
    return all(
        any(verb == lemma or same_verb(verb, lemma) or same_harm(verb, lemma) for lemma in lemmas)
        for verb in asked
    )


def _times_said(question: Question, text: str) -> int:
    """How many of the times and years the question asks of ("friday", "last year", "2015")
    the text says, as written."""
    lowered = text.lower()
    return sum(
        1
        for time in question.times | question.years
        if re.search(rf"\b{re.escape(time)}\b", lowered)
    )


def _other_times(question: Question, text: str) -> bool:
    """Whether the text gives a year or a day of the week the question does not ask of ("A
    2019 quake in the same region killed 12 people" for the earthquake on Monday)."""
    asked = question.times | question.years
    said = {w.lower() for w in re.findall(r"\b\w+\b", text)}
    return any((YEAR.fullmatch(word) or word in WEEKDAYS) and word not in asked for word in said)


def _years_asked(question: Question) -> frozenset[str]:
    """The years a figure question asks for, written ("in 2017", "the 2001 stadium
    disaster") or pointed at ("last year"): a report gives a figure for a year in the
    sentence that gives it, or the one before, far more often than it leaves a weekday or a
    month to its lede."""
    asked = {t for t in question.times if YEAR.fullmatch(t) or _YEARS_POINTED.fullmatch(t)}
    # "How many accidents has it had since 2020?": a figure of the span 2020 starts, no figure
    # of 2020, as `without_since` reads a sentence's "since 2020". ("How much will it save by
    # 2030?" still asks 2030's: "by 2035" is another time.)
    started = frozenset(YEAR.findall(" ".join(m.group() for m in SINCE.finditer(question.text))))
    return (frozenset(asked) | question.event_years) - started


def _of_the_times(times: frozenset[str], sentence: EvidenceSentence) -> bool:
    """Whether the sentence, the one before it (unless the sentence names a year of its own)
    or its report's headline ("2004 tsunami toll") speaks of each year asked: written out or
    pointed at from its report's date (`years_said`), "last year" as the year before the
    report's."""
    passage = sentence.hit.passage
    published = passage.published
    own = years_said(without_since(sentence.text), published)
    report_year = {str(published.year)} if published is not None else set()
    # A sentence that names a year of its own ("Last year, 21,400 vessels passed") is about
    # it, whatever year the one before names.
    context = sentence.text if own and own - report_year else _with_the_one_before(sentence)
    said = years_said(f"{without_since(context)}\n{passage.title or ''}", published)
    if said is None:
        return True
    for time in times:
        if YEAR.fullmatch(time):
            year = time
        elif published is not None and time in {"last year", "previous year", "past year"}:
            year = str(published.year - 1)
        else:
            return True  # "two years ago" from which date: any year may be meant
        if year not in said:
            return False
    return True


def _of_the_years(years: frozenset[str], sentence: EvidenceSentence) -> bool:
    """Whether the sentence, or the one before it in its passage, speaks of each year
    (`years_said`: written, pointed at from the report's date, or the report's own year)."""
    # (A question's own "since 2019" is no year it asks about: `Question.years` leaves it.)
    said = years_said(_with_the_one_before(sentence), sentence.hit.passage.published)
    return said is None or years <= said


def _whole_quotation(sentence: EvidenceSentence) -> EvidenceSentence:
    """The sentence as quoted to the reader: with the rest of the quotation it is part of
    ('"We are at the start. Now it is the middle of it," said Halina Brook.'), so no quote
    shown opens a quotation mark it does not close or closes one it did not open. Only what
    is shown changes: the sentence was ranked and read alone."""
    text = sentence.hit.passage.text
    for start, end in _within_quotes(text, split_sentences(text)):
        if start <= sentence.start and sentence.end <= end:
            if (start, end) == (sentence.start, sentence.end):
                return sentence
            return replace(sentence, start=start, end=end, text=text[start:end])
    return sentence


def _within_quotes(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The sentences with a quotation of several sentences kept whole: '"We are at the start.
    Now it is the middle of it," said Halina Brook.' is one, so no quote shown to a reader
    opens or closes a quotation mark it does not close or open. Up to `_QUOTED_SENTENCES`
    sentences are joined, on one line."""
    joined: list[tuple[int, int]] = []
    i = 0
    while i < len(spans):
        start, end = spans[i]
        taken = 1
        while (
            _opens_quote(text[start:end])
            and i + taken < len(spans)
            and taken < _QUOTED_SENTENCES
            and "\n" not in text[end : spans[i + taken][0]]
        ):
            end = spans[i + taken][1]
            taken += 1
        if _opens_quote(text[start:end]):
            joined.append(spans[i])  # never closed: the sentence alone
            i += 1
            continue
        joined.append((start, end))
        i += taken
    return joined


def _opens_quote(text: str) -> bool:
    """Whether the text opens a quotation it does not close: its last quotation mark opens
    one (a straight mark at the start or after a space or bracket opens, any other closes)."""
    opened = False
    for i, char in enumerate(text):
        if char == "“" or (char == '"' and (i == 0 or text[i - 1] in " \t([—–-")):
            opened = True
        elif char in '"”':
            opened = False
    return opened


_QUOTED_SENTENCES = 4
_HEADING_WORDS = 10


def _heading(text: str) -> bool:
    """ "Dispute Has Long Roots": a short line that does not end like a sentence is a
    sub-heading, which says what follows but states nothing to quote."""
    line = text.strip()
    return (
        "\n" not in line
        and not line.endswith((".", "!", "?", '"', "”", "’", "'", ")", ":"))
        and len(line.split()) <= _HEADING_WORDS
    )


def _side_report(
    side: str,
    outlets: Sequence[str],
    sentences: Sequence[EvidenceSentence],
    weights: dict[str, float],
    exclude: set[str],
) -> EvidenceSentence | None:
    """The sentence, in the report of `outlets` that best covers `side`, that covers it best.

    The outlet's own name is left out of the words to cover: every candidate report has it.
    """
    outlet_words = {stem(word) for outlet in outlets for word in content_terms(outlet)}
    wanted = {stem(word) for word in content_terms(side)} - outlet_words
    side_weights = {term: w for term, w in weights.items() if stem(term) in wanted}
    if not side_weights:
        return None
    fitting = [
        s
        for s in sentences
        if (s.hit.passage.source or "").casefold() in outlets
        and s.hit.passage.published is not None
        and s.hit.passage.doc_id not in exclude
    ]
    # Each report's coverage once: its sentences share it.
    reports = {s.hit.passage.chunk_id: s.hit for s in fitting}
    report_coverage = {
        chunk_id: _coverage(side_weights, _with_context(hit)) for chunk_id, hit in reports.items()
    }
    best = max(
        fitting,
        key=lambda s: (
            report_coverage[s.hit.passage.chunk_id],
            _coverage(side_weights, s.text),
            s.score,
        ),
        default=None,
    )
    if best is None or report_coverage[best.hit.passage.chunk_id] < MIN_SIDE_COVERAGE:
        return None
    return best


def _contexts(hits: Sequence[Hit]) -> list[str]:
    return [text for hit in hits for text in (hit.passage.title or "", hit.passage.text)]


def _with_context(hit: Hit) -> str:
    passage = hit.passage
    return f"{passage.title or ''}\n{passage.source or ''}\n{passage.text}"


def _coverage(weights: dict[str, float], *texts: str, by_beginning: bool = False) -> float:
    """Share of the question's IDF weight whose terms (stemmed) occur in any of `texts`.

    `by_beginning`: a term is also held by a word that begins with the same
    `SHARED_BEGINNING` letters ("mediating" by "Mediator", "employees" by "employs",
    "hospitalisations" by "hospital"), as the stemmer strips endings only. The sentence
    ranking reads terms so; support, which the refusals read, does not."""
    total = sum(weights.values())
    if total <= 0:
        return 0.0
    present = frozenset().union(*(_stems_of(text) for text in texts))
    beginnings = (
        frozenset().union(*(_beginnings_of(text) for text in texts))
        if by_beginning
        else frozenset()
    )
    return sum(w for term, w in weights.items() if _held(term, present, beginnings)) / total


def _held(term: str, stems: frozenset[str], beginnings: frozenset[str]) -> bool:
    """Whether a question word is among a text's stems or, `SHARED_BEGINNING` letters long at
    least, among its words' beginnings."""
    return stem(term) in stems or (
        len(term) >= SHARED_BEGINNING and term[:SHARED_BEGINNING] in beginnings
    )


@lru_cache(maxsize=1 << 13)
def _beginnings_of(text: str) -> frozenset[str]:
    """The first `SHARED_BEGINNING` letters of the text's words that long, figures aside."""
    return frozenset(
        word[:SHARED_BEGINNING]
        for word in tokenize(text)
        if len(word) >= SHARED_BEGINNING and not word[0].isdigit()
    )


def _stems_of(text: str) -> frozenset[str]:
    """Cached for sentences and headlines; a whole passage or evidence block is read once."""
    return _stem_set(text) if len(text) > _CACHED_TEXT else _cached_stem_set(text)


_CACHED_TEXT = 600


def _stem_set(text: str) -> frozenset[str]:
    """The stemmed words of a text."""
    return frozenset(stem(word) for word in tokenize(text))


# A question's sentences and headlines are read for coverage several times over (ranking,
# selection, the refusal checks).
_cached_stem_set = lru_cache(maxsize=1 << 13)(_stem_set)


def _unknown_distinctive_terms(question: str, unseen: frozenset[str]) -> list[str]:
    """Names and figures in the question that no stored passage contains.

    A capitalised word (not the question's first word) or a number that the corpus never
    mentions means the reports cannot be about it; common words missing are not decisive.
    """
    tokens = [raw.strip("?!.,;:\"'()[]“”‘’") for raw in question.split()]
    distinctive: set[str] = set()
    for position, token in enumerate(tokens):
        if not token:
            continue
        if any(ch.isdigit() for ch in token) or (position > 0 and token[:1].isupper()):
            if _first_name_of_known(token, tokens[position + 1 : position + 2], unseen):
                continue
            distinctive.update(tokenize(token))
    return sorted(distinctive & unseen)


def _first_name_of_known(token: str, following: Sequence[str], unseen: frozenset[str]) -> bool:
    """ "Kiyoshi" in "Kiyoshi Kurosawa's film" when the reports call him "Kurosawa": after the
    first mention a report uses the surname alone, so a missing first name says nothing."""
    if not following or not token[:1].isupper() or not following[0][:1].isupper():
        return False
    surname = tokenize(following[0])
    return bool(surname) and not set(surname) & unseen
