"""The refusal rules that read plain strings, each with a case it refuses and one it lets
through (no model, no store), and a check that every named rule is exercised by some test.

A refusal rule that fires on the positive case but also on the negative one would refuse
answerable questions; one that fires on neither is dead. Both halves are asserted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answering.extractive import _unknown_distinctive_terms
from bot.answering.nlp import NlpPipeline
from bot.answering.question_focus import missing_focus, question_verbs
from bot.answering.rules import RULES

# (rule, question, evidence it refuses, evidence it accepts)
CASES = [
    (
        "refuse.no-cause",
        "Why did the council close the Harbor Bridge?",
        "The council closed the Harbor Bridge on Tuesday.",
        "The council closed the Harbor Bridge on Tuesday because inspectors found cracks.",
    ),
    (
        "refuse.no-count",
        "How many passengers were stranded by the grounding?",
        "Zelmar Airlines grounded all 23 of its aircraft on Monday.",
        "The grounding stranded 4,100 passengers in three cities.",
    ),
    (
        "refuse.no-amount",
        "How much revenue did Nordwave report last year?",
        "Nordwave said its data centre would create 450 jobs.",
        "Nordwave reported revenue of 2.1 billion euros last year.",
    ),
    (
        "refuse.no-price",
        "How much does a single tram ticket to the airport cost?",
        "A return ferry ticket costs 12 euros.",
        "A single tram ticket to the airport costs 3.40 euros.",
    ),
    (
        "refuse.no-possessed",
        "What is the union's main demand?",
        "The union called a strike at the hospital on Monday.",
        "The union's main demand is a pay rise of 6 percent for nurses.",
    ),
    (
        "refuse.no-focus",
        "What was the goal of the operation?",
        "The operation began at dawn on Friday.",
        "The goal of the operation was to reopen the coastal road.",
    ),
]


@pytest.mark.parametrize(("rule", "question", "refused", "accepted"), CASES)
def test_refusal_rule_fires_on_missing_evidence_only(
    rule: str, question: str, refused: str, accepted: str
) -> None:
    verdict = missing_focus(question, refused, [refused], [refused])
    assert verdict is not None and verdict[0] == rule
    assert missing_focus(question, accepted, [accepted], [accepted]) is None


@pytest.mark.parametrize(
    ("rule", "question", "verbs", "evidence"),
    [
        # The parse tells the verb the spelling does not: the company asked for sponsors the
        # race (no "sponsors" needed in the evidence), the shares dropped (no "drop").
        (
            "refuse.no-focus",
            "Which company sponsors the Ostrabruck marathon?",
            frozenset({"sponsors"}),
            "The insurer Veldmark Mutual has backed the race since 2015.",
        ),
        (
            "refuse.no-possessed",
            "How much did Nuvato's shares drop?",
            frozenset({"drop"}),
            "Nuvato's shares fell 6.2 percent on Tuesday.",
        ),
        (
            "refuse.no-count",
            "How many people live on Innisvar?",
            frozenset({"live"}),
            "Innisvar, home to about 4,200 people, depends on the ferry.",
        ),
        (
            "refuse.no-price",
            "How much is the Quenby bridge expected to cost?",
            frozenset({"is", "expected", "cost"}),
            "The Quenby bridge would cost 410 million pounds.",
        ),
    ],
)
def test_the_phrase_asked_about_ends_before_the_questions_verb(
    rule: str, question: str, verbs: frozenset[str], evidence: str
) -> None:
    """Without the parse's verbs, each of these answerable questions is refused by `rule`."""
    verdict = missing_focus(question, evidence, [evidence], [evidence])
    assert verdict is not None and verdict[0] == rule
    assert missing_focus(question, evidence, [evidence], [evidence], verbs) is None


@pytest.mark.parametrize(
    ("question", "unstated", "stated"),
    [
        (
            "How much money has the regional government set aside for the campaign?",
            "The regional government has hired 120 nurses for the campaign.",
            "The regional government has set aside 1.2 million pounds for the campaign.",
        ),
        (
            "How much land has the Kettlewick Ridge fire burned so far?",
            "The Kettlewick Ridge fire has forced 2,300 residents from their homes.",
            "The Kettlewick Ridge fire had burned 7,100 hectares of forest by Tuesday.",
        ),
    ],
)
def test_money_and_land_are_stated_by_a_figures_unit(
    question: str, unstated: str, stated: str
) -> None:
    """refuse.no-focus: "money" or "land" need not be named where a sum or an area is given;
    a figure of another unit does not state them, and a named thing ("compensation") must
    still be named."""
    verdict = missing_focus(question, unstated, [unstated], [unstated])
    assert verdict is not None and verdict[0] == "refuse.no-focus"
    assert missing_focus(question, stated, [stated], [stated]) is None
    spent = "Arvel had spent 94 million euros on a pumping station."
    verdict = missing_focus("How much compensation is Arvel claiming?", spent, [spent], [spent])
    assert verdict == ("refuse.no-focus", "the evidence does not mention compensation")


def test_after_or_since_a_time_gives_no_cause() -> None:
    """refuse.no-cause: "after 4:15 a.m." and "since 2019" say when; "after a battery
    overheated" and "since the bridge closed" say why."""
    question = "What caused the fire at the carton factory?"
    for when in [
        "The blaze broke out shortly after 4:15 a.m. in the storage wing of the factory.",
        "The factory has made cartons since 2019 and employs 410 people.",
        "The fire was put out following Tuesday's alarm, officials said.",
    ]:
        assert missing_focus(question, when, [when], [when]) == (
            "refuse.no-cause",
            "the evidence gives no cause",
        )
    for why in [
        "The blaze broke out after a forklift battery overheated in the storage wing.",
        "Production has been halted since the fire destroyed the storage wing.",
    ]:
        assert missing_focus(question, why, [why], [why]) is None


def test_a_count_of_a_noun_the_same_in_meaning_answers_how_many() -> None:
    """refuse.no-count reads "150 soldiers" as a count of troops when told they are the same
    (the answerer asks the embedding model), and "two helicopters" still counts no troops."""
    question = "How many troops did the army send to the blaze?"
    evidence = "The army sent two helicopters and 150 soldiers to the blaze."
    verdict = missing_focus(question, evidence, [evidence], [evidence])
    assert verdict is not None and verdict[0] == "refuse.no-count"

    def same(asked: str, found: str) -> bool:
        return {asked, found} <= {"troops", "soldiers"}

    assert missing_focus(question, evidence, [evidence], [evidence], same_noun=same) is None
    other = "The army sent two helicopters to the blaze."
    verdict = missing_focus(question, other, [other], [other], same_noun=same)
    assert verdict is not None and verdict[0] == "refuse.no-count"


def test_a_count_says_what_it_is_about_in_its_report_headline() -> None:
    """refuse.no-count: "62 firefighters were sent" counts the firefighters of the blaze its
    report is about ("it"), when the headline names the blaze; under another headline, the
    count is of something else."""
    question = "How many firefighters were deployed to tackle the Brellham blaze?"
    evidence = "Crews brought it under control after 62 firefighters were sent from four towns."
    about = f"Blaze at Brellham packaging plant leaves three dead\nWire\n{evidence}"
    assert missing_focus(question, evidence, [evidence], [about]) is None
    other = f"Harbour festival draws record crowds\nWire\n{evidence}"
    verdict = missing_focus(question, evidence, [evidence], [other])
    assert verdict is not None and verdict[0] == "refuse.no-count"


def test_the_questions_verbs_come_from_the_parse() -> None:
    """The root counts as a verb even when tagged a noun ("... share price fall?")."""
    nlp = NlpPipeline()
    assert "sponsors" in question_verbs(nlp.parse("Which company sponsors the marathon?"))
    verbs = question_verbs(nlp.parse("How far did Kestrion's share price fall?"))
    assert "fall" in verbs and "price" not in verbs


def test_unknown_terms_are_the_question_names_no_passage_mentions() -> None:
    """refuse.unknown-terms: "Port Lenwick" in a store that never mentions Lenwick."""
    question = "Who is the mayor of Port Lenwick?"
    assert _unknown_distinctive_terms(question, frozenset({"lenwick"})) == ["lenwick"]
    assert _unknown_distinctive_terms(question, frozenset()) == []


def test_every_named_rule_is_exercised_by_a_test() -> None:
    """`why` names rules; a rule no test names cannot be shown to fire, or not to."""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py"))
    named = set(
        re.findall(r"[\"'`(]((?:refuse|lead|select|followup|conflict|llm|premise)\.[a-z-]+)", tests)
    )
    assert sorted(set(RULES) - named) == []


@pytest.mark.parametrize(
    ("question", "evidence", "verdict"),
    [
        # The thing asked about ends at its first preposition: "the hike" says which rate.
        ("What was the rate before the hike?", "The rate had stood at 6.25 percent.", None),
        (
            "What was the rate before the hike?",
            "The hike was the third this year.",
            ("refuse.no-focus", "the evidence does not mention rate"),
        ),
        # A margin is stated by its figure, never by name.
        ("What was the winning margin in the race?", "She won the race by 38 seconds.", None),
        # What a thing is worth is stated by a sum.
        (
            "What are the stolen paintings worth?",
            "The insurer put the value of the paintings at about 9 million euros.",
            None,
        ),
        # "speed" ends in "-ed" but is no participle: the speed is asked about.
        (
            "What is the top speed of the train?",
            "The train has 12 carriages.",
            ("refuse.no-focus", "the evidence does not mention speed"),
        ),
        # A participle after the noun ends the phrase: "entities" is a kind of answer.
        (
            "What are the entities associated with the league that set the odds?",
            "Sportsbooks adjust the lines as money comes in.",
            None,
        ),
    ],
)
def test_what_is_asked_about_is_the_noun_before_any_preposition(
    nlp: NlpPipeline, question: str, evidence: str, verdict: tuple[str, str] | None
) -> None:
    verbs = question_verbs(nlp.parse(question))
    assert missing_focus(question, evidence, [evidence], [evidence], verbs) == verdict
