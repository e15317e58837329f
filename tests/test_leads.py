from __future__ import annotations

from dataclasses import dataclass

import pytest

from bot.leads import asks_for_name, find_lead


@dataclass
class Quote:
    text: str


@pytest.mark.parametrize(
    ("question", "sentences", "lead"),
    [
        (
            "How many people were killed?",
            ["The shelling killed four people on Monday."],
            "four people",
        ),
        (
            "How much did the repairs cost?",
            ["The repairs cost 41 million euros in total."],
            "41 million euros",
        ),
        ("How many pages were scanned?", ["Volunteers scanned 90,000 pages."], "90,000 pages"),
        (
            "When did the offensive begin?",
            ["The offensive surprised everyone.", "The offensive began on Wednesday."],
            "Wednesday",
        ),
        (
            "When was the archive opened?",
            ["It opened on March 3, 2024 in the city."],
            "March 3, 2024",
        ),
        (
            "Which company do both outlets say dominates search?",
            [
                "Regulators say Google pays for default placement.",
                "The court heard Google earned billions from search ads.",
            ],
            "Google",
        ),
        (
            "Who led the advance?",
            ["The advance was led by Hayat Tahrir al-Sham."],
            "Hayat Tahrir al-Sham",
        ),
        (
            "Who is accused of fraud by both outlets?",
            [
                "The trial of Sam Bankman-Fried began on Tuesday.",
                "Prosecutors said Bankman-Fried committed fraud.",
            ],
            "Sam Bankman-Fried",
        ),
        # No lead when it would be a guess.
        ("Who led the advance?", ["Ford told Reuters that HTS led it."], None),
        ("Which company was fined?", ["Apple was fined.", "Meta was fined."], None),
        ("Why did prices rise?", ["Prices rose 4 percent because of fuel."], None),
        ("How many votes did Smith get?", ["Smith got most votes."], None),
    ],
)
def test_find_lead(question: str, sentences: list[str], lead: str | None) -> None:
    assert find_lead(question, [Quote(s) for s in sentences]) == lead


def test_lead_takes_the_full_name_and_sentence_initial_names_from_the_passages() -> None:
    passages = [
        "OpenAI's board removed Sam Altman on Friday.",
        "Investors backed Sam Altman. Altman said little.",
    ]
    assert (
        find_lead(
            "Who spoke at the developer conference?", [Quote("Altman spoke first.")], passages
        )
        == "Sam Altman"
    )
    # Without a mid-sentence mention, a capitalised first word is not taken for a name.
    assert (
        find_lead("Who spoke at the developer conference?", [Quote("Altman spoke first.")]) is None
    )


@pytest.mark.parametrize(
    ("question", "asks"),
    [
        ("Who won the final?", True),
        ("Which hacker group claimed the breach?", True),
        ("What company makes the chips?", True),
        ("What did the director say about the waits?", False),
        ("What type of establishments adjust betting lines?", False),
    ],
)
def test_asks_for_name(question: str, asks: bool) -> None:
    assert asks_for_name(question) is asks
