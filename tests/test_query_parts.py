"""Multi-article questions: split into clauses, each searched inside the outlet it names."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from test_store import open_store, passages, write

from bot.answering.clauses import named_day, query_parts, search_query, split_clauses
from vectorstore.embeddings import Embedder
from vectorstore.lexical import KeywordIndex
from vectorstore.records import Passage, QueryPart, SearchFilters
from vectorstore.retriever import HybridRetriever, _promote

OUTLETS = ["the verge", "techcrunch", "the wall street journal", "cnbc | world business news"]


def test_clauses_split_at_punctuation_and_contrast_but_not_inside_figures() -> None:
    question = (
        "Who is the person whose trial is approaching, as reported by TechCrunch, who faced "
        "2,000 complaints as mentioned by The Verge, while CNBC said the firm paid a $1,500 fine?"
    )
    assert split_clauses(question, ignore=["techcrunch", "the verge", "cnbc"]) == [
        "Who is the person whose trial is approaching as reported by TechCrunch",
        "who faced 2,000 complaints as mentioned by The Verge",
        "CNBC said the firm paid a $1,500 fine",
    ]


def test_short_leading_clause_joins_the_next() -> None:
    assert split_clauses("Per TechCrunch, which startup raised the most money this year?") == [
        "Per TechCrunch which startup raised the most money this year"
    ]


def test_named_day_reads_the_common_date_forms() -> None:
    assert named_day("the report on September 26, 2023, about it") == date(2023, 9, 26)
    assert named_day("published 5 Nov 2023") is None  # abbreviations are not months here
    assert named_day("published 5 November 2023") == date(2023, 11, 5)
    assert named_day("on 2023-12-15 and on May 1, 2024") == date(2023, 12, 15)
    assert named_day("on February 30, 2023") is None
    assert named_day("in 2023") is None


def test_parts_are_the_clauses_naming_an_outlet() -> None:
    question = (
        "Between the report from The Verge on November 5, 2023, regarding the Epic case, "
        "and the TechCrunch report on the antitrust suit filed by publishers, was there a change "
        "in tone?"
    )
    assert query_parts(question, OUTLETS) == [
        QueryPart(
            "Between the report from The Verge on November 5, 2023 regarding the Epic case",
            ("the verge",),
            date(2023, 11, 5),
        ),
        QueryPart(
            "and the TechCrunch report on the antitrust suit filed by publishers was there a "
            "change in tone",
            ("techcrunch",),
        ),
    ]
    assert query_parts("What did The Verge say about the Epic case?", OUTLETS) == []
    assert query_parts("Who won, and by how much, in the final?", OUTLETS) == []


def test_part_filters_allow_a_day_either_side() -> None:
    part = QueryPart("x", ("the verge",), date(2023, 11, 5))
    assert part.filters() == SearchFilters(
        sources=("the verge",), since=date(2023, 11, 4), until=date(2023, 11, 6)
    )


COURIER = [
    "Mayor Lind opened the river bridge on Monday morning.",
    "Crowds cheered as the mayor cut the ribbon on the new bridge.",
    "The bridge over the river cost the city four million.",
    "Engineers say the river bridge will last a century.",
    "Lind called the bridge opening a proud day for the town.",
    "Traffic crossed the new river bridge within minutes of the opening.",
]
GAZETTE = [
    "The mayor's bridge opening drew a brass band and a crowd.",
    "Shops near the river bridge reported record sales after it opened.",
    "Critics of the mayor said the bridge opened a year late.",
    "The old ferry stopped running once the bridge opened.",
    "Cyclists were first across the bridge the mayor opened.",
    "Rain did not spoil the opening of the river bridge.",
]


def bridge_reports(
    tmp_path: Path, embedder: Embedder, extra: list[list[Passage]]
) -> HybridRetriever:
    """A store of the Courier's and the Gazette's bridge stories plus `extra` reports."""
    store = open_store(tmp_path)
    index = KeywordIndex(tmp_path / "kw.sqlite3")
    docs = [passages(f"courier-{i}", [t], source="Courier") for i, t in enumerate(COURIER)]
    docs += [passages(f"gazette-{i}", [t], source="Gazette") for i, t in enumerate(GAZETTE)]
    for items in [*docs, *extra]:
        write(store, embedder, items)
        index.replace_document(items[0].doc_id, "v1", items)
    return HybridRetriever(store, index, embedder)


def test_each_clause_finds_its_report(tmp_path: Path, embedder: Embedder) -> None:
    """The Gazette's March 3 report shares few words with the question as a whole; its clause
    (inside the Gazette, around March 3) finds it. Without clauses the May report and the
    bridge stories fill the results."""
    dated = {
        "gazette-may": ("The ferry company raised fares again, the mayor said.", date(2024, 5, 10)),
        "gazette-march": ("Crossing prices went up by a third.", date(2024, 3, 3)),
    }
    retriever = bridge_reports(
        tmp_path,
        embedder,
        [
            passages(doc_id, [text], source="Gazette", published=day)
            for doc_id, (text, day) in dated.items()
        ],
    )
    question = (
        "Which mayor opened the bridge over the river, as reported by the Courier, and saw "
        "ferry fares raised according to the Gazette on March 3, 2024?"
    )

    reading = search_query(question, retriever.index.source_keys())
    found = [hit.passage.doc_id for hit in retriever.search(reading, top_k=4)]

    assert "gazette-march" in found
    assert "courier-0" in found


def test_a_clause_naming_no_outlet_is_searched_in_the_outlets_the_question_names(
    tmp_path: Path, embedder: Embedder
) -> None:
    """The outlets are named once, at the start; the fare rise is a fact of its own whose
    report the bridge stories crowd out of a whole-question search."""
    fares = passages("gazette-fares", ["Crossing prices went up by a third."], source="Gazette")
    retriever = bridge_reports(tmp_path, embedder, [fares])
    question = (
        "According to the Courier and the Gazette, which mayor opened the new bridge over the "
        "river to crowds, and then saw crossing prices rise?"
    )
    parts = query_parts(question, ["courier", "gazette"])
    assert [part.names_outlet for part in parts] == [True, False]
    assert parts[1].sources == ("courier", "gazette")

    reading = search_query(question, retriever.index.source_keys())
    found = [hit.passage.doc_id for hit in retriever.search(reading, top_k=4)]

    assert "gazette-fares" in found


def test_promoted_passages_take_at_most_half_the_slots() -> None:
    score = {"a": 5.0, "b": 4.0, "c": 3.0, "d": 2.0, "e": 1.0}
    ranked = list(score)
    assert _promote(ranked, ["e", "d", "c"], top_k=4, score=score) == ["a", "b", "d", "e", "c"]
    assert _promote(ranked, ["b"], top_k=4, score=score) == ranked
    assert _promote(ranked, [], top_k=2, score=score) == ranked


def test_promoted_passage_without_a_fused_score_does_not_crash() -> None:
    """A clause naming no outlet is not fused, so its best passage may have no fused score
    (benchmarks/query_latency.py at 10k passages ended in a KeyError here)."""
    ranked = ["a", "b", "c"]
    score = {"a": 0.9, "b": 0.5, "c": 0.1}
    assert _promote(ranked, ["unfused"], top_k=4, score=score) == ["a", "b", "c", "unfused"]
