"""Words for BM25: lower-cased, accents folded, stop words dropped, endings lightly trimmed.

One normaliser serves every language: a question is matched against articles in any of the six
locales, and folding "envío" and "envio", "Rücksendung" and "rucksendung" to one form matters
more than a linguist's stem. The suffix list is short on purpose: it joins plurals and verb forms
("returns", "returned", "devoluciones"), and a stem keeps at least four letters, so distinct short
words stay apart.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_WORD = re.compile(r"[^\W_]+", re.UNICODE)
_MIN_STEM: Final = 4

# By language: en | es, pt, it | fr | de. Tried longest first: "ungen" before "en".
_SUFFIX_WORDS: Final = """
    ing ed es s ly | iones ion oes cao mente ar er ir os as are ere ire i e o a | ement tion eux
    aux ez | ungen ung en ern em n
    """
_SUFFIXES: Final = tuple(sorted(set(_SUFFIX_WORDS.split()) - {"|"}, key=len, reverse=True))

# Function words of the six languages: they carry no topic, and in a short question they would
# otherwise outweigh the one word that matters.
_STOP_WORDS: Final = """
    a an the and or of to in on at for from by with is are was be been can could do does did i
    you your my me we our us it its this that these those there what when where which who how
    why if not no yes will would should have has had am any some get got please hi hello
    el la los las un una unos unas y o de del al en con por para que es son ser esta estan mi
    mis tu tus su sus yo me te se lo le les como cuando donde cual quien hay puedo puede se
    le la les des du un une et ou de d l en au aux avec pour par que qui est sont mon ma mes
    ton ta tes votre vos nous vous je il elle on ce cet cette comment quand ou quel quelle
    der die das den dem des ein eine einen einem einer und oder von zu im in am an mit fur auf
    ist sind ich du sie wir ihr mein meine dein deine ihre kann konnen wie wann wo was welche
    es mir mich euch uns
    o a os as um uma uns umas e ou do da dos das no na nos nas em com por para que e sao meu
    minha meus minhas seu sua voce eu como quando onde qual posso pode
    il lo la gli le i un uno una e o di del della dei delle al alla in con per che sono mio
    mia miei mie tuo tua suo sua io come quando dove quale posso puo ci si
    """
_STOP: Final = frozenset(_STOP_WORDS.split())


def fold(text: str) -> str:
    """Lower-case without accents: "Rücksendung" -> "rucksendung", "ß" -> "ss"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def stem(word: str) -> str:
    # Trimmed until nothing more comes off, so "return", "returns" and "returned" all meet.
    while True:
        cut = next(
            (s for s in _SUFFIXES if word.endswith(s) and len(word) - len(s) >= _MIN_STEM), None
        )
        if cut is None:
            return word
        word = word[: -len(cut)]


def tokens(text: str) -> list[str]:
    """The content words of ``text``, normalised for matching."""
    return [stem(w) for w in _WORD.findall(fold(text)) if w not in _STOP and not w.isdigit()]
