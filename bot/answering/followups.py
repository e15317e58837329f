"""Follow-up questions without an LLM: carry the previous turn's names into the question.

"and who led them?" after "who captured Saraqeb?" becomes "and who led them? (Saraqeb,
Aleppo)": retrieval then looks in the right reports. With an LLM the question is rewritten by
the model instead (bot.answering.llm.LLMAnswerer.rewrite).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from bot.answering.gender import gender_of, pronoun_gender
from bot.answering.question import (
    PERSON_PRONOUNS,
    WH_WORDS,
    YEAR,
    parse_question,
    without_conjunction,
)
from bot.answering.rules import why
from bot.answers import Why
from vectorstore.text import (
    MONTHS,
    NAME,
    NUMBER_WORDS,
    SCALE_WORDS,
    STOPWORDS,
    TENS_WORDS,
    WEEKDAYS,
    content_terms,
    dateline_dash,
    stem,
    tokenize,
    words_pattern,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from bot.answering.nlp import NlpPipeline

__all__ = [
    "Reading",
    "answer_core",
    "answered_before_first",
    "carry_over",
    "looks_like_follow_up",
    "read_follow_up",
    "referent",
    "resolve",
]

_REFERRING = frozenset(
    "it its they them their theirs he him his she her this that these those there then "
    "also too else rest others".split()
)
# Words for someone or something unnamed: a question of them alone leans on the turn before.
_INDEFINITE = frozenset("anyone anybody someone somebody anything something nobody".split())


def looks_like_follow_up(question: str, previous: str = "") -> bool:
    """A question asked after another reads on from it when it opens with "and"/"what
    about", refers back ("he", "it", "there", "the rest", "the others"), or names nothing
    and asks about what the `previous` turn (its question and answer) was about: "When?",
    "How many were damaged?", "What data was stolen?" after an answer on a data breach. "Who won the
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
    if _INDEFINITE & set(words):
        return True  # "Was anyone arrested?" names nothing it could be asked of on its own
    asked = {stem(w) for w in content_terms(question)}
    return not asked or bool(asked & {stem(w) for w in content_terms(previous)})


def _names(text: str) -> list[str]:
    names = []
    for match in NAME.finditer(text):
        if match.start() == 0 or text[match.start() - 2 : match.start()].strip() in {".", "?"}:
            continue  # a capital at the start of a sentence is not a name
        name = match.group(0)
        if any(w not in STOPWORDS for w in tokenize(name)):
            names.append(name)
    return names


_MARKER = re.compile(r"\s*\[(\d+)\]")
# "Reports differ: 26 crew (Tessmark Radio News, ...) [1]; 24 crew (...) [2]. " opens an answer
# whose reports disagree: a list of values and outlets, not a lead.
_DIFFER = re.compile(r"^\s*Reports differ:.*?\]\.\s+")
# A first statement this short is a lead ("Dunya Petrakis [3]."), not a quoted sentence.
_LEAD_WORDS = 12


def answer_core(answer: str) -> tuple[str, str]:
    """What the previous answer said in answer: its lead (empty when it has none) and the
    sentence it quoted first for it (the one the lead cites). The other quoted sentences are
    context (another report's chief executive, say): a follow-up's pronoun does not point at
    them. A "Reports differ: ..." line is no lead ("Where were they flown?" after it: "they"
    are not "Reports differ: Twenty-one people"); the sentence after it is the core."""
    answer = _DIFFER.sub("", answer, count=1)
    first = _MARKER.search(answer)
    if first is None:
        return "", answer
    lead = answer[: first.start()].strip()
    if len(lead.split()) > _LEAD_WORDS or lead.endswith((".", "!", "?", '"', "”")):
        # No lead: the first statement is a quoted sentence (it ends as a sentence does; a
        # lead is a bare name or figure, its marker then a full stop: "Dunya Petrakis [3].").
        return "", lead
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
    if not history or not (resolved or looks_like_follow_up(question, " ".join(history[-1]))):
        return question
    if resolved:
        question = resolved
    previous_question, previous_answer = history[-1]
    lead, sentence = answer_core(previous_answer)
    named_lead = [lead] if NAME.fullmatch(lead) and lead not in {"Yes", "No"} else []
    asked = set(tokenize(question))
    names = [
        n
        for n in dict.fromkeys(_names(previous_question) + named_lead + _names(sentence))
        if not set(tokenize(n)) <= asked
    ]
    return f"{question} ({', '.join(names[:6])})" if names else question


# --- Reading a follow-up as the question it stands for -----------------------------------
#
# Each way of reading a follow-up is a named rule (bot.answering.rules.RULES) that the answer's
# trace records under `followup.resolve`; each can be turned off for an ablation.

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
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_QUANTIFIERS = frozenset({"many", "much"})
# What makes a date a point in time that another can take the place of ("in March" ->
# "in February", "last year" -> "in 2023"), unlike a length ("more than 52 weeks").
_POINT_DATE = re.compile(
    r"\b(?:1[89]\d\d|20\d\d|"
    + "|".join((*MONTHS, *WEEKDAYS))
    + r"|(?:last|this|next)\s+(?:year|month|week|season|quarter))\b",
    re.IGNORECASE,
)
_REFUSED = "I can't answer"


@dataclass(frozen=True)
class Reading:
    """A follow-up read as the question it stands for, and the rules that read it."""

    text: str
    rules: tuple[Why, ...]


class _Rules:
    """The follow-up rules that fired (or held a reading back), for the trace; `on` says
    whether a rule may fire (an ablation turns rules off by name)."""

    def __init__(self, disabled: frozenset[str]) -> None:
        self.disabled = disabled
        self.fired: list[Why] = []

    def on(self, rule: str) -> bool:
        return rule not in self.disabled

    def record(self, rule: str, detail: str) -> None:
        self.fired.append(why(rule, detail))


def _quoted(answer: str) -> list[str]:
    """The sentences an answer quoted, in order, without its lead and its 'Reports differ'
    line (which names outlets, not what was asked about)."""
    answer = _DIFFER.sub("", answer, count=1)
    parts = [p.strip(" .;") for p in _MARKER.split(answer)[::2]]
    lead, _ = answer_core(answer)
    sentences = []
    for n, part in enumerate(parts):
        if not part or (n == 0 and lead and part == lead) or part.startswith("Reports differ"):
            continue
        sentences.append(part)
    return sentences


def _entities(
    doc: Doc, labels: frozenset[str], described: frozenset[str] = frozenset()
) -> list[str]:
    """The names of `labels` in `doc`, each as the phrase it names a thing in; not a person
    whose title says one of the `described` words ("Who did the transport minister appoint?":
    "Transport Minister Raul Ibarra" is who appointed, not whom)."""
    names = []
    dash = dateline_dash(doc.text)
    for ent in doc.ents:
        if ent.label_ not in labels or not ent.text.removeprefix("the ")[:1].isupper():
            continue
        if dash is not None and ent.start_char < dash:
            continue  # "PORTO SELVO, Lirenza, June 21 -": where the report was filed
        if ent.label_ in _PLACE_LABELS and _a_place(ent):
            continue  # "the chlorine leak at Tarveld": "it" is the leak, not the village
        if ent.label_ == "PERSON" and (
            (ent.root.dep_ == "compound" and ent.root.head.pos_ == "NOUN")
            or ent.text.isupper()
            or _a_place(ent)
        ):
            continue  # "the Brenna rubble", a dateline's "DALLAN", "the hospital in Dallan"
        if ent.label_ == "PERSON" and described & _title_words(ent):
            continue
        tokens = list(ent) if ent.label_ == "PERSON" else list(_named_phrase(doc, ent))
        while tokens and (tokens[0].lower_ in WH_WORDS | _QUANTIFIERS):
            tokens = tokens[1:]
        name = "".join(t.text_with_ws for t in tokens).strip()
        name = re.sub(r"['’]s$", "", name).strip()
        if name:
            names.append(name)
    return names


def _title_words(ent: Span) -> frozenset[str]:
    """The lemmas of a person's title: "Transport Minister Raul Ibarra", "Raul Ibarra, the
    transport minister"."""
    root = ent.root
    linked = [
        t for t in root.children if (t.dep_ == "compound" and t.i < ent.start) or t.dep_ == "appos"
    ]
    linked += [c for t in linked for c in t.children if c.dep_ in {"compound", "amod"}]
    return frozenset(t.lemma_.lower() for t in linked)


# Prepositions that place a thing: a name after them is where, not who ("at the hospital in
# Dallan", which the recogniser tags a person).
_PLACING = frozenset({"in", "at", "near", "outside", "inside"})


_PLACE_LABELS = frozenset({"GPE", "LOC"})


def _a_place(ent: Span) -> bool:
    root = ent.root
    return root.dep_ == "pobj" and root.head.lower_ in _PLACING


def _named_phrase(doc: Doc, ent: Span) -> Span:
    """The phrase a name names a thing in: "the Quenby bridge", "Wendmoor's Cloth Hall",
    "the Norvale train drivers' strike" (a plural owner is no "it": the phrase goes on to
    what it owns), but "Veltron" in "Veltron's chief executive" (its own thing)."""
    token = ent.root
    while token.head.i != token.i:
        head = token.head
        if head.pos_ not in {"NOUN", "PROPN"} or head.dep_ == "ROOT":
            break  # "How much would the Quenby bridge cost?": "cost" read as a noun
        if (
            token.dep_ == "compound"
            or (token.dep_ == "poss" and (head.pos_ == "PROPN" or token.tag_ in {"NNS", "NNPS"}))
            or (token.dep_ == "amod" and ent.label_ == "NORP")  # "the Veskarian central bank"
        ):
            token = head
            continue
        break
    if token.i == ent.root.i:
        return doc[ent.start + 1 : ent.end] if ent[0].lower_ == "the" else ent
    return doc[min(token.left_edge.i, ent.start) : token.i + 1]


def person_lead(lead: str, core: Doc | None, previous_kind: str | None) -> bool:
    """followup.no-person-they: the previous answer's lead names a person, whom "it" and
    "they" do not stand for. It does when the previous question asked who holds a role
    ("Who is Carvossa's finance minister?" -> "Lukas Ferenc"), when the lead opens with a title
    (a common noun before the name: "Goalkeeper Lukas Varga"), or when the recogniser calls it
    a person where it was quoted. The recogniser alone is not enough: it calls many invented
    names organisations ("Goalkeeper Lukas Varga" ORG)."""
    if previous_kind == "role":
        return True
    words = lead.split()
    if len(words) > 1 and words[0].islower() is False and words[0].lower() in _TITLES:
        return True
    if core is not None:
        for ent in core.ents:
            if ent.label_ == "PERSON" and (ent.text in lead or lead in ent.text):
                return True
        for token in core:
            if (
                token.pos_ == "NOUN"
                and token.dep_ == "compound"
                and token.head.pos_ == "PROPN"
                and token.text == words[0]
            ):
                return True  # "Goalkeeper Lukas Varga": a title, then the name
    return False


# Titles that open a person's name in a lead ("Mayor Ingrid Solberg", "Dr Paula Nemeth").
_TITLES = frozenset(
    "mr mrs ms dr mayor governor minister president chairman chairwoman chair judge "
    "inspector detective captain coach goalkeeper councillor senator general sir".split()
)


def _local_antecedent(token: Token) -> Token | None:
    """followup.local-antecedent: "When will the government present its budget?": a
    possessive "its"/"their" whose own clause has a noun subject before it refers to that
    subject, not to a name of the previous turn. Returns the subject, or None."""
    if token.lower_ not in {"its", "their"}:
        return None
    verb = token.head
    while verb.pos_ not in {"VERB", "AUX"} and verb.head.i != verb.i:
        verb = verb.head
    for child in verb.children:
        if (
            child.dep_ in _SUBJECTS
            and child.pos_ in {"NOUN", "PROPN"}
            and child.i < token.i
            and child.lower_ not in WH_WORDS
            and token not in list(child.subtree)
        ):
            return child
    return None


def _parallel_object(asked: Doc, role: str) -> str | None:
    """followup.parallel-object: "Who won the national cup?" ... "When did the club last win
    it before?": after a question whose wh-word was the subject (its answer the lead), an
    object "it" stands for the previous question's object ("the national cup"), not for the
    answer."""
    if _ROLES.get(role, role) != "dobj":
        return None
    if not any(t.lower_ in WH_WORDS and t.dep_ in _SUBJECTS for t in asked):
        return None
    for chunk in asked.noun_chunks:
        if chunk.root.dep_ == "dobj" and chunk.root.tag_ not in {"NNS", "NNPS"}:
            words = [t for t in chunk if t.lower_ not in WH_WORDS | _QUANTIFIERS]
            if words and chunk.root.lower_ not in WH_WORDS:
                return "".join(t.text_with_ws for t in words).strip()
    return None


def _role_holder(asked: Doc) -> str | None:
    """followup.unanswered-role: "Who is the coastguard spokesman ...?", unanswered, then
    "How quickly did he say ...?": "he" is the one holding that role, "the coastguard
    spokesman" (the role's noun phrase without what follows it). After "Who was detained
    over the fire?" or "Who is leading the investigation?", "he" is the person the question
    describes by that deed ("the person detained over the fire"), never the fire."""
    words = [t for t in asked if not t.is_punct]
    if len(words) < 3 or words[0].lower_ not in {"who", "whom"} or words[1].lemma_ != "be":
        return None
    if words[1].dep_ in {"aux", "auxpass"}:
        deed = words[1].head
        if deed.tag_ not in {"VBG", "VBN"} or deed.i <= words[1].i:
            return None
        described = [t for t in asked[deed.i :] if not (t.is_punct and t.i == len(asked) - 1)]
        return "the person " + "".join(t.text_with_ws for t in described).strip()
    for chunk in asked.noun_chunks:
        if chunk.start >= words[1].i + 1 and chunk.root.pos_ == "NOUN":
            return chunk.text
    return None


# The texts of a few stored passages that hold a word (`LexicalIndex.texts_mentioning`).
Mentions = Callable[[str], Sequence[str]]


def referent(
    pronoun: str,
    history: Sequence[tuple[str, str]],
    nlp: NlpPipeline,
    role: str = "",
    rules: _Rules | None = None,
    mentions: Mentions | None = None,
    of_be: bool = False,
) -> str | None:
    """The name a follow-up's pronoun stands for, from the previous turn, or None.

    "he"/"she": the first person named in the previous answer's lead, then in its question,
    then in the sentences it quoted (the one its lead cites first); with none, after an
    unanswered "who is the X?", the X (`_role_holder`). "it": the organisation, place or
    product that the lead names (not a person: `person_lead`), the previous question's object
    when its wh-word was the subject (`_parallel_object`), or the one thing the previous
    question names (two, as in "How much is Corvelle paying for Flitway?", leave "it" open:
    the deal, or either company). "they"/"them": the lead when it names a group (not a
    person), else what the previous question counts or names in the plural ("How many power
    banks ...?" -> "power banks"), else nothing; never a place ("who captured Saraqeb? and
    who led them?": them is whoever captured it). None leaves the pronoun as it is.

    A person whom the reports call the other way (`gender_of`: "he" for "How old is she?") is
    passed over (followup.gender); then a "she" the previous question asked about too stands
    for what that one stood for (followup.same-pronoun: "Who did she beat?" -> "Arjun Mehta";
    "How old is she?" is still the champion). `mentions` gives more of what the reports say of
    a name than the previous answer quotes.
    """
    rules = rules or _Rules(frozenset())
    previous_question, previous_answer = history[-1]
    fits = _Fits(pronoun, previous_answer, nlp, rules, mentions)
    lead, core = answer_core(previous_answer)
    word = pronoun.casefold()
    # "Teodor Vasquez-Lind of Kestrel Pro Cycling": the name is the part before "of".
    if lead and " of " in lead and NAME.fullmatch(lead.split(" of ", 1)[0]):
        lead = lead.split(" of ", 1)[0]
    named_lead = bool(lead and NAME.fullmatch(lead) and lead not in {"Yes", "No"})
    if word in PERSON_PRONOUNS:
        labels = frozenset({"PERSON"})
    elif word in _PLURAL_PRONOUNS:
        labels = _GROUP_LABELS
    else:
        labels = _THING_LABELS
    asked = nlp.parse(previous_question)
    opening = without_conjunction(previous_question).casefold()
    if word not in PERSON_PRONOUNS and rules.on("followup.parallel-object"):
        parallel = _parallel_object(asked, role) if word == "it" else None
        if parallel:
            rules.record("followup.parallel-object", f"{pronoun} -> {parallel}")
            return parallel
    if named_lead:
        core_doc = nlp.parse(core or lead)
        if (
            word not in PERSON_PRONOUNS
            and rules.on("followup.no-person-they")
            and person_lead(lead, core_doc, parse_question(previous_question, nlp).kind)
        ):
            rules.record("followup.no-person-they", f"{pronoun} is not the person {lead}")
        else:
            # The lead read where it was quoted: "Goalkeeper Lukas Varga" is a person there.
            for name in _entities(core_doc, labels):
                if (name in lead or lead in name) and fits(name):
                    return name
            if (
                word in PERSON_PRONOUNS
                and " " in lead
                and _asks_who(previous_question)
                and fits(lead)
            ):
                # "Who won the Tour?" -> "Teodor Vasquez-Lind": whom the recogniser does not
                # call a person, the question asked for one.
                return lead
            if word in {"it", "its"} and opening.startswith("which"):
                # "Which investor urged ...?" -> "Ossian Partners" (tagged a person): "How big
                # is its stake?" asks about the answer, which is no person.
                return re.sub(r"^The ", "the ", lead)
    if word in _PLURAL_PRONOUNS and opening.startswith(("which", "who")):
        # "who captured Saraqeb? and who led them?": they are the answer, which a name of
        # the question is not; without a lead they stay open.
        return None
    if word not in PERSON_PRONOUNS and opening.startswith("which"):
        # "Which airline is Corvelle buying?" ... "How many aircraft does it have?": "it" is
        # the answer; without a lead it stays open. After "who ...?" the answer is a person,
        # so "it" is a thing the question names ("Who chairs Rail Users Norvale? How many
        # members does it have?").
        return None
    if word in PERSON_PRONOUNS:
        quoted = [core, *(s for s in _quoted(previous_answer) if s != core)]
        # After "Who did the transport minister appoint?" "he" is whom, not the minister: the
        # subject the question gives (`given_doer`), not a noun that says whom it asks about
        # ("Who did Vorontsova defeat to win the title?": "title holder Arjun Mehta" is he).
        described = (
            parse_question(previous_question, nlp).given_doer
            if _asks_who(previous_question) and rules.on("followup.not-the-asker")
            else frozenset()
        )
        passed_askers: set[str] = set()
        for text in [previous_question, *quoted]:
            quote = text != previous_question
            doc = nlp.parse(text) if quote else asked
            names = _entities(doc, labels, described if quote else frozenset())
            # Only a who-question gives an asker to pass over: the names it dropped, once each.
            dropped = _entities(doc, labels) if quote and described else []
            for name in (n for n in dropped if n not in names and n not in passed_askers):
                passed_askers.add(name)
                rules.record("followup.not-the-asker", f"{pronoun} is not {name}, asked by title")
            names = [n for n in names if fits(n)]
            if names:
                return names[0]
        # Only once the answer's person was passed over: the earlier question's reading is
        # a guess of its own, not what that turn read.
        same = _same_pronoun(word, asked, history, nlp, rules, mentions) if fits.passed else None
        if same is not None:
            return same
        holder = _role_holder(asked) if rules.on("followup.unanswered-role") else None
        if holder and (previous_answer.startswith(_REFUSED) or not named_lead):
            rules.record("followup.unanswered-role", f"{pronoun} -> {holder}")
            return holder
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
    # "When was it?": "it" of "be" (not "How did it respond?", whose "it" acts).
    instance = _asked_instance(asked) if word == "it" and of_be else None
    if instance is not None and rules.on("followup.asked-instance"):
        rules.record("followup.asked-instance", f"{pronoun} -> {instance}")
        return instance
    if word == "it" and any(t.lower_ == "what" and t.dep_ == "nsubjpass" for t in asked):
        # "What was stolen from the museum?" ... "How much is it worth?": "it" is the answer.
        return None
    names = list(dict.fromkeys(_entities(asked, labels)))
    if not names:
        # The recogniser misses many invented names ("Veltron's chief executive"): a name
        # that it does not call a person, date or figure will do, but not a place said
        # where something is ("the chlorine leak at Tarveld").
        others = {e.text for e in asked.ents if e.label_ not in labels}
        names = [
            re.sub(r"['’]s$", "", n)
            for n in _names(previous_question)
            if not any(n in o or o in n for o in others)
            and not re.search(rf"\b(?:{'|'.join(_PLACING)})\s+{re.escape(n)}", previous_question)
        ]
    if not names and word == "it" and rules.on("followup.subject-it"):
        subject = _singular_subject(asked)
        if subject is not None:
            rules.record("followup.subject-it", f"{pronoun} -> {subject}")
            return subject
    return names[0] if len(set(names)) == 1 else None


class _Fits:
    """Whether a person may be what the pronoun stands for: not one the reports call the
    other way (followup.gender)."""

    def __init__(
        self,
        pronoun: str,
        previous_answer: str,
        nlp: NlpPipeline,
        rules: _Rules,
        mentions: Mentions | None,
    ) -> None:
        self.pronoun = pronoun
        self.gender = pronoun_gender(pronoun) if rules.on("followup.gender") else None
        self.previous_answer = previous_answer
        self.nlp = nlp
        self.rules = rules
        self.mentions = mentions
        self._read: dict[str, bool] = {}
        self.passed: list[str] = []  # the people passed over

    def __call__(self, name: str) -> bool:
        if self.gender is None:
            return True
        if name not in self._read:
            # A title in the name ("King Aurelian IV") says it without a look at the store.
            called = gender_of(name, [], self.nlp)
            if called is None:
                texts = [self.previous_answer]
                if self.mentions is not None and name.split():
                    texts += self.mentions(name.split()[-1])
                called = gender_of(name, texts, self.nlp)
            # Once someone was passed over, only a person the reports call the asked way
            # stands in: the next name the answer gives is as often the wrong one.
            self._read[name] = called == self.gender or (called is None and not self.passed)
            if called is not None and called != self.gender:
                self.passed.append(name)
                self.rules.record(
                    "followup.gender",
                    f"{self.pronoun} is not {name}: the reports call them {called}",
                )
        return self._read[name]


def _same_pronoun(
    word: str,
    asked: Doc,
    history: Sequence[tuple[str, str]],
    nlp: NlpPipeline,
    rules: _Rules,
    mentions: Mentions | None,
) -> str | None:
    """What the previous question's own "she" stood for, when this one says "she" (or "her")
    again: "Who did she beat?" ... "How old is she?" asks about her, not whom she beat."""
    gender = pronoun_gender(word)
    if len(history) < 2 or gender is None or not rules.on("followup.same-pronoun"):
        return None
    again = next(
        (t for t in asked if t.tag_ in {"PRP", "PRP$"} and pronoun_gender(t.lower_) == gender),
        None,
    )
    if again is None:
        return None
    inner = _Rules(rules.disabled)
    earlier = referent(again.lower_, history[:-1], nlp, again.dep_, inner, mentions)
    if earlier is not None:
        rules.record("followup.same-pronoun", f"{word} -> {earlier}, as in {history[-1][0]!r}")
    return earlier


# Adjectives that pick one of a kind: "the deadliest accident", "the first ship".
_PICKING = frozenset("first last previous next only latest earliest".split())


def _asked_instance(asked: Doc) -> str | None:
    """ "What was the deadliest industrial accident before the Port Halden explosion?": the
    one the question asked to be named, which "When was it?" asks about; only a phrase that
    picks one of a kind (a superlative, "first", "last"), not "What is the capacity of the
    plant?" (whose "it" is the plant)."""
    root = next((t for t in asked if t.dep_ == "ROOT"), None)
    if (
        root is None
        or root.lemma_ != "be"
        or not any(t.lower_ == "what" and t.dep_ == "attr" and t.head.i == root.i for t in asked)
    ):
        return None
    subject = next((t for t in root.children if t.dep_ == "nsubj" and t.pos_ == "NOUN"), None)
    if subject is None or not any(
        c.dep_ == "amod" and (c.tag_ == "JJS" or c.lower_ in _PICKING) for c in subject.children
    ):
        return None
    return asked[subject.left_edge.i : subject.right_edge.i + 1].text


def _singular_subject(asked: Doc) -> str | None:
    """followup.subject-it: "When did the chlorine leak at Tarveld begin?" ... "Why did it
    happen?": with no name to stand for, "it" is the previous question's subject, a singular
    common noun with what it says of it ("the chlorine leak at Tarveld")."""
    if any(t.lower_ in WH_WORDS and t.dep_ == "det" for t in asked):
        return None  # "What tax does the law put on empty homes?": "it" is the tax, the answer
    for token in asked:
        if (
            token.dep_ in _SUBJECTS
            and token.pos_ == "NOUN"
            and token.tag_ == "NN"
            and token.lower_ not in WH_WORDS
            and not any(t.lower_ in WH_WORDS | _QUANTIFIERS for t in token.subtree)
        ):
            if token.lemma_ == "name":  # "the name of the tanker hit near Rosshaven"
                named = [c for p in token.children if p.lower_ == "of" for c in p.children]
                if not named:
                    return None
                token = named[0]
            return "".join(t.text_with_ws for t in token.subtree).strip()
    return None


def _names_itself(question: str, name: str) -> bool:
    """Whether the follow-up already names `name`, which its pronoun then does not stand for."""
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", question, re.IGNORECASE) is not None


def _asks_who(question: str) -> bool:
    return without_conjunction(question).casefold().startswith(("who ", "whom "))


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
            if t.lower_ not in WH_WORDS | _QUANTIFIERS | {"the", "a", "an"} and not t.like_num
        ]
        if words:
            return "".join(t.text_with_ws for t in words).strip()
    return None


def _counted_phrase(doc: Doc) -> str | None:
    """What a "how many" question counts, with its "of" phrase: "How many reports of
    overheating has Nuvato received?" -> "reports of overheating"."""
    for token in doc:
        if token.lower_ == "many" and token.head.pos_ == "NOUN" and token.head.tag_ == "NNS":
            noun = token.head
            words = [
                t
                for t in noun.lefts
                if t.dep_ in {"compound", "amod"} and t.lower_ not in _QUANTIFIERS
            ]
            phrase = [*(t.text for t in words), noun.text]
            for prep in noun.rights:
                if prep.lower_ == "of":
                    phrase += [t.text for t in prep.subtree]
            return " ".join(phrase)
    return None


def _fragment(doc: Doc) -> bool:
    """No verb: "And a year earlier?", "What about the men's race?", "and when?"."""
    return not any(t.pos_ in {"VERB", "AUX"} for t in doc)


def _first_verb(doc: Doc) -> int:
    """Where a question's first verb or auxiliary is (its length when it has none): what
    comes before is its wh-phrase ("How many aircraft" does ...)."""
    start = 0
    while start < len(doc) and doc[start].pos_ not in {"AUX", "VERB"}:
        start += 1
    return start


def _wh_phrase(doc: Doc) -> tuple[int, int] | None:
    """Where a question's wh-phrase is: from its start to its first verb ("How many aircraft"
    in "How many aircraft does Corvelle fly?"), or None when it opens otherwise or its
    wh-word is the subject ("Who won ...?": no do-support to put another wh-word before)."""
    start = _first_verb(doc)
    if start == 0 or start >= len(doc) or doc[0].lower_ not in WH_WORDS | {"to", "by", "in"}:
        return None
    if any(t.dep_ in _SUBJECTS for t in doc[:start]) and doc[start].lemma_ not in {
        "be",
        "do",
        "have",
    }:
        return None  # "Who won the race?", "How many runners finished?"
    return 0, start


def _wh_fragment(words: list[Token]) -> bool:
    """ "And how many crew?", "And what inflation?", "By when?", "Since when?", "For how
    long?", "Who else?": a wh-phrase alone, a preposition before it at most, nouns (or the
    adverb "how" asks about, or "else") after it, no "of them"."""
    i = 1 if words and words[0].pos_ in {"ADP", "SCONJ"} and words[0].lower_ not in WH_WORDS else 0
    if i >= len(words) or words[i].lower_ not in WH_WORDS:
        return False
    rest = words[i + 1 :]
    if words[i].lower_ == "how" and len(rest) == 1 and rest[0].lower_ in _HOW_WORDS:
        return True
    return all(
        t.lower_ in _QUANTIFIERS | {"else"}
        or (t.pos_ in {"NOUN", "PROPN", "ADJ"} and t.lower_ != "of")
        for t in rest
    )


# What "how" asks with a word after it: "For how long?", "How far?", "How often?".
_HOW_WORDS = frozenset("long far often old big soon late early".split())


def _ellipsis_wh(fragment: Doc, before: Doc) -> str | None:
    """followup.ellipsis-wh: a verbless follow-up that is a wh-phrase takes the place of the
    previous question's: "And how many crew?" after "How many passengers were on the Kestrel
    Dawn?" -> "How many crew were on the Kestrel Dawn?"; "To what price?" after "How far did
    Nuvato shares fall?" -> "To what price did Nuvato shares fall?". A bare "when/why/where"
    keeps the noun the previous wh-phrase asked about ("By when?" after "What savings do they
    expect?" -> "By when do they expect savings?") and drops a preposition left stranded
    ("What did the bank raise its rate to?" -> "Why did the bank raise its rate?")."""
    words = [t for t in fragment if not t.is_punct]
    span = _wh_phrase(before)
    if span is None:
        return _subject_wh(words, before)
    _, end = span
    old = before[:end]
    rest = [t for t in before[end:] if not t.is_punct]
    new_nouns = [
        t for t in words if t.pos_ in {"NOUN", "PROPN", "ADJ"} and t.lower_ not in WH_WORDS
    ]
    kept = ""
    if not new_nouns and not any(t.lower_ in _QUANTIFIERS for t in words):
        kept = " ".join(
            t.text
            for t in old
            if t.lower_ not in WH_WORDS | _QUANTIFIERS | {"the", "a", "an"} and t.pos_ != "ADP"
        )
        if rest and rest[-1].dep_ == "prep" and not list(rest[-1].children):
            rest = rest[:-1]  # "... raise its main rate to?": the "to" asked "what"
    phrase = " ".join(t.text for t in words)
    verb = _verb_of_object(before[:end], rest) if kept else None
    if verb is not None:
        # "Which plant did Kestrel shut after the explosion?" -> "Why did Kestrel shut the
        # plant after the explosion?": the noun goes back where its verb has its object.
        body = "".join(
            f"{t.text} the {kept}{t.whitespace_ or ' '}" if t.i == verb else t.text_with_ws
            for t in rest
        ).strip()
        kept = ""
    else:
        body = "".join(t.text_with_ws for t in rest).strip()
    text = f"{phrase} {body} {kept}".strip()
    return text[0].upper() + text[1:] + "?"


def _verb_of_object(wh_phrase: Span, rest: list[Token]) -> int | None:
    """The index of the verb (or its particle: "shut down") in `rest` whose direct object the
    wh-phrase was ("Which plant did Kestrel shut ...?": "shut"), or None."""
    root = wh_phrase.root
    if root.dep_ != "dobj" or root.head not in rest:
        return None
    particles = [c for c in root.head.children if c.dep_ == "prt" and c in rest]
    return max([root.head.i, *(p.i for p in particles)])


def _subject_wh(words: list[Token], before: Doc) -> str | None:
    """ "Who else?" after "Which parties withdrew their support?" -> "Who else withdrew their
    support?": the previous question's wh-phrase was its subject, and a subject wh-phrase
    ("who else", "which other party") takes its place as it is."""
    if words[0].lower_ not in {"who", "which", "what"}:
        return None
    start = _first_verb(before)
    if not 0 < start < len(before) or before[0].lower_ not in {"who", "which", "what"}:
        return None
    if not any(t.dep_ in _SUBJECTS for t in before[:start]) and before[0].dep_ not in _SUBJECTS:
        return None
    phrase = " ".join(t.text for t in words)
    return f"{phrase[0].upper()}{phrase[1:]} {before[start:].text.strip().rstrip('?').strip()}?"


_INSIDE_NAMES = frozenset({"and", "&", "of", "'", "’", "'s", "’s"})


def _proper_spans(doc: Doc) -> list[Span]:
    """Runs of proper nouns in a question, outside its wh-phrase ("Corvelle Airways")."""
    spans = []
    start = None
    for token in doc:
        proper = token.pos_ == "PROPN" and token.lower_ not in WH_WORDS and token.i > 0
        # "Harbour and Transport Workers' Federation": joined, possessive and "of" words
        # inside a name, between its proper nouns.
        proper = proper or (
            start is not None
            and token.lower_ in _INSIDE_NAMES
            and token.i + 1 < len(doc)
            and doc[token.i + 1].pos_ == "PROPN"
        )
        if proper and start is None:
            start = token.i
        elif not proper and start is not None:
            spans.append(doc[start : token.i])
            start = None
    if start is not None:
        spans.append(doc[start:])
    return spans


def _label(span: Span) -> str | None:
    for ent in span.doc.ents:
        if ent.start <= span.root.i < ent.end:
            return ent.label_
    return None


def _ellipsis_name(fragment: Doc, before: Doc) -> str | None:
    """followup.ellipsis-name: "And Flitway?" after "How many aircraft does Corvelle Airways
    fly?" -> "How many aircraft does Flitway fly?": a follow-up that is only a name takes the
    place of the previous question's name of the same kind (by the recogniser), or of its only
    name; a person only a person's, and not in a who-question: "What about Anton Breck?" after
    "Who will lead the Corvelle group?" asks what his part is, which no name put in the
    question says."""
    words = [t for t in fragment if not t.is_punct and t.lower_ != "the"]
    if not words or not all(t.pos_ == "PROPN" or t.lower_ in _INSIDE_NAMES for t in words):
        return None  # "the Chemical Workers' Union" is a name; "the port authority" is not
    spans = _proper_spans(before)
    label = _label(fragment[words[0].i : words[-1].i + 1])
    if label == "PERSON" and before[0].lower_ in {"who", "whom"}:
        return None  # "Who will lead the group? What about Anton Breck?": his part is asked
    same = [s for s in spans if label and _kind(_label(s)) == _kind(label)]
    target = same[0] if same else spans[0] if len(spans) == 1 else None
    if target is None or (label == "PERSON") != (_label(target) == "PERSON"):
        return None  # a person takes only a person's place (the recogniser mixes the rest)
    return _replaced(before, target.start, target.end, fragment[words[0].i : words[-1].i + 1].text)


def _kind(label: str | None) -> str | None:
    """A recogniser label, places as one: it calls "Orsk Valley" a place (LOC) and "Halden
    Bay" a town (GPE) by a guess."""
    return "place" if label in {"GPE", "LOC", "FAC"} else label


def _ellipsis_date(fragment: Doc, before: Doc) -> str | None:
    """followup.ellipsis-date: "And in 2023?" after "How many fires last year involved power
    banks?" -> "How many fires in 2023 involved power banks?"; "And in February?" after
    "What was inflation in March?" -> "What was inflation in February?". Only a point in time
    takes another's place (a year, a month, a weekday, "last year"); "a year earlier" is
    relative to the previous date and is added to the question instead."""
    words = [t for t in fragment if not t.is_punct]
    dates = [e for e in fragment.ents if e.label_ == "DATE"]
    if len(dates) != 1 or not _POINT_DATE.search(dates[0].text):
        return None
    if any(t.i < dates[0].start and t.pos_ != "ADP" for t in words) or any(
        t.i >= dates[0].end for t in words
    ):
        return None
    old = [e for e in before.ents if e.label_ == "DATE" and _POINT_DATE.search(e.text)]
    if len(old) != 1:
        return _another_year(dates[0], before)
    start, end = old[0].start, old[0].end
    own_prep = words[0].pos_ == "ADP"
    # "according to Tuesday's figures": the date is a possessor, and the preposition before
    # it is the phrase's ("And by Thursday?" gives "according to Thursday's figures").
    possessor = old[0].root.dep_ == "poss"
    if own_prep and not possessor and start > 0 and before[start - 1].pos_ == "ADP":
        start -= 1  # "in March" gives way to "in February" as a whole
    fragment_text = " ".join(t.text for t in words)
    new = dates[0].text if possessor or (start != old[0].start and not own_prep) else fragment_text
    return _replaced(before, start, end, new)


def _replaced(before: Doc, start: int, end: int, new: str) -> str:
    """The previous question with its words `start`..`end` replaced by `new`, as a question."""
    text = before[:start].text_with_ws + new + before[end - 1].whitespace_ + before[end:].text
    return text.strip().rstrip("?").strip() + "?"


def _another_year(date: Span, before: Doc) -> str | None:
    """ "And in 2025?" after "Who won the 2024 Tour of Alvaria?" -> "Who won the 2025 Tour of
    Alvaria?": a year written inside a name or an event (no date of its own to the
    recogniser) gives way to the year asked, when it is the question's only year."""
    new = [t for t in date if YEAR.fullmatch(t.text)]
    old = [t for t in before if YEAR.fullmatch(t.text)]
    if len(new) != 1 or len(old) != 1 or date.text.strip() != new[0].text:
        return None
    return _replaced(before, old[0].i, old[0].i + 1, new[0].text)


def _another_state(fragment: Doc, before: Doc) -> str | None:
    """followup.ellipsis-state: "And the injured?" after "How many people were killed when the
    dam collapsed?" -> "How many people were injured when the dam collapsed?": a participle or
    adjective alone, as a noun ("the injured", "the missing"), takes the place of the
    previous question's passive participle."""
    words = [t for t in fragment if not t.is_punct and t.lower_ not in {"the", "and"}]
    if len(words) != 1 or words[0].tag_ not in {"VBN", "JJ"}:
        return None
    done = [t for t in before if t.tag_ == "VBN" and any(c.dep_ == "nsubjpass" for c in t.children)]
    if len(done) != 1:
        return None
    return _replaced(before, done[0].i, done[0].i + 1, words[0].text)


def _merged(
    fragment: str,
    previous_question: str,
    nlp: NlpPipeline,
    rules: _Rules,
    previous_answer: str = "",
) -> str:
    """An elliptic follow-up read into the previous question: a wh-phrase in place of the
    previous one (`_ellipsis_wh`), a name in place of its name (`_ellipsis_name`), a date in
    place of its date (`_ellipsis_date`); else (followup.ellipsis-phrase) a bare wh-word in
    place of the previous one ("When?" after "Where did the fire break out?"), its noun
    phrase in place of the previous question's phrase with the same head ("And the men's
    race?" after "Who won the women's race?") or else of its subject ("And the yield on
    bonds?" after "How much did the crown rise?"), or else added to it ("And a year
    earlier?")."""
    previous = previous_question.strip().rstrip("?").strip()
    doc = nlp.parse(fragment)
    before = nlp.parse(previous)
    words = [t for t in doc if not t.is_punct]
    for rule, read in (
        ("followup.ellipsis-wh", _ellipsis_wh if _wh_fragment(words) else None),
        ("followup.ellipsis-name", _ellipsis_name),
        ("followup.ellipsis-date", _ellipsis_date),
        ("followup.ellipsis-state", _another_state),
    ):
        if read is None or not rules.on(rule):
            continue
        text = read(doc, before)
        if text:
            rules.record(rule, text)
            return text
    rules.record("followup.ellipsis-phrase", fragment)
    if len(words) == 1 and words[0].lower_ in WH_WORDS:
        # The previous question's wh-phrase ("how many people") gives way to the new one.
        start = _first_verb(before)
        if 0 < start < len(before):
            asked = _with_doer(words[0].text.capitalize(), before, start, previous_answer)
            return asked or f"{words[0].text.capitalize()} {before[start:].text}?"
        return f"{words[0].text.capitalize()} {previous}?"
    chunks = [c for c in before.noun_chunks if c.root.lower_ not in WH_WORDS]
    for chunk in doc.noun_chunks:
        same = [c for c in chunks if c.root.lemma_.lower() == chunk.root.lemma_.lower()]
        subject = [c for c in chunks if c.root.dep_ in _SUBJECTS]
        for old in same or subject:
            # "How many nursing posts" keeps its "How many": only the noun phrase changes.
            begin = old.start
            while begin < old.end - 1 and before[begin].lower_ in WH_WORDS | _QUANTIFIERS:
                begin += 1
            new = [t for t in chunk if t.lower_ not in WH_WORDS | _QUANTIFIERS]
            if new and before[begin : old.end].text != chunk.text:
                head = before[:begin].text_with_ws
                tail = before[old.end :].text
                phrase = "".join(t.text_with_ws for t in new).strip()
                return f"{head}{phrase} {tail}".strip() + "?"
    return f"{previous} {fragment.strip().rstrip('?').strip()}?"


# "And according to the organisers?": a follow-up that only names another source.
_ACCORDING = re.compile(r"^according\s+to\s+(?P<source>[^?]+?)\s*\??$", re.IGNORECASE)
_SOURCE = re.compile(r"\baccording\s+to\s+[^,?]+", re.IGNORECASE)
# Verbs by which a question names whose figure or account it asks for ("did police say").
_GIVING = frozenset({"say", "claim", "report", "estimate"})


def _ellipsis_source(source: str, before: Doc) -> str:
    """followup.ellipsis-source: "And according to the organisers?" asks the previous
    question of another source. Its "according to X" gives way to the new one, or else the
    subject of its verb of saying ("How many people did police say joined the march?" ->
    "How many people did the organisers say joined the march?"); a question that names no
    source gets one ("..., according to the organisers?")."""
    text = before.text.strip().rstrip("?").strip()
    named = _SOURCE.search(text)
    if named:
        return f"{text[: named.start()]}according to {source}{text[named.end() :]}?"
    for token in before:
        if token.pos_ == "VERB" and token.lemma_.lower() in _GIVING:
            subject = next(
                (
                    c
                    for c in token.children
                    if c.dep_ == "nsubj" and not any(t.lower_ in WH_WORDS for t in c.subtree)
                ),
                None,
            )
            if subject is not None:
                first, last = subject.left_edge, subject.right_edge
                said = f"{before.text[: first.idx]}{source}{before.text[last.idx + len(last) :]}"
                return said.strip().rstrip("?").strip() + "?"
    return f"{text}, according to {source}?"


def _with_doer(wh: str, before: Doc, start: int, previous_answer: str) -> str | None:
    """ "When?" after "Who founded Vireo?" answered "Ravi Chandran": "When did Ravi Chandran
    found Vireo?". The previous wh-phrase was the subject of a past verb, so the new wh-word
    needs "did" and the doer the answer named (not "When founded Vireo?", which reads as no
    question)."""
    verb = before[start]
    lead, _ = answer_core(previous_answer)
    if (
        verb.pos_ != "VERB"
        or verb.tag_ != "VBD"
        or not NAME.fullmatch(lead)
        or lead in {"Yes", "No"}
        or not all(t.lower_ in WH_WORDS or t.pos_ in {"NOUN", "DET", "ADJ"} for t in before[:start])
    ):
        return None
    rest = before[start + 1 :].text
    return f"{wh} did {lead} {str(verb.lemma_).lower()} {rest}".strip() + "?"


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


_DATE_LEAD = re.compile(
    r"^(?:(?:in|on)\s+)?(?:\d{1,2}\s+)?(?:(?:" + "|".join(MONTHS) + r")\s+)?(?:1[89]|20)\d\d$",
    re.IGNORECASE,
)


def _then(token: Token, turn: tuple[str, str]) -> str | None:
    """followup.then: "then" after a when-question answered with a year ("When was the last
    fire of this size?" -> "2019 [1]") is that time: "How many hectares did it burn then?" ->
    "... burn in 2019?"; "since then" -> "since 2019". Another "then" ("and then?", a lead
    that is no year) is left as it is."""
    question, answer = turn
    lead, _ = answer_core(answer)
    if not without_conjunction(question).casefold().startswith("when") or not lead:
        return None
    if not _DATE_LEAD.match(lead):
        return None
    year = re.sub(r"^(?:in|on)\s+", "", lead, flags=re.IGNORECASE)
    before = token.doc[token.i - 1] if token.i > 0 else None
    return (
        year
        if before is not None and before.lower_ in {"since", "until", "before"}
        else (f"in {year}")
    )


def resolve(question: str, history: Sequence[tuple[str, str]], nlp: NlpPipeline) -> str | None:
    """The follow-up as the question it stands for, or None when no rule reads it so
    (`read_follow_up`, without its trace)."""
    reading = read_follow_up(question, history, nlp)
    return reading.text if reading else None


def read_follow_up(
    question: str,
    history: Sequence[tuple[str, str]],
    nlp: NlpPipeline,
    disabled: frozenset[str] = frozenset(),
    mentions: Mentions | None = None,
) -> Reading | None:
    """The follow-up as the question it stands for, with the rules that read it, or None.

    A pronoun becomes the name it refers to (followup.pronoun, `referent`): "How old is he?"
    after "Who won the men's race?" -> "How old is Elias Mwangale?"; a count without its
    noun takes the previous question's (followup.uncounted: "How many finished?" -> "How
    many runners finished?"); "then" after a year given as the answer is that year
    (followup.then, `_then`); "how many of them" counts among what was counted before
    (followup.partitive: "How many of them were fires?" -> "How many of the reports of
    overheating were fires?"); a question without a verb is read into the previous question
    (`_merged`), and reads on from it whatever words it shares ("To what price?"). The
    single-question answerer then reads it as any other question, with no names appended
    that would pull in the previous answer's sentences. `disabled` turns rules off by name.
    """
    if not history:
        return None
    rules = _Rules(disabled)
    text = _ABOUT.sub("", without_conjunction(question)).strip()
    if not text:
        return None
    doc = nlp.parse(text)
    words = [t.lower_ for t in doc if not t.is_punct]
    if not words:
        return None  # "?": nothing to read
    source = _ACCORDING.match(text)
    if source and rules.on("followup.ellipsis-source"):
        merged = _ellipsis_source(source.group("source"), nlp.parse(history[-1][0]))
        rules.record("followup.ellipsis-source", merged)
        return Reading(merged, tuple(rules.fired))
    fragment = _fragment(doc)
    # "How many abstained?" counts no noun of its own: it counts the previous question's.
    uncounted = _uncounted(doc) if rules.on("followup.uncounted") else None
    if (
        not looks_like_follow_up(question, " ".join(history[-1]))
        and not (fragment and len(words) <= 4)
        and uncounted is None
    ):
        return None
    if fragment:
        tokens = [t for t in doc if not t.is_punct]
        if all(t.pos_ in {"PRON", "DET"} and t.lower_ not in WH_WORDS for t in tokens):
            return None  # "What about it?": nothing to put into the previous question
        if len(words) > 1 and WH_WORDS & set(words) and not _wh_fragment(tokens):
            # "And how many of them seriously?" asks a question of its own, which no name
            # put in place of "them" would make whole: it is left to `carry_over`.
            return None
        merged = _merged(text, history[-1][0], nlp, rules, history[-1][1])
        return Reading(merged, tuple(rules.fired))
    out: list[str] = []
    changed = False
    previous = nlp.parse(history[-1][0])
    counted = _plural_phrase(previous) if uncounted is not None else None
    for token in doc:
        if uncounted is not None and counted and token.i == uncounted.i:
            out.append(f"{token.text} {counted}{token.whitespace_}")
            rules.record("followup.uncounted", f"how many -> how many {counted}")
            changed = True
            continue
        word = token.lower_
        name = None
        if word in _PLURAL_PRONOUNS and _partitive(token):
            whole = _counted_phrase(previous) if rules.on("followup.partitive") else None
            if whole:
                out.append(f"the {whole}{token.whitespace_}")
                rules.record("followup.partitive", f"{token.text} -> the {whole}")
                changed = True
                continue
        if (
            word == "then"
            and token.dep_ in {"advmod", "pcomp", "pobj"}
            and rules.on("followup.then")
        ):
            when = _then(token, history[-1])
            if when:
                out.append(f"{when}{token.whitespace_}")
                rules.record("followup.then", f"then -> {when}")
                changed = True
                continue
        if (
            word in PERSON_PRONOUNS | _THING_PRONOUNS
            and token.tag_ in {"PRP", "PRP$"}
            and not _partitive(token)
        ):
            subject = _local_antecedent(token) if rules.on("followup.local-antecedent") else None
            if subject is not None:
                rules.record("followup.local-antecedent", f"{token.text} -> {subject.text}")
            elif rules.on("followup.pronoun"):
                of_be = token.head.lemma_ == "be"
                name = referent(word, history, nlp, token.dep_, rules, mentions, of_be)
                if name is not None and _names_itself(text, name):
                    # "How far is it from Sarnessa?": "it" is not what the question measures
                    # it against.
                    rules.record("followup.not-itself", f"{token.text} is not {name}")
                    name = None
        if name is None:
            out.append(token.text_with_ws)
            continue
        rules.record("followup.pronoun", f"{token.text} -> {name}")
        changed = True
        possessive = token.tag_ == "PRP$" or (word in _POSSESSIVE and word != "her")
        out.append(f"{name}'s" if possessive else name)
        out.append(token.whitespace_)
    if not changed:
        return None
    resolved = "".join(out).strip()
    return Reading(resolved[0].upper() + resolved[1:], tuple(rules.fired))


# The value a count, sum or measure question asks for: a figure or a number word; a date
# question's: a figure, a month or a weekday ("named in May" gives no time of a race).
_FIGURE_VALUE = re.compile(
    r"\d|\b(?:"
    + words_pattern((*NUMBER_WORDS[1:], *TENS_WORDS, *SCALE_WORDS, "half", "dozen"))
    + r")\b",
    re.IGNORECASE,
)
_DATE_VALUE = re.compile(
    r"\d|\b(?:" + "|".join((*MONTHS, *WEEKDAYS)) + r"|yesterday|today)\b",
    re.IGNORECASE,
)
_VALUES = {"count": _FIGURE_VALUE, "amount": _FIGURE_VALUE, "measure": _FIGURE_VALUE}
_VALUES["date"] = _DATE_VALUE


def answered_before_first(
    follow_up: str,
    previous_question: str,
    previous_answer: str,
    sentences: Sequence[str],
    kind: str | None = None,
) -> int | None:
    """followup.answered-before: which quoted sentence should open the answer to a resolved
    follow-up that got no lead, in place of the one the previous answer gave (None: leave it).

    "When is it due to end?" after "How long is the strike?" was answered with the strike's
    opening sentence again, and "The strike is due to end at 0200 on Sunday" second. The
    previous answer's sentence gives way when it holds none of the words the follow-up adds
    to the previous question ("due", "end") and another quoted sentence holds at least half
    of them; the one holding most goes first. When the previous sentence holds one of them
    it stays first: it may answer ("And a year earlier?" after a sentence comparing with
    "last year"), as it often does. A follow-up asking for a value (its `kind`: a count, sum,
    date or measure) moves only a sentence that gives one: "What was her time?" keeps the
    winner's sentence with "2 hours 21 minutes" before "her time was impossible to ignore".
    """
    if len(sentences) < 2:
        return None
    core = answer_core(previous_answer)[1].strip(" .;")
    if not core or sentences[0].strip(" .;") != core:
        return None
    text = _ABOUT.sub("", without_conjunction(follow_up))
    before = {stem(w) for w in content_terms(previous_question)}
    added = {stem(w) for w in content_terms(text)} - before - {stem(w) for w in WH_WORDS}
    if not added:
        return None

    def held(sentence: str) -> int:
        return len(added & {stem(w) for w in content_terms(sentence)})

    if held(sentences[0]):
        return None
    value = _VALUES.get(kind or "")
    candidates = [i for i in range(1, len(sentences)) if not value or value.search(sentences[i])]
    if not candidates:
        return None
    best = max(candidates, key=lambda i: (held(sentences[i]), -i))
    return best if 2 * held(sentences[best]) >= len(added) else None
