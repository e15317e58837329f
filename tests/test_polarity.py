"""Whether a sentence says a thing happened to anyone (`lead.happened`), on plain sentences.

These need the spaCy pipeline (loaded once, under a second), not the embedding model.
"""

from __future__ import annotations

import pytest

from bot.answering.binding import bind
from bot.answering.nlp import NlpPipeline
from bot.answering.polarity import may_tell, same_happening
from bot.answering.question import Happening, Ranking, parse_question


@pytest.mark.parametrize(
    ("question", "happening"),
    [
        ("Has anyone died in the fire?", Happening("die")),
        ("Was anybody injured in the Cloth Hall fire?", Happening("injure")),
        ("Has anyone been badly hurt by a power bank?", Happening("hurt", graded=True)),
        ("Were any workers killed?", Happening("kill", to="worker")),
        ("Were there any deaths in the flood?", Happening("death")),
        ("Is there a vaccine against norovirus?", Happening("vaccine")),
        ("Were any of the museum's guards hurt?", Happening("hurt", to="guard")),
        ("Was anybody killed by the chlorine leak?", Happening("kill")),
        ("Did the council approve the bridge?", None),  # names who: the verb's own rule
        ("How many people died in the fire?", None),
    ],
)
def test_what_a_question_asks_befell_anyone(
    nlp: NlpPipeline, question: str, happening: Happening | None
) -> None:
    assert parse_question(question, nlp).happening == happening


@pytest.mark.parametrize(
    ("question", "ranking"),
    [
        ("Is this the first strike on the network this year?", Ranking(1, "strike", None)),
        ("Was Saturday's rally the first protest in Korvan?", Ranking(1, "protest", "rally")),
        ("Was this the Hawkline-4 rocket's maiden flight?", Ranking(1, "flight", None)),
        ("Is it the 3rd recall this year?", Ranking(3, "recall", None)),
        ("Was the first strike this year longer?", None),  # the first strike is its subject
        ("Did the first train leave on time?", None),
    ],
)
def test_what_place_a_question_asks_its_subject_holds(
    nlp: NlpPipeline, question: str, ranking: Ranking | None
) -> None:
    assert parse_question(question, nlp).ranking == ranking


@pytest.mark.parametrize(
    ("question", "sentence", "lead"),
    [
        # A noun of the verb's family, said with "no"; a negated subject; "no reports of".
        ("Has anyone died in the fire?", "No deaths have been reported after the fire.", "No"),
        ("Was anyone injured in the fire?", "The fire was put out and no one was injured.", "No"),
        ("Were there any casualties in the blast?", "The blast caused no casualties.", "No"),
        ("Is there a cure for the disease?", "There is no cure for the disease.", "No"),
        ("Was there a delay at the airport?", "There was no long delay at the airport.", None),
        (
            "Is there a vaccine against the virus?",
            "A vaccine against the virus is being tested.",
            None,  # a thing said with no count is no "Yes"
        ),
        (
            "Was anyone hurt in the storm?",
            "There were no reports of injuries from the storm.",
            "No",
        ),
        ("Were any of the guards hurt in the raid?", "Neither guard was harmed in the raid.", "No"),
        (
            "Has anyone been arrested over the attack?",
            "No arrests were made over the attack.",
            "No",
        ),
        # A negated verb done to anyone at all.
        ("Was anyone injured in the blast?", "The blast did not injure anyone, police said.", "No"),
        # One person, not named and not "the" one: someone it befell.
        (
            "Has anyone been arrested over the wildfire?",
            "Police said they had arrested a 57-year-old man over the wildfire.",
            "Yes",
        ),
        ("Were any children killed in the fire?", "A firefighter was killed in the fire.", None),
        (
            "Has anyone been arrested over the wildfire?",
            "Police said they had not arrested the farmer over the wildfire.",
            None,  # one known person: others may have been
        ),
        # Counted people: yes; any of those asked about only.
        ("Has anyone died in the fire?", "Three workers were killed in the fire.", "Yes"),
        ("Were any workers killed in the fire?", "Three workers were killed in the fire.", "Yes"),
        ("Were any children killed in the fire?", "Three workers were killed in the fire.", None),
        # A figure picking from those asked about: "two of the miners".
        (
            "Were any miners killed in the collapse?",
            "Two of the miners were killed in the collapse.",
            "Yes",
        ),
        (
            "Were any miners killed in the collapse?",
            "Two of the rescuers were killed in the collapse.",
            None,
        ),
        (
            "Were any miners killed in the collapse?",
            "Dozens of miners were killed in the collapse.",
            "Yes",
        ),
        (
            "Were any miners killed in the collapse?",
            "Rescuers denied reports that two of the miners were killed in the collapse.",
            None,  # a denied claim states nothing
        ),
        (
            "Were any miners killed in the collapse?",
            "Two of the miners had been killed in an earlier blast, and none died in the collapse.",
            "No",  # the two were killed in another event
        ),
        ("Has anyone died?", "Three workers were killed in a crash last year.", "Yes"),
        (
            "Were any miners killed in the collapse?",
            "Some of the rescuers were killed in the collapse.",
            None,
        ),
        (
            "Has anyone been arrested over the attack?",
            "Police arrested two men over the attack.",
            "Yes",
        ),
        # One named person unhurt says nothing of the others; a graded noun nothing of the
        # ungraded question; "whether" and a guess state nothing; another family is no answer.
        ("Was anyone hurt in the crash?", "The driver was not hurt in the crash.", None),
        (
            "Has anyone been hurt by the heater?",
            "No serious injuries from the heater were reported.",
            None,
        ),
        (
            "Has anyone been badly hurt by the heater?",
            "No serious injuries from the heater were reported.",
            "No",
        ),
        (
            "Was anyone hurt in the fire?",
            "It was not clear whether anyone was hurt in the fire.",
            None,
        ),
        (
            "Was anyone hurt in the fire?",
            "Several firefighters may have been hurt in the fire.",
            None,
        ),
        ("Did anyone die in the fire?", "Twenty-one people were injured in the fire.", None),
        ("Has anyone died in the blast?", "The blast caused 12 casualties.", None),
        # A report about another event.
        (
            "Was anyone injured in the earthquake?",
            "No one was injured in the fire at the plant.",
            None,
        ),
    ],
)
def test_yes_or_no_only_when_a_sentence_says_it_befell_anyone(
    nlp: NlpPipeline, question: str, sentence: str, lead: str | None
) -> None:
    binding = bind(parse_question(question, nlp), nlp.parse(sentence))
    assert (binding.value if binding else None) == lead, binding
    if binding is not None:
        assert binding.rule == "lead.happened"
        assert binding.quoted in sentence


def test_the_same_thing_said_with_a_verb_or_a_noun() -> None:
    assert same_happening("die", "death") and same_happening("die", "kill")
    assert same_happening("injure", "injury") and same_happening("hurt", "injury")
    assert same_happening("evacuate", "evacuation")
    assert not same_happening("die", "injury")
    assert not same_happening("dead", "deal")


def test_a_sentence_is_parsed_only_when_a_word_may_say_it() -> None:
    assert may_tell(Happening("die"), "No deaths have been reported.")
    assert may_tell(Happening("injure"), "Nobody was hurt.")
    assert not may_tell(Happening("die"), "The council met on Monday.")
