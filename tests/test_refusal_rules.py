"""The refusal rules that read plain strings, each with a case it refuses and one it lets
through (no model, no store), and a check that every named rule is exercised by some test.

A refusal rule that fires on the positive case but also on the negative one would refuse
answerable questions; one that fires on neither is dead. Both halves are asserted.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.answering.extractive import _unknown_distinctive_terms, _value_asked
from bot.answering.nlp import NlpPipeline
from bot.answering.question import parse_question, same_counted, unreferenced_pronoun
from bot.answering.question_focus import (
    ValueKind,
    gives_a_value,
    gives_an_age,
    missing_focus,
    question_verbs,
    undisclosed,
)
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
]


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("How many jobs will Brightwell cut?", "Brightwell will cut 600 positions this year."),
        ("How many new infections did Ombria record?", "Ombria recorded 312 new cases."),
        ("How many supporters were taken to hospital?", "Two fans were taken to hospital."),
    ],
)
def test_a_count_said_in_other_words_is_no_missing_count(question: str, evidence: str) -> None:
    """refuse.no-count matches the counted noun by its other words (`same_counted`) as well as
    its own; without them, each of these is refused."""
    assert missing_focus(question, evidence, [evidence], [evidence])[0] == "refuse.no-count"
    assert missing_focus(question, evidence, [evidence], [evidence], same_noun=same_counted) is None
    assert not same_counted("vehicle", "car")  # a kind is not its sort


@pytest.mark.parametrize(
    ("question", "evidence", "counted"),
    [
        (
            "How many egg farm inspections were carried out last year?",
            "Inspections of egg farms fell to 310 last year from 520 in 2019.",
            True,
        ),
        (
            "How many employees does Marlow have now?",
            "Marlow had cut its workforce by 700 to about 2,900 over the past year.",
            True,
        ),
        ("How many housing starts were there?", "Housing starts stood at 41,000.", True),
        (
            "How many egg farm inspections were carried out last year?",
            "Inspections of egg farms fell to just over 300 last year.",
            True,
        ),
        # A figure after the noun that is no level it reached counts nothing.
        (
            "How many protesters gathered outside parliament?",
            "Protesters gathered outside parliament at 5 pm on Monday.",
            False,
        ),
        (
            "How many egg farm inspections were carried out last year?",
            "Inspections of egg farms were cut after budget cuts of 12 percent.",
            False,
        ),
    ],
)
def test_a_count_may_follow_its_noun_as_the_level_it_reached(
    question: str, evidence: str, counted: bool
) -> None:
    """refuse.no-count: "Inspections of egg farms fell to 310" counts inspections, though the
    figure comes after the noun; "workforce" counts employees."""
    missing = missing_focus(question, evidence, [evidence], [evidence], same_noun=same_counted)
    assert (missing is None) == counted, missing


def test_a_count_of_deaths_or_injuries_is_said_by_the_verb() -> None:
    """refuse.no-count: "How many avalanche deaths were there?" is counted by "23 people
    died in avalanches" (a harm's noun by its verb); not by a count of the other harm."""
    question = "How many avalanche deaths were there last season?"
    died = "Last season, 23 people died in avalanches, compared with 21 the season before."
    hurt = "Last season, 23 people were injured in avalanches."
    assert missing_focus(question, died, [died], [died]) is None
    assert missing_focus(question, hurt, [hurt], [hurt])[0] == "refuse.no-count"


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
        # The parse tells the verb the spelling does not: the shares dropped (no "drop"
        # needed in the evidence), the people live on the island.
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
    ("sentence", "gives"),
    [
        ("Five died, including a 73-year-old man crushed when a wall fell.", True),
        ("The youngest of the dead was 23 and the oldest 57.", True),
        ("Police arrested two men, aged 34 and 29, on Sunday.", True),
        ("Patients in the study had an average age of 68.", True),
        ("Dean Helmut Varga, 58, was suspended on full pay.", True),
        ("The cast-iron pipe was about 90 years old.", True),
        ("The objects were buried around 1100 BC, or about 3,100 years ago.", True),
        ("The bridge, built in 1962, carries 38,000 vehicles a day.", True),
        ("Prosecutor Hedda Lind had asked the court for a nine-year sentence.", False),
        ("The firm was proud of its nine years at the club.", False),
        ("Prime Minister Arne Lundqvist, whose coalition holds 171 seats, spoke.", False),
        ("Turnout was 64.2 percent.", False),
        ("The budget was 1,350,000.", False),
        ("In total, 2,500 people were evacuated.", False),
        ("Marta Ovsen (81) died at her home.", True),
        ("At 72, Greta Holm is the oldest candidate.", True),
        ("Erik Sand, who turned 80 last week, said so.", True),
        ("She was 29 when she was first elected.", True),
        ("About 1,350,000 people, 12 of them children, were evacuated", False),
        ("DUNMERE, May 5, 2026 (CPA) - Mayor Heidi Ranvik said she would review it.", False),
    ],
)
def test_an_age_is_given_however_news_writes_it(sentence: str, gives: bool) -> None:
    """refuse.no-age reads `gives_an_age`: an age of anyone, or how old a thing is."""
    assert gives_an_age(sentence) is gives


@pytest.mark.parametrize(
    ("kind", "sentence", "gives"),
    [
        ("time", "The ban came into force on March 1.", True),
        ("time", "The enclosure is due to reopen later this year.", True),
        ("time", "The plant will shut two weeks after the vote.", True),
        ("time", "The roof collapsed overnight, the diocese said.", True),
        ("time", "The ferry service will resume at Easter.", True),
        (
            "time",
            "Opposition lawmaker Greta Holm called for a ban on single-entrance queuing.",
            False,
        ),
        ("time", "Greta Holm decided the mayor would open the market.", False),  # no "dec", "may"
        ("time", "KORVIK, Feb 9 (Harbor Ledger) - Thieves broke into the museum.", False),
        ("duration", "Holm has led the party since March.", True),
        ("duration", "The strike lasted nine days.", True),
        ("duration", "The party is led by Greta Holm.", False),
        ("figure", "Bookings fell by almost a third.", True),
        ("figure", "Bookings had fallen, without giving a figure.", False),
        ("figure", "Ostair said it would seek compensation from Ostnav.", False),
        ("figure", "The carrier paid 4.2 million euros.", True),
    ],
)
def test_a_time_or_a_figure_is_given(kind: ValueKind, sentence: str, gives: bool) -> None:
    """refuse.no-time and refuse.no-figure read `gives_a_value`: any time for "when", any
    figure for a sum or a measure, either for "how long" (a dateline's date is none)."""
    assert gives_a_value(kind, sentence) is gives


@pytest.mark.parametrize(
    ("question", "value"),
    [
        ("When did the ban come into force?", "time"),
        ("How long has Holm led the party?", "duration"),
        ("By how much did bookings fall?", "figure"),
        ("How much compensation did Ostnav pay?", "figure"),
        # A figure asked with "what" may be a thing; an age is refuse.no-age's.
        ("What crime are prosecutors investigating?", None),
        ("What will the council pay for to support the rescuers?", None),
        ("How old is the bridge?", None),
        ("Who won the race?", None),
    ],
)
def test_the_value_a_question_asks(nlp: NlpPipeline, question: str, value: str | None) -> None:
    """Which questions refuse.no-time and refuse.no-figure read, and for what."""
    assert _value_asked(parse_question(question, nlp), question) == value


def test_a_datelines_date_is_no_figure_of_the_news() -> None:
    question = "How many people were evacuated from Ardmoss?"
    filed = "ARDMOSS, Nov 6 (CPA) - Residents of Ardmoss were evacuated on Thursday."
    verdict = missing_focus(question, filed, [filed], [filed])
    assert verdict is not None and verdict[0] == "refuse.no-count"
    counted = "ARDMOSS, Nov 6 (CPA) - About 300 people were evacuated from Ardmoss."
    assert missing_focus(question, counted, [counted], [counted]) is None


def test_a_job_is_a_kind_of_answer_not_a_thing_to_find() -> None:
    """refuse.no-possessed: "What is Felix Amundsen's job?" is answered by "deputy governor
    Felix Amundsen", which never says "job"; a possessed thing ("the union's demand") must
    still be named."""
    question = "What is Felix Amundsen's job?"
    evidence = "Two members, including deputy governor Felix Amundsen, voted to hold the rate."
    assert missing_focus(question, evidence, [evidence], [evidence]) is None
    demand = "The union called a strike at the hospital on Monday."
    verdict = missing_focus("What is the union's main demand?", demand, [demand], [demand])
    assert verdict is not None and verdict[0] == "refuse.no-possessed"


def test_the_cost_of_a_thing_is_a_price_for_that_thing() -> None:
    """refuse.no-price: "What is the current estimated cost of the tunnel?" prices the tunnel
    (the "of" phrase), not "the current estimated"; another thing's price still answers none."""
    question = "What is the current estimated cost of the Seltz Strait tunnel?"
    tunnel = "The Seltz Strait tunnel is now expected to cost 6.8 billion euros."
    assert missing_focus(question, tunnel, [tunnel], [tunnel]) is None
    hospital = "The new hospital is expected to cost 410 million euros."
    for noun_cost in [
        "What is the projected cost for the new hospital?",
        "What is the estimated cost to taxpayers of the new hospital?",
    ]:
        assert missing_focus(noun_cost, hospital, [hospital], [hospital]) is None, noun_cost
    bridge = "The Seltz Strait bridge is now expected to cost 2.1 billion euros."
    verdict = missing_focus(question, bridge, [bridge], [bridge])
    assert verdict == ("refuse.no-price", "the evidence gives no price for seltz strait tunnel")


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


@pytest.mark.parametrize(
    ("question", "pronoun"),
    [
        ("How old is he?", "he"),
        ("What was her time?", "her"),
        ("Was he charged?", "he"),
        ("What did the mayor say he would do?", None),  # "he" may be the mayor
        ("When he took office, what did the mayor promise?", None),  # ... or come after it
        ("How old is Kasper Holloway?", None),
        ("What did they find in the bog?", None),  # "they": as often anyone
    ],
)
def test_a_pronoun_with_nothing_before_it_to_stand_for(question: str, pronoun: str | None) -> None:
    """refuse.no-referent reads a question asked first: a pronoun for a person with no noun
    or name in the question (but the one it owns) refers to nobody the question gives."""
    nlp = NlpPipeline()
    assert unreferenced_pronoun(nlp.parse(question, entities=False)) == pronoun


def test_every_named_rule_is_exercised_by_a_test() -> None:
    """`why` names rules; a rule no test names cannot be shown to fire, or not to."""
    tests = "\n".join(p.read_text(encoding="utf-8") for p in Path(__file__).parent.glob("*.py"))
    named = set(
        re.findall(r"[\"'`(]((?:refuse|lead|select|followup|conflict|llm|premise)\.[a-z-]+)", tests)
    )
    assert sorted(set(RULES) - named) == []


@pytest.mark.parametrize(
    ("question", "evidence"),
    [
        ("Which vessel ran aground off Innisvar?", "The Kestrel Dawn ran aground off Innisvar."),
        ("What injury did the winner suffer?", "The winner broke her collarbone in April."),
        ("What weapon did insurgents use?", "Insurgents used drones for the first time."),
    ],
)
def test_the_noun_after_which_or_what_need_not_be_in_the_evidence(
    nlp: NlpPipeline, question: str, evidence: str
) -> None:
    """Reports name the answer without the question's category word ("the Kestrel Dawn", not
    "the vessel"). A check that refused when that word was missing (`refuse.no-focus`) refused
    9 answerable questions of the validation sets and no unanswerable one: it was removed."""
    verbs = question_verbs(nlp.parse(question))
    assert missing_focus(question, evidence, [evidence], [evidence], verbs) is None


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "unknown"),
    [
        (
            "amount",
            "How much will Castellan charge for vericarbin?",
            "Castellan has not said how much it would charge for vericarbin.",
            True,
        ),
        (
            "name",
            "What was the name of the woman who died in the outbreak?",
            "The woman who died, who has not been named, lived in a care home in Esker.",
            True,
        ),
        (
            "amount",
            "How much of his own money will Kessel put into a rescue of Marlow?",
            'He was prepared to put "a significant part" of his own money into a rescue but '
            "did not give a figure.",
            True,
        ),
        # Unknown is something else than what is asked.
        (
            "place",
            "In which town did the woman who died live?",
            "The woman who died, who has not been named, lived in a care home in Esker.",
            False,
        ),
        (
            "amount",
            "How much did the board pay for the site?",
            "The board voted 9-2 for the offer after two other bids, which he declined to name.",
            False,
        ),
        (
            "date",
            "When will the new stadium open?",
            "The club has not said how much the stadium will cost.",
            False,
        ),
        # The unknown's clause holds most of what is asked, though a figure is given before.
        (
            "measure",
            "How long had oil been escaping before the pressure drop was noticed?",
            "The company shut down the pipeline about 40 minutes later, but did not say how long "
            "oil had been escaping before the drop was noticed.",
            True,
        ),
        (
            "name",
            "What is the name of the cargo ship that anchored near the pipeline?",
            "A cargo ship was recorded anchoring near the pipeline, Okafor said, but he declined "
            "to name it.",
            True,
        ),
        # Another thing's unknown, in a sentence sharing no word asked about.
        (
            "measure",
            "How long did the rescue take?",
            "The coast guard did not say how long oil had been escaping from the well.",
            False,
        ),
        # The sentence gives the figure outside the unknown's clause.
        (
            "count",
            "How many penalty notices were issued?",
            "About 212,000 penalty notices were issued, but it did not say how many were paid.",
            False,
        ),
        (
            "measure",
            "What was the jury's final vote?",
            "The final vote was 5-4 but she declined to say how individual jurors had voted.",
            False,
        ),
        # "Whether" leaves a yes/no question open, when its clause holds most of it.
        (
            "yesno",
            "Will Bluehaven offer passengers cash refunds?",
            "It did not say whether it would offer cash refunds.",
            True,
        ),
        (
            "yesno",
            "Will the residents' insurance policies cover the damage?",
            "Insurers said it was too soon to say whether the residents' policies would cover "
            "damage to their homes.",
            True,
        ),
        (
            "yesno",
            "Will Bluehaven pay compensation to the crew?",
            "It did not say whether it would offer cash refunds.",
            False,
        ),
        # How it happened, said to be unclear; a name its giver asked to keep back.
        (
            "manner",
            "How did the inmates get hold of the tools to cut the grille?",
            "How the men obtained the tools needed to cut the steel grille remains unclear.",
            True,
        ),
        (
            "manner",
            "How did the fire start?",
            "How the men obtained the tools remains unclear.",
            False,
        ),
        (
            "manner",
            "How did the fire start?",
            "It is unclear how many people were inside when the fire started.",
            False,  # a figure unknown, not how
        ),
        (
            "name",
            "What is the name of the former sous-chef who said tips were withheld?",
            "A former sous-chef, who asked not to be named, told the Post that tips were withheld.",
            True,
        ),
    ],
)
def test_a_sentence_saying_the_answer_is_not_known(
    kind: str, question: str, sentence: str, unknown: bool
) -> None:
    """refuse.undisclosed: "has not said how much it would charge" says the price asked is not
    known; a name withheld says nothing of a town, nor a cost withheld of a date."""
    assert (undisclosed(kind, question, sentence) is not None) == unknown


@pytest.mark.parametrize(
    ("kind", "question", "sentence", "unknown"),
    [
        (
            "place",
            "Where will the money for September wages come from?",
            "He did not say where the money would come from.",
            True,
        ),
        (
            "place",
            "Where will the money for September wages come from?",
            "He did not say when the wages would be paid.",
            False,
        ),
        # What the unknown says beyond the question makes it another one; a place named
        # beside it answers.
        (
            "place",
            "Where will the farmers protest?",
            "He did not say where the protest would start.",
            False,
        ),
        (
            "place",
            "Where will the trucks unload?",
            "It did not say where the trucks would unload, but said the Lindby depot could "
            "take 20 trucks a day.",
            False,
        ),
        (
            "amount",
            "How much will Arvok invest in the Selbu plant?",
            "Arvok has not said how much it will invest in the second phase of the plant.",
            False,
        ),
        (
            "amount",
            "How much were the stolen watches and rings worth?",
            "Police did not say how much of the stolen jewellery had been recovered.",
            False,
        ),
    ],
)
def test_where_left_open_and_an_unknown_of_another_thing(
    kind: str, question: str, sentence: str, unknown: bool
) -> None:
    """refuse.undisclosed for a place ("did not say where"); not when what is unknown is
    more or other than what is asked, or a place is named beside it."""
    found = undisclosed(kind, question, sentence)
    assert (found is not None) == unknown, found


def test_an_unknown_outweighs_a_withheld_lead_only_when_it_holds_the_question() -> None:
    """A value bound elsewhere (a lead withheld) leaves the question open only to an unknown
    whose clause holds most of what is asked: "has not said how much it would charge for
    vericarbin", not "did not say when they would resume" for when family visits resume."""
    question = "How much will Castellan charge for vericarbin?"
    said = "Castellan has not said how much it would charge for vericarbin."
    assert undisclosed("amount", question, said, wholly=True) is not None
    question = "When will family visits at Harrowgate resume?"
    said = "Visits had been suspended, and the ministry did not say when they would resume."
    assert undisclosed("date", question, said) is not None
    assert undisclosed("date", question, said, wholly=True) is None
