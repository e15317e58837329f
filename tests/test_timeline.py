"""Questions about the order of two reports, read and decided by their dates."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from bot.answering.timeline import order_question, verdict
from bot.services import Newsbot

OUTLETS = ["the verge", "techcrunch", "sporting news", "the sydney morning herald"]


@pytest.mark.parametrize(
    ("question", "asks", "first_outlets", "second_outlets"),
    [
        (
            "Did The Verge report on the Epic case before TechCrunch reported the suit?",
            "before",
            ("the verge",),
            ("techcrunch",),
        ),
        (
            "Was the suit reported by TechCrunch after The Verge explained the Epic case?",
            "after",
            ("techcrunch",),
            ("the verge",),
        ),
        (
            "Was the goal reported by Sporting News before or after Sporting News reported the "
            "transfer?",
            "which",
            ("sporting news",),
            ("sporting news",),
        ),
    ],
)
def test_questions_ordering_two_reports(
    question: str, asks: str, first_outlets: tuple[str, ...], second_outlets: tuple[str, ...]
) -> None:
    order = order_question(question, OUTLETS)
    assert order is not None
    assert (order.asks, order.first_outlets, order.second_outlets) == (
        asks,
        first_outlets,
        second_outlets,
    )


@pytest.mark.parametrize(
    "question",
    [
        # "after" orders events, not reports:
        "Did the Sporting News article report that Henry did not return after a head injury in "
        "the same manner that The Sydney Morning Herald reported Murphy's?",
        "Did prices rise after the election, as The Verge and TechCrunch reported?",
        # one side names no outlet:
        "Did The Verge report on the suit before the trial began?",
        "Who reported the suit before The Verge did?",
    ],
)
def test_other_questions_are_not_about_the_order_of_reports(question: str) -> None:
    assert order_question(question, OUTLETS) is None


def test_verdicts() -> None:
    before = order_question("Did The Verge report X before TechCrunch reported Y?", OUTLETS)
    after = order_question("Did The Verge report X after TechCrunch reported Y?", OUTLETS)
    which = order_question(
        "Was X reported by The Verge before or after TechCrunch's report?", OUTLETS
    )
    assert before and after and which
    early, late = date(2023, 11, 5), date(2023, 12, 15)
    assert (verdict(before, early, late), verdict(before, late, early)) == ("Yes", "No")
    assert (verdict(after, early, late), verdict(after, late, early)) == ("No", "Yes")
    assert (verdict(which, early, late), verdict(which, late, early)) == ("Before", "After")
    assert verdict(before, early, early) == "The same day"


def test_the_answer_gives_the_order_with_both_reports_cited(
    newsbot: Newsbot, tmp_path: Path
) -> None:
    reports = [
        (
            "courier-bridge",
            "Courier",
            "2024-03-01",
            "Bridge opens to crowds",
            "Mayor Lind opened the river bridge to cheering crowds.",
        ),
        (
            "gazette-fares",
            "Gazette",
            "2024-03-03",
            "Crossing prices rise",
            "The ferry company raised crossing prices by a third.",
        ),
        (
            "courier-fares",
            "Courier",
            "2024-05-10",
            "Ferry fares again",
            "Ferry fares went up again in May, the Courier learned.",
        ),
        (
            "gazette-market",
            "Gazette",
            "2024-02-20",
            "Market reopens",
            "The fish market reopened after repairs to its roof.",
        ),
    ]
    dump = tmp_path / "reports.jsonl"
    dump.write_text(
        "\n".join(
            json.dumps(
                {
                    "url": f"https://news.example/{slug}",
                    "source": source,
                    "published_at": day,
                    "title": title,
                    "body": body,
                }
            )
            for slug, source, day, title, body in reports
        ),
        encoding="utf-8",
    )
    newsbot.ingestor().ingest([dump])
    qa = newsbot.qa()

    answer = qa.ask(
        "Did the Courier report the mayor opening the river bridge before the Gazette reported "
        "that the ferry company raised crossing prices?"
    )
    assert answer.text.startswith("Yes: Courier, 1 March 2024; Gazette, 3 March 2024 ["), answer
    assert {c.passage.url for c in answer.citations} >= {
        "https://news.example/courier-bridge",
        "https://news.example/gazette-fares",
    }
    answer = qa.ask(
        "Was the rise in crossing prices reported by the Gazette before or after the Courier "
        "reported that Mayor Lind opened the river bridge?"
    )
    assert answer.text.startswith("After: Gazette, 3 March 2024; Courier, 1 March 2024 ["), answer
