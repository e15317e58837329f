"""What the reports call a person, he or she, and the follow-up pronouns it steers
(followup.gender, followup.same-pronoun). Plain strings and the spaCy parser only."""

from __future__ import annotations

import pytest

from bot.answering.followups import read_follow_up
from bot.answering.gender import gender_of, pronoun_gender
from bot.answering.nlp import NlpPipeline

REPORT = (
    "KASTELHOLM, Nov 27 (Meridian Wire) - Nadia Vorontsova became world chess champion on "
    "Thursday, defeating title holder Arjun Mehta in the 12th game of their match. "
    "Mehta, 31, shook her hand and left the hall without speaking to reporters. "
    "Mehta said he would not play in the next cycle. "
    "Vorontsova learned the game from her grandmother in Veldin. She is 24. "
    "His sister, Aoife Brennan, said the family was shocked. "
    "Spokeswoman Dalia Reutersk declined to comment. "
    "Queen Isolde thanked the crew."
)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("Arjun Mehta", "male"),  # "Mehta said he would not play" (not "shook her hand")
        ("Nadia Vorontsova", "female"),  # "Vorontsova learned ... She is 24."
        ("Dalia Reutersk", "female"),  # a title noun of her own
        ("Aoife Brennan", "female"),  # "His sister, Aoife Brennan"
        ("Tomas Brennan", None),  # another Brennan's sister says nothing of Tomas
        ("Queen Isolde", "female"),  # the title in the name itself
        ("Pavel Ilyin", None),  # not in the reports
    ],
)
def test_gender_of_reads_only_what_is_plainly_the_persons(
    nlp: NlpPipeline, name: str, expected: str | None
) -> None:
    assert gender_of(name, [REPORT], nlp) == expected


def test_a_possessive_pronoun_after_a_name_says_nothing(nlp: NlpPipeline) -> None:
    """ "Mehta shook her hand": the hand is someone else's."""
    text = "Mehta, 31, shook her hand and left the hall."
    assert gender_of("Arjun Mehta", [text], nlp) is None


def test_a_name_is_no_title_and_a_sentence_naming_two_gives_no_vote(nlp: NlpPipeline) -> None:
    """ "Carole King" is no king; "Mehta beat Vorontsova. She had won in 2019." says nothing of
    Mehta (the next sentence's "She" may be either); an empty name is nobody's."""
    assert gender_of("Carole King", [], nlp) is None
    assert gender_of("Emily Duke", ["Emily Duke won the race on Sunday."], nlp) is None
    text = "Arjun Mehta beat Nadia Vorontsova in the final. She had won the title in 2019."
    assert gender_of("Arjun Mehta", [text], nlp) is None
    assert gender_of("  ", [text], nlp) is None


def test_a_person_called_both_ways_has_no_gender(nlp: NlpPipeline) -> None:
    text = "Mr Kade said he would resign. Mrs Kade said she would stay."
    assert gender_of("Kade", [text], nlp) is None


def test_pronoun_gender() -> None:
    assert pronoun_gender("Her") == "female"
    assert pronoun_gender("his") == "male"
    assert pronoun_gender("they") is None


BEAT = (
    "Arjun Mehta [1]. Vorontsova beat Arjun Mehta in the 12th game. [1]",
    "Nadia Vorontsova [1]. Nadia Vorontsova became world chess champion on Thursday. [1]",
)


def _read(question: str, history: list[tuple[str, str]], nlp: NlpPipeline) -> tuple[str, list[str]]:
    reading = read_follow_up(question, history, nlp, mentions=lambda word: [REPORT])
    assert reading is not None
    return reading.text, [w.rule for w in reading.rules]


def test_followup_gender_passes_over_a_man_for_she(nlp: NlpPipeline) -> None:
    """followup.gender: "Who did she beat?" -> Arjun Mehta; "How old is she?" is not about
    him, whom the reports call "he"; "How old is he?" is."""
    history = [
        ("Who became world chess champion in Kastelholm?", BEAT[1]),
        ("Who did she beat?", BEAT[0]),
    ]
    text, rules = _read("How old is she?", history, nlp)
    assert text == "How old is Nadia Vorontsova?"
    assert "followup.gender" in rules and "followup.same-pronoun" in rules
    text, rules = _read("How old is he?", history, nlp)
    assert text == "How old is Arjun Mehta?"
    assert "followup.gender" not in rules


def test_followup_same_pronoun_needs_the_same_pronoun_before(nlp: NlpPipeline) -> None:
    """followup.same-pronoun reads back only when the previous question said "she" too: after
    "Who did Vorontsova beat?" there is no earlier "she" to follow, and the man answered is
    passed over (the recogniser does not call "Vorontsova" a person here: "she" stays open)."""
    history = [
        ("Who became world chess champion in Kastelholm?", BEAT[1]),
        ("Who did Vorontsova beat?", BEAT[0]),
    ]
    reading = read_follow_up("How old is she?", history, nlp, mentions=lambda word: [REPORT])
    rules = [w.rule for w in reading.rules] if reading else []
    assert "followup.same-pronoun" not in rules
    assert reading is None or "Mehta" not in reading.text
