from __future__ import annotations

from dataclasses import dataclass
from types import SimpleNamespace

import pytest

from bot.answering.extractive import _with_the_role
from bot.answering.leads import Expected, answer_kind
from bot.answering.nlp import NlpPipeline
from bot.answering.question import parse_question


@dataclass
class Quote:
    text: str


def test_a_weekday_in_every_sentence_is_no_name() -> None:
    """lead.corroborated-name: "Monday", in two reports' ledes, names no one (a month neither);
    a name both give still leads."""
    sentences = [
        "Voters in Velgrad went to the polls on Monday.",
        "Results from Velgrad were due on Monday, officials said.",
    ]
    asked = "Who won the Velgrad election?"
    assert Expected(asked, sentences).lead([Quote(s) for s in sentences]) is None
    named = [*sentences, "Officials said Mira Tovar had won.", "Supporters cheered Tovar."]
    found = Expected(asked, named).lead([Quote(s) for s in named])
    assert found is not None and found.text == "Mira Tovar"


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
        (
            "How much will the tram line cost?",
            ["Moreau promised 3,000 affordable homes.", "The line will cost 610 million euros."],
            "610 million euros",
        ),
        (
            "How much rain fell overnight?",
            ["Forecasters measured 40 millimetres."],
            "40 millimetres",
        ),
        (
            "Who is the founder on trial?",
            ["The court heard FTX CEO Sam Bankman-Fried deny it.", "Lawyers say SBF knew."],
            "Sam Bankman-Fried",
        ),
        # No lead when it would be a guess.
        ("Who led the advance?", ["Ford told Reuters that HTS led it."], None),
        ("Which company was fined?", ["Apple was fined.", "Meta was fined."], None),
        ("Why did prices rise?", ["Prices rose 4 percent because of fuel."], None),
        ("How many votes did Smith get?", ["Smith got most votes."], None),
    ],
)
def test_lead(question: str, sentences: list[str], lead: str | None) -> None:
    # The cited sentences are part of the retrieved passages, the context.
    found = Expected(question, sentences).lead([Quote(s) for s in sentences])
    assert (found.text if found else None) == lead


def test_lead_takes_the_full_name_and_sentence_initial_names_from_the_passages() -> None:
    passages = [
        "OpenAI's board removed Sam Altman on Friday.",
        "Investors backed Sam Altman. Altman said little.",
    ]
    lead = Expected("Who spoke at the developer conference?", passages).lead(
        [Quote("Altman spoke first.")]
    )
    assert lead is not None
    assert lead.text == "Sam Altman"
    assert lead.quoted == ("Altman",)  # what the cited sentence says
    # Without a mid-sentence mention, a capitalised first word is not taken for a name.
    assert (
        Expected("Who spoke at the developer conference?").lead([Quote("Altman spoke first.")])
        is None
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
    assert (answer_kind(question) == "name") is asks


def test_a_name_is_shown_without_a_job_title_and_its_initials_count_as_the_name() -> None:
    passages = ["Alameda's former CEO Caroline Ellison testified.", "Ellison said SBF knew."]
    sentences = [
        Quote("The trial heard from CEO Caroline Ellison."),
        Quote("Ellison said she acted on the instruction of Bankman-Fried."),
    ]
    lead = Expected("Who testified for the prosecution?", passages).lead(sentences)
    assert lead is not None
    assert lead.text == "Caroline Ellison"
    # "SBF" is "Sam Bankman-Fried": he is named twice here, Ellison once.
    sentences = [
        Quote("Ellison said she acted on the instruction of SBF."),
        Quote("Prosecutors said Sam Bankman-Fried lied."),
    ]
    context = [*passages, *(s.text for s in sentences)]
    lead = Expected("Who gave the instructions?", context).lead(sentences)
    assert lead is not None
    assert lead.text == "Sam Bankman-Fried"
    assert set(lead.quoted) == {"SBF", "Sam Bankman-Fried"}


@pytest.mark.parametrize(
    ("question", "kind"),
    [
        ("How much did the bridge cost?", "amount"),
        ("How many people were hurt?", "number"),
        ("When did the strike end?", "date"),
        ("In what year did counts begin?", "date"),
        ("Which detective led the inquiry?", "name"),
        ("How old is Dorian Maas?", "age"),
        ("At what age did the king abdicate?", "age"),
        ("At what time did the scanners fail?", "time"),
        ("How far is Grenvald from Saint-Oran?", "measure"),
        ("How long was production halted?", "measure"),
        # A sum or a count answers "how big" too, a magnitude "how strong"; a season "what time of".
        ("How big is the agency's budget?", None),
        ("How strong was the earthquake?", None),
        ("What time of year is traffic heaviest?", None),
        # A quantity of a thing, not a sum of money.
        ("How much rain fell before the landslide?", "quantity"),
        ("How much money did the appeal raise?", "amount"),
        ("Where will Loomly open offices?", "place"),
        ("In which city is the plant?", "place"),
        ("Why did prices rise?", None),
        ("Did the council approve the tram?", None),
    ],
)
def test_answer_kind(question: str, kind: str | None) -> None:
    assert answer_kind(question) == kind


@pytest.mark.parametrize(
    ("question", "sentence", "offers"),
    [
        ("How much will the tram cost?", "It will cost 610 million euros.", True),
        ("How much will the tram cost?", "Moreau promised 3,000 homes.", False),
        ("When did the counts begin?", "It is the highest since counts began in 1979.", True),
        ("When did the counts begin?", "Volunteers counted 8,400 cranes.", False),
        ("Where will Loomly open offices?", "The money pays for offices in Vietnam.", True),
        ("Where will Loomly open offices?", "Loomly, a Rivermouth start-up, raised money.", False),
        ("Who led the advance?", "The advance was led by the rebels.", False),
        ("Who funded the archive?", "It was funded by the Ostberg Foundation.", True),
        # A weekday or a month names no one.
        ("Who funded the archive?", "The library opened it on Monday.", False),
        ("Who funded the archive?", "It opened in March.", False),
        ("Why did prices rise?", "Prices rose 4 percent in May.", False),
        # An age beside the name, a measure with its unit, a time of day.
        ("How old is Dorian Maas?", '"We let them down," Maas, 56, said.', True),
        ("How old is Dorian Maas?", "Maas said the failure was caused by a change.", False),
        # Another one's age, or a namesake's.
        ("How old is Arne Lundqvist?", "Holm, 49, a former professor, became minister.", False),
        ("How old is Lars Engen?", "Lars Engen, 59, blocked a merger.", True),
        ("How old is the driver?", "The driver, a 44-year-old from Orsk, was unhurt.", True),
        ("How far is Grenvald?", "They were flown to Grenvald, 85 km away.", True),
        ("How far is Grenvald?", "Grenvald has 85 doctors.", False),
        ("How long was the line closed?", "It was closed for seven months.", True),
        ("How long was the line closed?", "It was closed for a fortnight.", True),
        ("How long was the line closed?", "It will close for at least a week.", True),
        ("How long was the line closed?", "It reopened a year after the flood.", False),
        ("How heavy is the probe?", "The 1,850kg probe was launched.", True),
        ("How far is Grenvald?", "It was the deadliest in more than a decade.", False),
        ("At what time did the alarm sound?", "The alarm sounded at 3:05 a.m.", True),
        ("At what time did the alarm sound?", "The alarm sounded on Friday.", False),
        ("How much rain fell?", "The service said 212 millimetres of rain fell.", True),
        ("How much rain fell?", "The service said heavy rain fell.", False),
    ],
)
def test_a_sentence_offers_what_the_question_asks_for(
    question: str, sentence: str, offers: bool
) -> None:
    assert Expected(question).offered_by(sentence) is offers


def test_a_name_never_runs_across_the_end_of_a_sentence() -> None:
    """ "... on Friday. Corvelle is being advised ...": "Friday. Corvelle" is no name."""
    passages = ["Shares closed lower on Friday. Corvelle is being advised by Harrowmont Partners."]
    expected = Expected("Which bank is advising Flitway?", passages)
    assert expected.full_name("Corvelle") == "Corvelle"
    # An initial or a short title stays inside the name.
    expected = Expected("Who spoke?", ["The minister met J. Smith and Mrs. Ives Holm on Monday."])
    assert expected.full_name("Smith") == "J. Smith"


def test_a_word_opening_a_sentence_is_no_part_of_the_name_after_it() -> None:
    """lead.corroborated-name: "Across Veskaria, ..." and "But Dalmoria ..." name Veskaria
    and Dalmoria; a name that opens with a capitalised word of its own stays whole."""
    sentences = ["Across Veskaria, miners stopped work.", "Across Veskaria, pits were shut."]
    passages = [*sentences, "The union in Veskaria called the strike."]
    found = Expected("Who shut the pits?", passages).lead([Quote(s) for s in sentences])
    assert found is not None and found.text == "Veskaria"
    sentences = ["Anton Breck will lead the group.", "Anton Breck said so on Monday."]
    passages = [*sentences, "The board named Anton Breck."]
    found = Expected("Who will lead the group?", passages).lead([Quote(s) for s in sentences])
    assert found is not None and found.text == "Anton Breck"


def test_a_name_in_several_reports_is_no_role_holder_without_the_role(nlp: NlpPipeline) -> None:
    """lead.corroborated-name: "Kessler Bridge", named in two reports, is no answer to "Who is
    the mayor of Dravenstok?"; a name written with the role is."""
    mayor = parse_question("Who is the mayor of Dravenstok?", nlp)
    bridge = [SimpleNamespace(text="The Kessler Bridge collapsed into the Draven river.")]
    assert not _with_the_role(mayor, "Kessler Bridge", bridge)  # type: ignore[arg-type]
    named = [SimpleNamespace(text="Mayor Henrik Solvay declared three days of mourning.")]
    assert _with_the_role(mayor, "Henrik Solvay", named)  # type: ignore[arg-type]
    won = parse_question("Who won the Tour of Alvaria?", nlp)
    assert _with_the_role(won, "Erik Rask", bridge)  # type: ignore[arg-type]
    company = parse_question("Which company is at the centre of the antitrust cases?", nlp)
    assert _with_the_role(company, "Google", bridge)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("question", "roles", "sentence", "named"),
    [
        ("Who chairs the trust?", {"chair"}, "It said, said trust chair Nadine Fairbrother.", True),
        ("Who is the dean?", {"dean"}, "Dean Helmut Varga, 58, was suspended.", True),
        (
            "Who is the agency's spokeswoman?",
            {"spokeswoman"},
            "It was insured, an agency spokeswoman, Lena Park, said.",
            True,
        ),
        ("Who leads it?", {"leader"}, "Lise Norrgaard, leader of the group, said so.", True),
        # A name the question gives is not whom it asks for.
        ("Who is the dean of Velmore?", {"dean"}, "Velmore University suspended the dean.", False),
        # A name with no role beside it, or another role.
        (
            "Who chairs the trust?",
            {"chair"},
            "The Ashby Supporters' Trust welcomed the sale.",
            False,
        ),
        ("Who leads it?", {"leader"}, "Henrik Osei, an analyst at Brantley, said so.", False),
        # A role held of another the question does not name.
        (
            "Who leads the Rural Party?",
            {"leader"},
            "Opposition leader Paulo Vesik of the Social Democrats spoke.",
            False,
        ),
        ("Who leads the Rural Party?", {"leader"}, "Party leader Ivo Rask said on Monday.", True),
        ("Who chairs Norvik Rail?", {"chairman"}, "Brask Rail's chairman, Olav Rud, said.", False),
        # Another rank of the role, unless the question asks it.
        (
            "Who runs Halvard?",
            {"chief executive"},
            "Its former chief executive, Jon Berge, quit.",
            False,
        ),
        ("Who is the mayor?", {"mayor"}, "Deputy Mayor Ingrid Saal said so.", False),
        ("Who is the mayor?", {"mayor"}, "Ingrid Saal, the former mayor, said so.", False),
        ("Who is mediating?", {"mediator"}, "Mediator Peter Lind, a former judge, spoke.", True),
        ("Who is the deputy mayor?", {"deputy mayor"}, "Deputy Mayor Ingrid Saal said so.", True),
        # "whose" gives the role to the name after it, not to the one before.
        (
            "Who is the race's chief executive?",
            {"chief executive"},
            "It is sponsored by Osterlund, whose chief executive, Anna Ferm, spoke.",
            False,
        ),
        # Every word of the role: another minister is not the finance minister.
        (
            "Who is the finance minister?",
            {"finance minister"},
            "Finance Minister Ida Brun said.",
            True,
        ),
        (
            "Who is the finance minister?",
            {"finance minister"},
            "Housing Minister Elin Rask quit.",
            False,
        ),
    ],
)
def test_a_sentence_names_someone_in_the_role_asked(
    question: str, roles: set[str], sentence: str, named: bool
) -> None:
    asked = frozenset(tuple(role.split()) for role in roles)
    assert Expected(question).named_in_role(sentence, asked) is named


def test_an_age_beside_a_namesake_is_not_the_age_asked() -> None:
    """ "Engen, 59," is Mats Engen's age where the reports name him; alone, the surname will do."""
    reports = ["Transport Minister Mats Engen, 59, blocked a merger.", "Lars Engen said so."]
    sentence = "Engen, 59, blocked a smaller merger in 2024."
    assert not Expected("How old is Lars Engen?", reports).offered_by(sentence)
    assert Expected("How old is Lars Engen?", ["Lars Engen said so."]).offered_by(sentence)
