"""Whether the reports call a person "he" or "she": what a follow-up's pronoun may stand for.

"Who did she beat?" -> "Arjun Mehta"; "How old is she?" is not about Mehta, whom the report
calls "he". Names alone say nothing reliable, so only what the reports write counts: a title
("Mrs", "King"), a noun for the person ("spokeswoman Dalia Reutersk", "her husband, Matthias
Orlov"), or a "he"/"she" that is plainly the person's ("Mehta said he would not play";
"Vorontsova won in 2019. She was 17."). A possessive or object pronoun is not read: in "Mehta
shook her hand" the hand is someone else's. A person the reports call both, or neither, has
no gender here, and any pronoun may stand for them.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

from vectorstore.text import split_sentences

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from bot.answering.nlp import NlpPipeline

__all__ = ["Gender", "gender_of", "pronoun_gender", "titled_gender"]

Gender = Literal["female", "male"]

_PRONOUNS: dict[str, Gender] = {
    **dict.fromkeys("she her hers herself".split(), "female"),
    **dict.fromkeys("he him his himself".split(), "male"),
}
# Titles and nouns that say which a person is, when they are the person's own.
_WORDS: dict[str, Gender] = {
    **dict.fromkeys(
        """mrs ms miss madam dame lady queen princess duchess countess empress baroness
        woman girl mother wife sister daughter grandmother granddaughter aunt niece widow
        spokeswoman chairwoman businesswoman congresswoman councilwoman policewoman
        sportswoman actress waitress heiress stepmother""".split(),
        "female",
    ),
    **dict.fromkeys(
        """mr sir lord king prince duke emperor baron man boy father husband brother son
        grandfather grandson uncle nephew widower spokesman chairman businessman congressman
        councilman policeman sportsman actor stepfather""".split(),
        "male",
    ),
}
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_PARTIES = frozenset({"nsubj", "nsubjpass", "dobj", "iobj", "conj", "attr"})
# How many of the sentences naming a person are read: enough for a title or a "he said".
MAX_SENTENCES = 12


def pronoun_gender(pronoun: str) -> Gender | None:
    """ "she"/"her" female, "he"/"his" male; other pronouns (they, it) none."""
    return _PRONOUNS.get(pronoun.casefold())


def titled_gender(words: Iterable[str]) -> Gender | None:
    """What the titles and nouns among the words say ("Queen", "husband"), when they agree;
    the words must not be a name's own ("Carole King" is no king)."""
    said = {g for w in words if (g := _WORDS.get(w.casefold().rstrip("."))) is not None}
    return next(iter(said)) if len(said) == 1 else None


def gender_of(name: str, texts: Iterable[str], nlp: NlpPipeline) -> Gender | None:
    """What the texts call the person `name` ("Arjun Mehta" or "Mehta"), when they agree."""
    words = name.split()
    if not words:
        return None
    # "King Aurelian IV", "Crown Princess Isolde": a title before the name; never its last
    # word ("Carole King", "Emily Duke").
    titled = titled_gender(words[:-1])
    if titled is not None:
        return titled
    last = words[-1]
    if not re.fullmatch(r"[\w’'-]+", last):
        return None
    mention = re.compile(rf"\b{re.escape(last)}\b")
    votes: Counter[Gender] = Counter()
    read = 0
    for text in dict.fromkeys(texts):
        sentences = [text[s:e] for s, e in split_sentences(text)]
        for i, sentence in enumerate(sentences):
            if read >= MAX_SENTENCES:
                break
            if not mention.search(sentence):
                continue
            read += 1
            doc = nlp.parse(sentence)
            following = sentences[i + 1] if i + 1 < len(sentences) else ""
            votes.update(_said_of(doc, name.split(), following))
    if len(votes) != 1:
        return None
    return next(iter(votes))


def _said_of(doc: Doc, name: list[str], following: str) -> list[Gender]:
    """What one sentence says of the person `name` (its words): the last name alone is them,
    after another first name it is someone else ("his sister, Aoife Brennan")."""
    said: list[Gender] = []
    for token in doc:
        if token.text != name[-1] or token.pos_ != "PROPN":
            continue
        before = doc[token.i - 1] if token.i else None
        if (
            len(name) > 1
            and before is not None
            and before.pos_ == "PROPN"
            and before.text != name[-2]
            and before.lower_ not in _WORDS
        ):
            continue
        said += [g for w in _own_words(token) if (g := _WORDS.get(w.lower_)) is not None]
        if token.dep_ in _SUBJECTS:
            said += _subject_pronouns(token)
            # No one else named as a subject or object (the recogniser misses invented
            # names: "Nadia" a place, "Vorontsova" nothing).
            alone = not any(
                t.pos_ == "PROPN" and t.dep_ in _PARTIES and t.i != token.i for t in doc
            )
            if token.head.dep_ == "ROOT" and alone:
                # "Vorontsova learned the game from her grandmother. She was 17 when ...";
                # not "Mehta beat Vorontsova in the final. She had won in 2019."
                opening = following.split(maxsplit=1)[:1]
                if opening and opening[0] in {"He", "She"}:
                    said.append(_PRONOUNS[opening[0].casefold()])
    return said


def _own_words(name: Token) -> list[Token]:
    """The words of the name's own phrase: its title ("Mrs", "spokeswoman" before it, with its
    first names between) and an apposition ("Matthias Orlov, her husband"; "her husband,
    Matthias Orlov"), not a noun the name only modifies ("Mehta's wife")."""
    own = [t for t in name.lefts if t.dep_ in {"compound", "appos"}]
    own += [t for t in name.rights if t.dep_ == "appos"]
    if name.dep_ in {"appos", "compound"} and name.head.pos_ == "NOUN":
        own.append(name.head)
    first_names = [t for t in own if t.pos_ == "PROPN"]
    for first in first_names:  # "Crown Princess Isolde Varen": the title hangs on "Isolde"
        own += [t for t in first.lefts if t.dep_ in {"compound", "appos"}]
    return [t for t in own if t.pos_ != "PROPN"] + [
        t for t in own if t.pos_ == "PROPN" and t.lower_ in _WORDS
    ]


def _subject_pronouns(subject: Token) -> list[Gender]:
    """ "Mehta said he would not play": a he/she subject of a clause under the verb the name
    is the subject of, with no other name between them that it could be."""
    verb = subject.head
    found: list[Gender] = []
    for token in verb.subtree:
        if token.i <= subject.i or token.dep_ not in _SUBJECTS:
            continue
        gender = _PRONOUNS.get(token.lower_) if token.lower_ in {"he", "she"} else None
        if gender is None:
            continue
        between = token.doc[subject.i + 1 : token.i]
        if any(t.pos_ == "PROPN" and t.ent_type_ == "PERSON" for t in between):
            break
        found.append(gender)
        break
    return found
