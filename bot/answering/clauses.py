"""Splitting a multi-article question into the parts that each point at one report.

News questions chain facts from several outlets: "Who is the person whose trial is approaching,
as reported by TechCrunch, who faced difficulties managing FTX's growth as mentioned by The
Verge, and ...?" Searched whole, the question's strongest words win and one report's evidence
fills the results. Each clause that names an outlet (and maybe a date) describes one report,
so it is searched on its own, inside that outlet and around that date.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache

from vectorstore.records import QueryPart, SearchQuery
from vectorstore.text import MONTHS, content_terms, tokenize

__all__ = ["named_day", "named_sources", "query_parts", "search_query", "split_clauses"]

# Clause boundaries: punctuation (not the comma inside "2,000" or "May 5, 2023") and the
# conjunctions that join one report's claim to another's.
_BOUNDARY = re.compile(r"\s*(?:,(?!\s?\d)|[;:?!]|\bwhile\b|\bwhereas\b|\bbut\b)\s*", re.IGNORECASE)

# A clause with fewer content words than this ("as reported by TechCrunch") qualifies the
# clause before it rather than describing a report of its own.
MIN_CLAUSE_WORDS = 3

_MONTH = r"(" + "|".join(MONTHS) + r")"
_MONTH_FIRST = re.compile(_MONTH + r"\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE)
_DAY_FIRST = re.compile(
    r"\b(\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+(\d{4})\b", re.IGNORECASE
)
_ISO_DAY = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")


def named_day(text: str) -> date | None:
    """The first calendar day `text` names ("September 26, 2023", "26 September 2023", ISO)."""
    candidates: list[tuple[int, int, int, int]] = []  # (position, year, month, day)
    for match in _MONTH_FIRST.finditer(text):
        month = MONTHS.index(match.group(1).casefold()) + 1
        candidates.append((match.start(), int(match.group(3)), month, int(match.group(2))))
    for match in _DAY_FIRST.finditer(text):
        month = MONTHS.index(match.group(2).casefold()) + 1
        candidates.append((match.start(), int(match.group(3)), month, int(match.group(1))))
    for match in _ISO_DAY.finditer(text):
        year, month, day = (int(match.group(i)) for i in (1, 2, 3))
        candidates.append((match.start(), year, month, day))
    for _, year, month, day in sorted(candidates):
        try:
            return date(year, month, day)
        except ValueError:
            continue
    return None


def split_clauses(question: str, *, ignore: Sequence[str] = ()) -> list[str]:
    """The question's clauses; short ones are joined to the clause before (or after) them.

    Words in `ignore` (outlet names) do not count towards a clause's length: "as reported by
    The Wall Street Journal" says which outlet, not what was reported.
    """
    ignored = {word for phrase in ignore for word in content_terms(phrase)} | set(MONTHS)

    def length(clause: str) -> int:
        return sum(
            1 for word in content_terms(clause) if word not in ignored and not word.isdigit()
        )

    clauses: list[str] = []
    for piece in _BOUNDARY.split(question):
        piece = piece.strip()
        if not piece:
            continue
        if clauses and length(piece) < MIN_CLAUSE_WORDS:
            clauses[-1] = f"{clauses[-1]} {piece}"
        else:
            clauses.append(piece)
    if len(clauses) > 1 and length(clauses[0]) < MIN_CLAUSE_WORDS:
        clauses[1] = f"{clauses[0]} {clauses[1]}"
        del clauses[0]
    return clauses


def query_parts(question: str, source_keys: Sequence[str]) -> list[QueryPart]:
    """The clauses of a multi-clause question naming outlets, each with its outlets and day.

    A question of one clause, or naming no outlet, gives none: the whole question already is
    that search. A clause naming no outlet gets all the outlets the question names.
    """
    outlets = named_sources(question, source_keys)
    if not outlets:
        return []
    clauses = split_clauses(question, ignore=outlets)
    if len(clauses) < 2:
        return []
    parts = []
    for clause in clauses:
        sources = named_sources(clause, outlets)
        parts.append(QueryPart(clause, tuple(sources or outlets), named_day(clause), bool(sources)))
    return parts


def _source_aliases(source_key: str) -> set[str]:
    """ "the roar | sports writers blog" is also named "the roar"; "cnbc | world ..." "cnbc"."""
    aliases = {source_key}
    for separator in (" | ", " - ", ": "):
        head = source_key.split(separator, 1)[0].strip()
        if len(head) >= 3:
            aliases.add(head)
    return aliases


def named_sources(query: str, source_keys: Sequence[str]) -> list[str]:
    """The stored outlets a query names (whole words, case-insensitive), longest name first."""
    text = " ".join(tokenize(query))
    found = []
    for key in source_keys:
        for words in _alias_words(key):
            # The substring test first: most outlets are not named, and it is far cheaper.
            if words in text and re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text):
                found.append(key)
                break
    return found


@lru_cache(maxsize=4096)
def _alias_words(source_key: str) -> tuple[str, ...]:
    """The words of each of an outlet's names, longest first (outlets recur in every question,
    and tokenising their names was most of the cost of looking for them)."""
    aliases = sorted(_source_aliases(source_key), key=len, reverse=True)
    return tuple(words for alias in aliases if (words := " ".join(tokenize(alias))))


def search_query(question: str, source_keys: Sequence[str]) -> SearchQuery:
    """What retrieval needs of a question: the stored outlets it names and its clauses."""
    outlets = named_sources(question, source_keys)
    return SearchQuery(question, tuple(outlets), tuple(query_parts(question, outlets)))
