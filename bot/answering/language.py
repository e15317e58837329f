"""Is the question in English? The bundled model and parser read English only.

all-MiniLM-L6-v2 embeds, and spaCy's en_core_web_sm parses, English: a question in German or
Russian retrieves nearly at random and is refused without a word about why. This check is
cheap and deliberately conservative, since a false alarm on an English question would refuse
an answerable one; a missed foreign question only gets the usual refusal.

Two cues, no model:
- script: most words are written in a non-Latin script (Cyrillic, Arabic, CJK, ...);
- function words: in Latin script, the words of one language's small closed class (articles,
  pronouns, question words, auxiliaries) outnumber the English ones, at least two of them.

Names never count: a question about "Saraqeb", "Zelenskyy" or "Ursula von der Leyen" is made
of English function words and names, and name particles (de, la, von, der, al, ...) are not
counted for any language.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["foreign_language"]

_WORD = re.compile(r"[^\W\d_]+")  # apostrophes split: qu'est -> qu, est
# English endings after an apostrophe ("Marlow's", "isn't", "they're", "who'd"): dropped
# before counting, or a question with two possessives reads as French ("s", "d").
_ENGLISH_ENDING = re.compile(r"(?<=\w)['’](?:s|d|ll|re|ve|m|t)\b", re.IGNORECASE)
# A quoted title ("Who wrote 'Qui a tué mon père'?") is a name, not the question's language.
_QUOTED = re.compile(r"\"[^\"]*\"|“[^”]*”|«[^»]*»|„[^“”]*[“”]|(?<!\w)'[^']*'(?!\w)|‘[^’]*’")

# English closed-class words a question is built from.
_ENGLISH = frozenset(
    """a an the this that these those some any each every all both no not and or but if so
    as of at by for from in into on onto to with without about after before over under
    between during against through up down out off than then there here
    who whom whose what which when where why how whether
    is am are was were be been being do does did done doing have has had having
    will would shall should can could may might must
    i me my we us our you your he him his she her it its they them their
    many much more most few less least other another such only also just very too
    yes says said say according""".split()
)

# Per language: closed-class words, some shared with English (counted for both), none a
# common name particle. Enough to tell a question, not a whole text.
_FOREIGN: dict[str, frozenset[str]] = {
    "French": frozenset(
        """le les un une des du au aux et ou est sont était été a ont avait qui que quoi quel
        quelle quels quelles où quand comment pourquoi combien ce cette ces il elle ils elles
        nous vous je dans sur avec pour par pas ne se sa son ses leur leurs qu c s l d
        y a-t-il""".split()
    ),
    "German": frozenset(
        """der die das dem den ein eine einen einem einer und oder ist sind war waren wurde
        wurden hat haben hatte wer wie was wo wann warum welche welcher welches wieviel
        viele nicht mit von zu im in auf für bei nach aus es sie er wir ihr ich""".split()
    ),
    "Spanish": frozenset(
        """el los las un una unos unas y o es son fue fueron era ha han había qué quién
        quiénes cómo cuándo dónde cuál cuáles cuántos cuántas por para con en se su sus
        no lo le les del al ¿ ¡""".split()
    ),
    "Portuguese": frozenset(
        """o os as um uma uns umas e ou é são foi foram era tem têm quem qual quais quando
        onde como quantos quantas porque por para com em no na nos nas do da dos das se
        seu sua não""".split()
    ),
    "Italian": frozenset(
        """il lo la gli le un una uno e o è sono era erano stato stata ha hanno chi che cosa
        quale quali quando dove come perché quanti quante per con in nel nella della dei
        delle si suo sua non""".split()
    ),
    "Dutch": frozenset(
        """de het een en of is zijn was waren werd heeft hebben wie wat waar wanneer hoe
        waarom welke hoeveel niet met van voor op in bij uit er ze hij zij wij""".split()
    ),
}

# In English questions these are mostly parts of names: Jean de la Fontaine, Ursula von der
# Leyen, Le Monde, Die Welt, Los Angeles, El Salvador, Al Jazeera, Da Nang, Van Gogh...
_PARTICLES = frozenset(
    "de la le les du des von der den die das van del della di da do dos al el los las y e o".split()
)
_INVERTED = re.compile("[¿¡]")


def foreign_language(question: str) -> str | None:
    """The language (or script) the question seems to be in, or None when it may be English."""
    question = _ENGLISH_ENDING.sub("", _QUOTED.sub(" ", question))
    words = [w.lower() for w in _WORD.findall(question)]
    if not words:
        return None
    non_latin = [w for w in words if not _latin(w)]
    if len(non_latin) * 2 > len(words):
        return "a non-Latin script"
    english = sum(w in _ENGLISH for w in words)
    inverted = len(_INVERTED.findall(question))
    best, best_score = None, 0
    for language, vocabulary in _FOREIGN.items():
        score = sum(w in vocabulary and w not in _PARTICLES for w in words)
        score += inverted if language == "Spanish" else 0
        if score > best_score:
            best, best_score = language, score
    if best_score >= 2 and best_score > english:
        return best
    return None


def _latin(word: str) -> bool:
    return all(not c.isalpha() or "LATIN" in unicodedata.name(c, "") for c in word)
