"""Follow-ups without an LLM: which names of the previous turn a follow-up carries over.

Plain strings and records only: no model, no store.
"""

from __future__ import annotations

from bot.answering.extractive import EvidenceSentence, _new_first
from bot.answering.followups import answer_core, carry_over
from tests.conftest import passage_of
from vectorstore.records import Hit

LEAD_ANSWER = (
    "Dunya Petrakis [3]. The Federation of Locomotive Engineers called the walkout. [1] "
    "Margit Sallow, Corvelle's chief executive, will lead the enlarged group. [2] "
    "Dunya Petrakis, general secretary of the Federation, said members were angry. [3]"
)


def test_the_core_of_an_answer_is_its_lead_and_the_sentence_the_lead_cites() -> None:
    lead, sentence = answer_core(LEAD_ANSWER)
    assert lead == "Dunya Petrakis"
    assert "general secretary of the Federation" in sentence
    assert "Margit Sallow" not in sentence  # another report's sentence, quoted as context


def test_without_a_lead_the_core_is_the_first_quoted_sentence() -> None:
    answer = (
        "OSTRABRUCK — Rahel Tesfamar broke the women's course record at the Ostrabruck City "
        "Marathon on Sunday. [1] Mayor Lotte Brandvik said the race brought money. [2]"
    )
    lead, sentence = answer_core(answer)
    assert not lead
    assert "Rahel Tesfamar" in sentence and "Lotte Brandvik" not in sentence


def test_a_follow_up_carries_the_names_of_what_was_answered_only() -> None:
    history = [("Who leads the Federation of Locomotive Engineers?", LEAD_ANSWER)]
    standalone = carry_over("What pay rise is it asking for?", history)
    assert "Dunya Petrakis" in standalone and "Locomotive Engineers" in standalone
    assert "Margit Sallow" not in standalone
    # A question that is not a follow-up is left as it is.
    assert carry_over("Who won the marathon?", history) == "Who won the marathon?"


def _sentence(text: str, coverage: float) -> EvidenceSentence:
    passage = passage_of(text)
    return EvidenceSentence(
        hit=Hit(passage=passage, score=1.0, similarity=0.5),
        start=0,
        end=len(text),
        text=text,
        term_coverage=coverage,
    )


def test_a_quoted_sentence_goes_after_unless_it_holds_every_word_asked() -> None:
    """followup.new-sentence: the previous answer's sentence is not the follow-up's lead,
    unless the follow-up's own words are all in it."""
    previous = "Teodor Quillan [1]. The governor, Teodor Quillan, promised families a fund. [1]"
    quoted = _sentence("The governor, Teodor Quillan, promised families a fund.", 1.0)
    other = _sentence("Nobody will be left to rebuild alone, Quillan said.", 0.3)
    assert _new_first([quoted, other], previous, lambda s: False) == [quoted, other]
    partly = _sentence(quoted.text, 0.5)
    assert _new_first([partly, other], previous, lambda s: False) == [other, partly]
