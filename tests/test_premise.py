"""`refuse.unstated-premise`: does a sentence state what the question takes for granted?

Plain sentences, a positive and a negative case each; the parse needs the spaCy pipeline, the
meaning of words the bundled embedding model (`embedder`, loaded once per session).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from bot.answering.extractive import SAME_PREDICATE_SIMILARITY
from bot.answering.nlp import NlpPipeline
from bot.answering.premise import Premise, holds_the_rest, premise, stated_by
from bot.answering.question import parse_question
from vectorstore.embeddings import Embedder


def _similarity(embedder: Embedder) -> Callable[[str, str], float]:
    def similarity(first: str, second: str) -> float:
        vectors = embedder.encode_queries([first, second])
        return float(vectors[0] @ vectors[1])

    return similarity


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("Who was arrested on suspicion of starting the fire?", Premise("arrested", "arrest")),
        ("Where will Loomly open new offices?", Premise("open", "open", "office")),
        # The nouns that say which one: "the wheelchair race"; a measure
        # ("the 7,100-hectare estimate") says no which.
        (
            "Who won the wheelchair race?",
            Premise("won", "win", "race", frozenset({"wheelchair"})),
        ),
        # A possessive is no qualifier: "Faith Cherono won the marathon" names the women's winner.
        ("Who won the women's race?", Premise("won", "win", "race")),
        (
            "Which body produced the 7,100-hectare estimate?",
            Premise("produced", "produce", "estimate"),
        ),
        ("Which rival airline did Corvelle outbid?", Premise("outbid", "outbid")),
        ("Who leads the Varnaby Farmers' Union?", Premise("leads", "lead")),
        # "managed to escape" presumes the escape; a phrasal verb ("turned out for the rally",
        # "touch down") says more than its verb, and presumes nothing a word rule can check.
        ("Who managed to escape from the burning building?", Premise("escape", "escape")),
        ("How many people turned out for the rally?", None),
        # An idiom says one verb: those who "lost their lives" died, as reports say.
        ("How many miners lost their lives in the blast?", Premise("die", "die")),
        # Yes/no, however it opens: the quote is judged by the reader (or `lead.yes-no`).
        ("Was the weather to blame for the grounding?", None),
        ("After the Age reported the deal, did TechCrunch maintain its view?", None),
        # Several clauses: the premises are spread over several reports.
        ("Which company, reported by Fortune, is accused by TechCrunch of harming news?", None),
        # A light verb or "be": the premise is in what follows, which other rules read.
        ("What did the minister say about the strike?", None),
        # A verb saying only that its subject took place, or befell someone: the premise is
        # that subject or object, which the other rules read.
        ("When did the last deadlier avalanche occur?", None),
        ("In which year did the previous crowd disaster happen?", None),
        ("What injury did Korhonen's daughter suffer?", None),
        ("What injury did Marta Liss's son sustain?", None),
        ("Who is the mayor of Ostrabruck?", None),
        # The measure a price question asks for: "Tickets start at 59 euros" answers it; a
        # weight or a length of time, "the 1.2-tonne Vesper" or "the 23-day strike".
        ("How much do night train tickets cost?", None),
        ("How much does the new ferry weigh?", None),
        ("How long did the strike last?", None),
        # A passive the small parser hangs on its subject ("was" the root, "fined" a clause
        # of "Kestrion"): with its doer, the event is presumed.
        ("How much was Kestrion fined by the court?", Premise("fined", "fin")),  # its lemma
        (
            "How high was the tsunami triggered by the Tarvania earthquake?",
            Premise("triggered", "trigger"),
        ),
        # Without a doer such a participle describes: nothing is presumed.
        ("Where is Kestrel Cartons' other, smaller site located?", None),
        # Where a thing is presumes only the thing: "runs a charity in Dunmere" answers.
        ("Where is Prince Casimir's charity based?", None),
        ("Where is the company headquartered?", None),
        ("Where was the ship towed?", Premise("towed", "tow")),
        ("What is the maximum yearly rent increase allowed under the new law?", None),
    ],
)
def test_the_premise_is_the_one_clause_predicate(
    nlp: NlpPipeline, question: str, expected: Premise | None
) -> None:
    assert premise(nlp.parse(question)) == expected


def test_the_premise_of_a_question_whose_verb_the_tagger_missed(nlp: NlpPipeline) -> None:
    """The small pipeline reads "fine" in this question as an adjective, and the question has
    no predicate; read once (`parse_question` corrects the cached parse), it presumes a fine,
    which "had been informed of the first case" does not state."""
    question = "How much did the Tessarine Medicines Authority fine Kavell?"
    assert premise(nlp.parse(question + " ", entities=False)) is None  # as parsed
    parse_question(question, nlp)
    assert premise(nlp.parse(question, entities=False)) == Premise("fine", "fine")


@pytest.mark.parametrize(
    ("question", "sentence", "stated"),
    [
        # The same word in another form, a noun made of it, or a verb close in meaning.
        ("Who was arrested after the fire?", "Police arrested a 52-year-old man on Tuesday.", True),
        ("Which firm was restoring the hall?", "The hall was near the end of a restoration.", True),
        ("How fast did wages grow?", "Wage growth of 7.2 percent was too high, she said.", True),
        ("Where will Loomly open new offices?", "It will pay for offices in Vietnam.", True),
        ("Who was arrested after the fire?", "Police detained a 52-year-old man on Tuesday.", True),
        # A near miss: questioned is not arrested, a buyer did not outbid anyone, and the
        # police are not an arrest ("arrested"/"police" are close words; nouns are not read
        # by meaning).
        ("Who was arrested after the fire?", "Police were questioning a man on Tuesday.", False),
        ("Which airline did Corvelle outbid?", "Corvelle agreed to buy Flitway on Monday.", False),
        ("Who leads the Farmers' Union?", "The Farmers' Union said the harvest was poor.", False),
        ("How many passengers passed through Ardmoss?", "It has 95,000 passengers a day.", False),
        # The verb with another one of the thing: who won the men's race did not win the
        # wheelchair race, and a disaster area is no drought emergency.
        ("Who won the wheelchair race?", "Elias Mwangale won the men's race.", False),
        ("Who won the wheelchair race?", "Lena Orr won the wheelchair race in 1:31.", True),
        (
            "When did the government declare a drought emergency?",
            "He asked the government to declare the ridge a disaster area.",
            False,
        ),
        (
            "When did the government declare a drought emergency?",
            "The government declared a drought emergency on May 2.",
            True,
        ),
        # Another verb for the very same deed (`same_verb`) says it; an adjective of that
        # spelling does not ("direct payments" is no one directing anything).
        (
            "Which officer is leading the theft investigation?",
            "Inspector Mattias Kjell, who heads the theft investigation, appealed for witnesses.",
            True,
        ),
        (
            "When will Lyra-2 arrive in lunar orbit?",
            "It is due to reach lunar orbit on Sept. 12.",
            True,
        ),
        (
            "Who leads the Farmers' Union?",
            "The minister announced direct payments to the Farmers' Union.",
            False,
        ),
        # The verb's noun of another spelling says it too; another noun does not.
        (
            "How many jobs will be lost in the merger?",
            "The merger will lead to the loss of about 1,100 jobs.",
            True,
        ),
        (
            "How many jobs will be lost in the merger?",
            "The merger will lead to the closure of two factories.",
            False,
        ),
        ("How many lawmakers abstained?", "The bill passed 96-40, with 14 abstentions.", True),
        # "is supposed to" presumes what is to happen, said by any verb of that deed.
        (
            "By what year is Belgoria supposed to shut its last coal mine?",
            "Belgoria will close its last coal mine by 2049.",
            True,
        ),
    ],
)
def test_a_sentence_states_the_premise_or_not(
    nlp: NlpPipeline, embedder: Embedder, question: str, sentence: str, stated: bool
) -> None:
    asked = premise(nlp.parse(question))
    assert asked is not None
    found = stated_by(asked, nlp.parse(sentence), _similarity(embedder), SAME_PREDICATE_SIMILARITY)
    assert (found is not None) is stated, found


@pytest.mark.parametrize(
    ("question", "sentence", "holds"),
    [
        # premise.paraphrased: every other word of the question, the predicate said otherwise.
        (
            "How many people live on Innisvar?",
            "Innisvar, home to about 4,200 people, depends on the ferry for food and fuel.",
            True,
        ),
        (
            "Where was the stolen crown found?",
            "Police recovered the crown, stolen from the museum, in a garage in Rivermouth.",
            True,
        ),
        # The word after the wh-word names the value asked, which the sentence gives as one.
        (
            "In what year did Emil Rask launch Norda Wings?",
            "Norda Wings founder Emil Rask, 71, who set up the airline in 1998, will retire.",
            True,
        ),
        (
            "In what year did Emil Rask launch Norda Wings?",
            "Emil Rask, 71, will join the board of Skarl Air in 1998.",
            False,  # Norda Wings is not said
        ),
        # ... unless the question says nothing else: then the sentence must say it.
        (
            "What impurity was found?",
            "The company said the impurity was linked to a change of solvent.",
            True,
        ),
        ("What impurity was found?", "The company said the batch was recalled.", False),
        # A false premise: the word that says which race is missing.
        ("Who won the wheelchair race?", "Elias Mwangale took a tight men's race.", False),
        # About something else than the question: its noun is missing.
        ("How many people live on Innisvar?", "The ferry carried 298 passengers.", False),
        # Another harm is no other way of saying the one asked: deaths are said as deaths.
        (
            "How many people died in the Skylark emergency landing?",
            "A Skylark jet made an emergency landing, and nine people were hurt.",
            False,
        ),
        (
            "How many people died in the Skylark emergency landing?",
            "A Skylark jet made an emergency landing, and nine people were killed.",
            True,
        ),
    ],
)
def test_a_sentence_holds_the_rest_of_the_question_or_not(
    nlp: NlpPipeline, question: str, sentence: str, holds: bool
) -> None:
    parse_question(question, nlp)  # the question read once, its parse corrected
    asked = premise(nlp.parse(question, entities=False))
    assert asked is not None
    assert holds_the_rest(asked, question, sentence) is holds
