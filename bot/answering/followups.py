"""Follow-up questions without an LLM: carry the previous turn's names into the question.

"and who led them?" after "who captured Saraqeb?" becomes "and who led them? (Saraqeb,
Aleppo)": retrieval then looks in the right reports. With an LLM the question is rewritten by
the model instead (bot.answering.llm.LLMAnswerer.rewrite).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

from bot.answering.question import WH_WORDS, without_conjunction
from vectorstore.text import STOPWORDS, content_terms, stem, tokenize

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from bot.answering.nlp import NlpPipeline

__all__ = ["answer_core", "carry_over", "looks_like_follow_up", "referent", "resolve"]

_REFERRING = frozenset(
    "it its they them their theirs he him his she her this that these those there then "
    "also too else".split()
)
_NAME = re.compile(r"\b[A-Z][\w’'-]*(?:\s+(?:al-)?[A-Z][\w’'-]*)*")


def looks_like_follow_up(question: str, previous: str = "") -> bool:
    """A question asked after another reads on from it when it opens with "and"/"what
    about", refers back ("he", "it", "there"), or names nothing and asks about what the
    `previous` turn (its question and answer) was about: "When?", "How many were
    damaged?", "What data was stolen?" after an answer on a data breach. "Who won the
    marathon?" after a rail strike is a new question."""
    words = tokenize(question)
    if not words:
        return False
    if (
        words[0] in {"and", "but", "so", "also"}
        or question.strip().casefold().startswith(("what about", "how about"))
        or bool(_REFERRING & set(words))
    ):
        return True
    if not previous or _names(question) or any(c.isdigit() for c in question):
        return False
    asked = {stem(w) for w in content_terms(question)}
    return not asked or bool(asked & {stem(w) for w in content_terms(previous)})


def _names(text: str) -> list[str]:
    names = []
    for match in _NAME.finditer(text):
        if match.start() == 0 or text[match.start() - 2 : match.start()].strip() in {".", "?"}:
            continue  # a capital at the start of a sentence is not a name
        name = match.group(0)
        if any(w not in STOPWORDS for w in tokenize(name)):
            names.append(name)
    return names


_MARKER = re.compile(r"\s*\[(\d+)\]")
# A first statement this short is a lead ("Dunya Petrakis [3]."), not a quoted sentence.
_LEAD_WORDS = 12


def answer_core(answer: str) -> tuple[str, str]:
    """What the previous answer said in answer: its lead (empty when it has none) and the
    sentence it quoted first for it (the one the lead cites). The other quoted sentences are
    context (another report's chief executive, say): a follow-up's pronoun does not point at
    them."""
    first = _MARKER.search(answer)
    if first is None:
        return "", answer
    lead = answer[: first.start()].strip()
    if len(lead.split()) > _LEAD_WORDS:
        return "", lead  # no lead: the first statement is the quoted sentence
    rest = answer[first.end() :]
    start = 0
    for marker in _MARKER.finditer(rest):
        if marker.group(1) == first.group(1) and rest[start : marker.start()].strip(" .;"):
            return lead, rest[start : marker.start()].strip(" .;")
        start = marker.end()
    return lead, ""


def carry_over(
    question: str, history: Sequence[tuple[str, str]], resolved: str | None = None
) -> str:
    """The question plus the names of the last turn, when it reads like a follow-up: those of
    its question, its lead when that is a name, and the sentence it quoted first for it
    (`answer_core`). With `resolved` (the follow-up as `resolve` reads it), that text gets
    the names not already in it."""
    if not history or not looks_like_follow_up(question, " ".join(history[-1])):
        return question
    if resolved:
        question = resolved
    previous_question, previous_answer = history[-1]
    lead, sentence = answer_core(previous_answer)
    named_lead = [lead] if _NAME.fullmatch(lead) and lead not in {"Yes", "No"} else []
    asked = set(tokenize(question))
    names = [
        n
        for n in dict.fromkeys(_names(previous_question) + named_lead + _names(sentence))
        if not set(tokenize(n)) <= asked
    ]
    return f"{question} ({', '.join(names[:6])})" if names else question


# --- Reading a follow-up as the question it stands for -----------------------------------

_PERSON_PRONOUNS = frozenset("he him his she her hers".split())
_THING_PRONOUNS = frozenset("it its they them their theirs".split())
_PLURAL_PRONOUNS = frozenset("they them their theirs".split())
_POSSESSIVE = frozenset("his her hers its their theirs".split())
# Entity labels "it" can stand for, and "they" (a group: not a place).
_THING_LABELS = frozenset("ORG GPE FAC PRODUCT NORP LOC EVENT WORK_OF_ART LAW".split())
_GROUP_LABELS = frozenset("ORG NORP PRODUCT".split())
_ABOUT = re.compile(r"^\s*(?:what|how)\s+about\b[\s,]*", re.IGNORECASE)
# A pronoun's dependency, and the one its antecedent has in the previous question.
_ROLES = {"nsubjpass": "nsubj", "pobj": "dobj"}
_FIGURE = re.compile(r"^[\d.,]+$")


def _quoted(answer: str) -> list[str]:
    """The sentences an answer quoted, in order, without its lead and its 'Reports differ'
    line (which names outlets, not what was asked about)."""
    parts = [p.strip(" .;") for p in _MARKER.split(answer)[::2]]
    lead, _ = answer_core(answer)
    sentences = []
    for n, part in enumerate(parts):
        if not part or (n == 0 and lead and part == lead) or part.startswith("Reports differ"):
            continue
        sentences.append(part)
    return sentences


def _entities(doc: Doc, labels: frozenset[str]) -> list[str]:
    """The names of `labels` in `doc`, each as the phrase it names a thing in."""
    names = []
    for ent in doc.ents:
        if ent.label_ not in labels or not ent.text.removeprefix("the ")[:1].isupper():
            continue
        tokens = list(ent) if ent.label_ == "PERSON" else list(_named_phrase(doc, ent))
        while tokens and (tokens[0].lower_ in WH_WORDS | {"many", "much"}):
            tokens = tokens[1:]
        name = "".join(t.text_with_ws for t in tokens).strip()
        name = re.sub(r"['’]s$", "", name).strip()
        if name:
            names.append(name)
    return names


def _named_phrase(doc: Doc, ent: Span) -> Span:
    """The phrase a name names a thing in: "the Quenby bridge", "Wendmoor's Cloth Hall",
    "the Norvale train drivers' strike" (a plural owner is no "it": the phrase goes on to
    what it owns), but "Veltron" in "Veltron's chief executive" (its own thing)."""
    token = ent.root
    while token.head.i != token.i:
        head = token.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ == "ROOT":
            break  # "How much would the Quenby bridge cost?": "cost" read as a noun
        if token.dep_ == "compound" or (
            token.dep_ == "poss" and (head.pos_ == "PROPN" or token.tag_ in {"NNS", "NNPS"})
        ):
            token = head
            continue
        break
    if token.i == ent.root.i:
        return doc[ent.start + 1 : ent.end] if ent[0].lower_ == "the" else ent
    return doc[min(token.left_edge.i, ent.start) : token.i + 1]


def referent(
    pronoun: str, history: Sequence[tuple[str, str]], nlp: NlpPipeline, role: str = ""
) -> str | None:
    """The name a follow-up's pronoun stands for, from the previous turn, or None.

    "he"/"she": the first person named in the previous answer's lead, then in its question,
    then in the sentences it quoted (the one its lead cites first). "it": the organisation,
    place or product that the lead names, or the one thing the previous question names (two,
    as in "How much is Corvelle paying for Flitway?", leave "it" open: the deal, or either
    company). "they"/"them": the lead when it names a group, else what the previous question
    counts or names in the plural ("How many power banks ...?" -> "power banks"), else the one
    nothing; never a place ("who captured Saraqeb? and who led them?": them is
    whoever captured it). None leaves the pronoun as it is.
    """
    previous_question, previous_answer = history[-1]
    lead, core = answer_core(previous_answer)
    word = pronoun.casefold()
    named_lead = bool(lead and _NAME.fullmatch(lead) and lead not in {"Yes", "No"})
    if word in _PERSON_PRONOUNS:
        labels = frozenset({"PERSON"})
    elif word in _PLURAL_PRONOUNS:
        labels = _GROUP_LABELS
    else:
        labels = _THING_LABELS
    if named_lead:
        # The lead read where it was quoted: "Goalkeeper Lukas Varga" is a person there.
        for name in _entities(nlp.parse(core or lead), labels):
            if name in lead or lead in name:
                return name
    asked = nlp.parse(previous_question)
    if word not in _PERSON_PRONOUNS and without_conjunction(
        previous_question
    ).casefold().startswith(("which", "who")):
        # "Which airline is Corvelle buying?" ... "How many aircraft does it have?": "it" is
        # the answer, which a name of the question is not; without a lead it stays open.
        return None
    if word in _PERSON_PRONOUNS:
        quoted = [core, *(s for s in _quoted(previous_answer) if s != core)]
        for text in [previous_question, *quoted]:
            names = _entities(nlp.parse(text) if text != previous_question else asked, labels)
            if names:
                return names[0]
        return None
    if word in _PLURAL_PRONOUNS:
        plural = _plural_phrase(asked, _ROLES.get(role, role))
        if plural and lead and plural in lead:
            # "640,000 ChargeCore 20K power banks": the lead says which power banks.
            return (
                " ".join(w for w in lead[: lead.index(plural)].split() if not _FIGURE.match(w))
                + (" " if lead.index(plural) else "")
                + plural
            )
        return plural
    names = list(dict.fromkeys(_entities(asked, labels)))
    if not names:
        # The recogniser misses many invented names ("Veltron's chief executive"): a name
        # that it does not call a person, date or figure will do.
        others = {e.text for e in asked.ents if e.label_ not in labels}
        names = [
            re.sub(r"['’]s$", "", n)
            for n in _names(previous_question)
            if not any(n in o or o in n for o in others)
        ]
    return names[0] if len(set(names)) == 1 else None


def _plural_phrase(doc: Doc, role: str = "") -> str | None:
    """The plural common noun phrase a question asks about ("How many power banks is Nuvato
    recalling?" -> "power banks"), without its wh-word, quantifier or article; the one in
    the same `role` first ("What else did they seize?" after "Where did insurgents detonate
    car bombs?": they are the insurgents, the subject, not the bombs)."""
    chunks = sorted(doc.noun_chunks, key=lambda c: c.root.dep_ != role)
    for chunk in chunks:
        if chunk.root.tag_ != "NNS" or chunk.root.lower_ in WH_WORDS:
            continue
        words = [
            t
            for t in chunk
            if t.lower_ not in WH_WORDS | {"many", "much", "the", "a", "an"} and not t.like_num
        ]
        if words:
            return "".join(t.text_with_ws for t in words).strip()
    return None


def _fragment(doc: Doc) -> bool:
    """No verb: "And a year earlier?", "What about the men's race?", "and when?"."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in doc)


def _merged(fragment: str, previous_question: str, nlp: NlpPipeline) -> str:
    """An elliptic follow-up read into the previous question: a bare wh-word in place of the
    previous one ("When?" after "Where did the fire break out?"), its noun phrase in place of
    the previous question's phrase with the same head ("And the men's race?" after "Who won
    the women's race?") or else of its subject ("And the yield on bonds?" after "How much
    did the crown rise?"), or else added to it ("And a year earlier?")."""
    previous = previous_question.strip().rstrip("?").strip()
    doc = nlp.parse(fragment)
    before = nlp.parse(previous)
    words = [t for t in doc if not t.is_punct]
    if len(words) == 1 and words[0].lower_ in WH_WORDS:
        # The previous question's wh-phrase ("how many people") gives way to the new one.
        start = 0
        while start < len(before) and before[start].pos_ not in {"AUX", "VERB"}:
            start += 1
        if 0 < start < len(before):
            return f"{words[0].text.capitalize()} {before[start:].text}?"
        return f"{words[0].text.capitalize()} {previous}?"
    chunks = [c for c in before.noun_chunks if c.root.lower_ not in WH_WORDS]
    for chunk in doc.noun_chunks:
        same = [c for c in chunks if c.root.lemma_.lower() == chunk.root.lemma_.lower()]
        subject = [c for c in chunks if c.root.dep_ in {"nsubj", "nsubjpass"}]
        for old in same or subject:
            # "How many nursing posts" keeps its "How many": only the noun phrase changes.
            begin = old.start
            while begin < old.end - 1 and before[begin].lower_ in WH_WORDS | {"many", "much"}:
                begin += 1
            new = [t for t in chunk if t.lower_ not in WH_WORDS | {"many", "much"}]
            if new and before[begin : old.end].text != chunk.text:
                head = before[:begin].text_with_ws
                tail = before[old.end :].text
                phrase = "".join(t.text_with_ws for t in new).strip()
                return f"{head}{phrase} {tail}".strip() + "?"
    return f"{previous} {fragment.strip().rstrip('?').strip()}?"


def _uncounted(doc: Doc) -> Token | None:
    """ "How many finished?", "How many were damaged?": the "many" of a count whose noun is
    left out (the previous question's)."""
    for token in doc:
        if (
            token.lower_ == "many"
            and token.i > 0
            and doc[token.i - 1].lower_ == "how"
            and (token.head.pos_ not in {"NOUN", "PROPN"} or token.head.i < token.i)
            and not any(child.lower_ == "of" for child in token.children)  # "many of them"
        ):
            return token
    return None


def _partitive(token: Token) -> bool:
    """ "How much of it ...?", "two of them": a share of what was counted or measured before,
    which the name of its owner would not say."""
    return (
        token.dep_ == "pobj"
        and token.head.lower_ == "of"
        and (
            token.head.head.lower_ in {"much", "many", "some", "all", "most", "half", "none"}
            or token.head.head.like_num
        )
    )


def resolve(question: str, history: Sequence[tuple[str, str]], nlp: NlpPipeline) -> str | None:
    """The follow-up as the question it stands for, or None when no rule reads it so.

    A pronoun becomes the name it refers to (`referent`): "How old is he?" after "Who won
    the men's race?" -> "How old is Elias Mwangale?"; a count without its noun takes the
    previous question's ("How many finished?" -> "How many runners finished?"); a question
    without a verb is read into the previous question (`_merged`). The single-question
    answerer then reads it as any other question, with no names appended that would pull
    in the previous answer's sentences.
    """
    if not history or not looks_like_follow_up(question, " ".join(history[-1])):
        return None
    text = _ABOUT.sub("", without_conjunction(question)).strip()
    if not text:
        return None
    doc = nlp.parse(text)
    words = [t.lower_ for t in doc if not t.is_punct]
    if _fragment(doc):
        if len(words) > 1 and WH_WORDS & set(words):
            # "And how many of them seriously?" asks a question of its own, which no name
            # put in place of "them" would make whole: it is left to `carry_over`.
            return None
        return _merged(text, history[-1][0], nlp)
    out: list[str] = []
    replaced = supplied = False
    uncounted = _uncounted(doc)
    counted = _plural_phrase(nlp.parse(history[-1][0])) if uncounted is not None else None
    for token in doc:
        if uncounted is not None and counted and token.i == uncounted.i:
            out.append(f"{token.text} {counted}{token.whitespace_}")
            supplied = True
            continue
        word = token.lower_
        name = None
        if (
            word in _PERSON_PRONOUNS | _THING_PRONOUNS
            and token.tag_ in {"PRP", "PRP$"}
            and not _partitive(token)
        ):
            name = referent(word, history, nlp, token.dep_)
        if name is None:
            out.append(token.text_with_ws)
            continue
        replaced = True
        possessive = token.tag_ == "PRP$" or (word in _POSSESSIVE and word != "her")
        out.append(f"{name}'s" if possessive else name)
        out.append(token.whitespace_)
    if not (replaced or supplied):
        return None
    resolved = "".join(out).strip()
    return resolved[0].upper() + resolved[1:]
