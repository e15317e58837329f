"""Reports that disagree on the figure asked for: each value shown with its outlet and date.

Two reports of one event often give different figures (the coastguard counts 17 injured, the
health service 21), and a later report updates an earlier one (the final count after the
preliminary one). Answering with one of them hides the other; the answer instead shows each
value with its outlet and date, newest first, each cited.

A wrong "Reports differ" is worse than none, so a disagreement is claimed only between values
that the same binder (`bot.answering.binding`: a count, sum, date or measure tied by the parse
to what was asked, in the same sentence) reads from different reports, and only when the values
cannot both be true: "more than 2,000 people" and "2,300 people" agree, "about 6,400 hectares"
and "7,100 hectares" do not; sums in different currencies, or a percentage against a count, are
not compared; a weekday against a weekday is not either (each is relative to its report's day).
Copies of one story agree on their figures by construction (`vectorstore.near_duplicates`), so
a copy is never a conflict.

Rules (bot/answering/rules.py): `conflict.reports-differ`, `conflict.latest`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Generic, TypeVar

from vectorstore.text import (
    MONTH_ABBREVIATIONS,
    MONTHS,
    NUMBER_WORDS,
    SCALE_WORDS,
    TENS_WORDS,
    words_pattern,
)

__all__ = [
    "FIGURE_RULES",
    "Disagreement",
    "Reported",
    "date_parts",
    "differ",
    "disagreement",
    "figure_range",
    "gather",
    "of_another_year",
    "same_event",
]

# The binders whose values can be compared across reports, and how: figures or dates.
FIGURE_RULES = frozenset({"lead.count", "lead.amount", "lead.measure", "lead.date"})
# "about 6,400": a tenth either way.
APPROXIMATE = 0.1
# A report whose figure may contradict the lead's covers at least this share of what the lead's
# report covers of the question (with headline and outlet): the same event, not another one.
SAME_EVENT_COVERAGE = 0.8
# Two reports tell one story when their headlines are at least this close (cosine, bundled
# model). On samples/longform-tune the headlines of its three twice-told events score 0.518 to
# 0.591 and every other pair at most 0.328 (0.619-0.759 and at most 0.461 on samples/newsqa).
SAME_STORY_SIMILARITY = 0.42

T = TypeVar("T")

_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?|\.\d+")
_SCALES = {"thousand": 1e3, "million": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9, "trillion": 1e12}
_WORDS = {word: float(n) for n, word in enumerate(NUMBER_WORDS)}
_AT_LEAST = re.compile(
    r"\b(?:more than|over|at least|above|upwards of|in excess of|no fewer than|no less than)\s*$"
)
_AT_MOST = re.compile(r"\b(?:fewer than|less than|under|below|up to|at most|no more than)\s*$")
_ABOUT = re.compile(
    r"\b(?:about|around|some|roughly|nearly|almost|approximately|an estimated|close to|"
    r"as many as|estimated)\s*$"
)
# What a figure is in, when its words say: a sum in one currency, a share.
_UNITS = {
    "percent": "percent",
    "per cent": "percent",
    "%": "percent",
    "percentage point": "point",
    "euro": "EUR",
    "€": "EUR",
    "eur": "EUR",
    "dollar": "USD",
    "$": "USD",
    "usd": "USD",
    "pound": "GBP",
    "£": "GBP",
    "gbp": "GBP",
    "pence": "GBP-p",
    "yen": "JPY",
    "franc": "CHF",
    "krona": "SEK",
    "kronor": "SEK",
    "krone": "NOK",
    "kroner": "NOK",
    "crown": "crown",
    "rupee": "INR",
    "yuan": "CNY",
    "minute": "minute",
    "hour": "hour",
    "day": "day",
    "week": "week",
    "month": "month",
    "year": "year",
    "kilometre": "km",
    "kilometer": "km",
    "metre": "m",
    "meter": "m",
    "hectare": "ha",
    "tonne": "t",
}
_MONTHS = {name: n for n, name in enumerate(MONTHS, start=1)}
_MONTHS |= {short: _MONTHS[name] for short, name in MONTH_ABBREVIATIONS.items()}


@dataclass(frozen=True)
class Range:
    """What a figure allows: `low`..`high` in `unit` ("" when its words name no unit)."""

    low: float
    high: float
    unit: str


def figure_range(value: str) -> Range | None:
    """ "about 6,400 hectares" -> 5,760..7,040 ha; "more than 2,000 people" -> 2,000..inf;
    "between 28 million and 34 million euros" -> 28e6..34e6 EUR. None when there is no figure."""
    text = value.casefold().replace("\u00a0", " ")
    numbers = list(_NUMBER.finditer(text))
    figures: list[tuple[float, int, int]] = []
    for match in numbers:
        amount = float(match.group(0).replace(",", ""))
        after = text[match.end() :].lstrip(" -")
        scale = next((s for w, s in _SCALES.items() if re.match(rf"{w}\b", after)), 1.0)
        figures.append((amount * scale, match.start(), match.end()))
    if not figures:
        for word, amount in _WORDS.items():
            found = re.search(rf"\b{word}\b", text)
            if found:
                figures.append((amount, found.start(), found.end()))
                break
    if not figures:
        return None
    unit = _unit(text)
    if len(figures) >= 2 and re.search(r"\b(?:between|from)\b", text):
        low, high = sorted((figures[0][0], figures[1][0]))
        return Range(low, high, unit)
    amount, start, _ = figures[0]
    before = text[:start]
    if _AT_LEAST.search(before):
        return Range(amount, math.inf, unit)
    if _AT_MOST.search(before):
        return Range(-math.inf, amount, unit)
    if _ABOUT.search(before):
        return Range(amount * (1 - APPROXIMATE), amount * (1 + APPROXIMATE), unit)
    return Range(amount, amount, unit)


def _unit(text: str) -> str:
    for word, unit in _UNITS.items():
        if word.isalpha() or " " in word:
            if re.search(rf"\b{re.escape(word)}s?\b", text):
                return unit
        elif word in text:
            return unit
    return ""


def date_parts(value: str) -> dict[str, int]:
    """The year, month and day a date value states: "12 May 2026" -> all three, "May" -> the
    month; a weekday or "last week" -> nothing (relative to its report's day)."""
    text = value.casefold()
    parts: dict[str, int] = {}
    year = re.search(r"\b(1[89]\d\d|20\d\d)\b", text)
    if year:
        parts["year"] = int(year.group(1))
    month = next((n for name, n in _MONTHS.items() if re.search(rf"\b{name}\b\.?", text)), None)
    if month is not None:
        parts["month"] = month
        day = re.search(r"\b([0-3]?\d)(?:st|nd|rd|th)?\b", re.sub(r"\b\d{4}\b", "", text))
        if day and 1 <= int(day.group(1)) <= 31:
            parts["day"] = int(day.group(1))
    return parts


def differ(a: str, b: str, *, dates: bool = False) -> bool:
    """Whether two values of the figure (or date) asked for cannot both be true.

    Figures differ when their ranges do not overlap and their units can be compared (the
    same, or one of them names none); dates when a part both state (year, month, day) differs.
    """
    if dates:
        pa, pb = date_parts(a), date_parts(b)
        shared = pa.keys() & pb.keys()
        return bool(shared) and any(pa[k] != pb[k] for k in shared)
    ra, rb = figure_range(a), figure_range(b)
    if ra is None or rb is None:
        return False
    if ra.unit and rb.unit and ra.unit != rb.unit:
        return False
    return _below(ra.high, rb.low) or _below(rb.high, ra.low)


def _below(a: float, b: float) -> bool:
    """a < b, figures written two ways ("1.4 billion", "1,400 million") being equal."""
    return a < b and not math.isclose(a, b, rel_tol=1e-9)


@dataclass(frozen=True)
class Reported(Generic[T]):
    """The value one report gives for what was asked, and the evidence (a sentence) it is in."""

    value: str
    doc_id: str
    source: str | None
    published: date | None
    evidence: T


@dataclass(frozen=True)
class Disagreement(Generic[T]):
    """One report per value, newest first; `rule` and `detail` for the trace."""

    reports: tuple[Reported[T], ...]
    rule: str
    detail: str

    @property
    def latest(self) -> bool:
        """Whether the first report is newer than every other (a later report updates)."""
        return self.rule == "conflict.latest"


def disagreement(reports: Sequence[Reported[T]], *, dates: bool = False) -> Disagreement[T] | None:
    """rule conflict.reports-differ / conflict.latest: the reports' values, when they cannot
    all be true.

    `reports` come in the answerer's order (the lead's first); each report's first value counts.
    Values that agree with one another are one group, shown by its newest report. Groups are
    ordered newest first; when the newest is later than all the others, it is the latest
    figure (`conflict.latest`), otherwise the reports just differ.
    """
    first: dict[str, Reported[T]] = {}
    for report in reports:
        first.setdefault(report.doc_id, report)
    groups: list[list[Reported[T]]] = []
    for report in first.values():
        for group in groups:
            if not any(differ(report.value, other.value, dates=dates) for other in group):
                group.append(report)
                break
        else:
            groups.append([report])
    if len(groups) == 1 and not dates:
        return _update(groups[0])
    if len(groups) < 2:
        return None
    order = {id(r): i for i, r in enumerate(first.values())}

    def newest(group: list[Reported[T]]) -> Reported[T]:
        return max(group, key=lambda r: (r.published or date.min, -order[id(r)]))

    shown = sorted(
        (newest(g) for g in groups),
        key=lambda r: (r.published or date.min, -order[id(r)]),
        reverse=True,
    )
    later = shown[0].published is not None and all(
        r.published is not None and r.published < shown[0].published for r in shown[1:]
    )
    detail = "; ".join(f"{r.value} ({r.source or r.doc_id}, {_day(r.published)})" for r in shown)
    rule = "conflict.latest" if later else "conflict.reports-differ"
    return Disagreement(tuple(shown), rule, detail)


def _update(group: Sequence[Reported[T]]) -> Disagreement[T] | None:
    """rule conflict.latest, for figures that can both be true: "at least 38 people" killed on
    2 June, a death toll of 61 on 3 June. The later report's figure is not the lead's, so a
    reader is shown both, the newest named as the latest."""
    lead = group[0]
    newest = max(group, key=lambda r: r.published or date.min)
    old, new = figure_range(lead.value), figure_range(newest.value)
    if (
        lead.published is None
        or newest.published is None
        or newest.published <= lead.published
        or old is None
        or new is None
        or old == new
        or (old.unit and new.unit and old.unit != new.unit)  # "a decade" is no length
    ):
        return None
    detail = (
        f"{newest.value} ({newest.source or newest.doc_id}, {_day(newest.published)}) updates "
        f"{lead.value} ({lead.source or lead.doc_id}, {_day(lead.published)})"
    )
    return Disagreement((newest, lead), "conflict.latest", detail)


def _day(day: date | None) -> str:
    return day.isoformat() if day else "undated"


def gather(
    sentences: Sequence[T],
    bind: Callable[[T], str | None],
    report_of: Callable[[T], tuple[str, str | None, date | None]],
) -> list[Reported[T]]:
    """Each sentence's bound value (`bind` gives it, or None), with its report, in order.

    A figure said to be added ("16 more people", "another 40", "312 new cases") counts what
    came on top of a total, not the total, and one picked out of a whole ("one of 11
    vehicles", "three of the 12 miners") is a part of it: neither is a value to set against a
    total."""
    found: list[Reported[T]] = []
    for sentence in sentences:
        value = bind(sentence)
        if value is None or _INCREMENT.search(value) or _PART_OF.search(value):
            continue
        doc_id, source, published = report_of(sentence)
        found.append(Reported(value, doc_id, source, published, sentence))
    return found


_INCREMENT = re.compile(r"\b(?:more|another|further|additional|extra|new)\b", re.IGNORECASE)
_PART_OF = re.compile(
    r"\bof\s+(?:the\s+|its\s+|their\s+)?(?:\d|(?:"
    + words_pattern((*NUMBER_WORDS[1:], *TENS_WORDS, *SCALE_WORDS))
    + r")\b)",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


def of_another_year(text: str, published: date | None, asked: frozenset[str]) -> bool:
    """Whether the sentence names a year other than its report's (and than the `asked`
    figures): "In 2004, turnout was 49 percent" gives a past figure, not the one reported."""
    years = set(_YEAR.findall(text)) - asked
    return bool(years) and (published is None or years != {str(published.year)})


def same_event(
    reports: Sequence[Reported[T]], coverage: Callable[[Reported[T]], float]
) -> list[Reported[T]]:
    """The reports that cover at least `SAME_EVENT_COVERAGE` of what the first (the lead's)
    covers of the question: the bridge vote's "ferries carried 1.1 million passengers" is not
    a count of the ferry accident's passengers."""
    if not reports:
        return []
    needed = SAME_EVENT_COVERAGE * coverage(reports[0])
    return [r for r in reports if coverage(r) >= needed]


def same_story(
    reports: Sequence[Reported[T]], similarity: Callable[[Reported[T], Reported[T]], float | None]
) -> list[Reported[T]]:
    """The reports of the lead's (the first one's) story: `similarity` of their headlines at
    least `SAME_STORY_SIMILARITY`, or unknown (a report without a headline). "Quenby's ferries
    carried 1.1 million passengers" (a bridge referendum) is no count of a grounded ferry's
    passengers, however well it covers "how many passengers were on the ferry"."""
    if not reports:
        return []
    first = reports[0]
    kept = []
    for report in reports:
        score = None if report.doc_id == first.doc_id else similarity(first, report)
        if score is None or score >= SAME_STORY_SIMILARITY:
            kept.append(report)
    return kept
