"""What a shopper asks to change in an order, read from their words in six languages.

The NLU finds order numbers, emails and postal codes but no quantities, so the few words this
flow needs are read here: a quantity (digits or a number word), and whether the shopper wants to
remove something, add something, or swap a variant (a size, a colour). Words are compared
case- and accent-folded, so "quítalo" and "quitalo" read the same.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from typing import Final, Literal

Kind = Literal["remove", "add", "swap", "set"]

# Number words up to twelve. Words that are also articles ("un", "una", "ein", "um", "a") are in
# _ARTICLES: they count as 1 only in a bare answer ("una") or after "only" ("solo una").
_NUMBERS: Final[dict[str, int]] = {
    # en
    "zero": 0, "none": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    # es
    "cero": 0, "ninguno": 0, "ninguna": 0, "uno": 1, "dos": 2, "tres": 3, "cuatro": 4,
    "cinco": 5, "seis": 6, "siete": 7, "ocho": 8, "nueve": 9, "diez": 10, "doce": 12,
    # fr
    "aucun": 0, "aucune": 0, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "sept": 7,
    "huit": 8, "neuf": 9, "dix": 10, "onze": 11, "douze": 12,
    # de
    "null": 0, "keine": 0, "keinen": 0, "eins": 1, "zwei": 2, "drei": 3, "vier": 4, "funf": 5,
    "sechs": 6, "sieben": 7, "acht": 8, "neun": 9, "zehn": 10, "elf": 11, "zwolf": 12,
    # pt
    "nenhum": 0, "nenhuma": 0, "dois": 2, "duas": 2, "quatro": 4, "sete": 7, "oito": 8,
    "nove": 9, "dez": 10, "doze": 12,
    # it
    "nessuno": 0, "nessuna": 0, "due": 2, "tre": 3, "quattro": 4, "cinque": 5, "sei": 6,
    "sette": 7, "otto": 8, "dieci": 10, "undici": 11, "dodici": 12,
}  # fmt: skip
_ARTICLES: Final = frozenset({"a", "an", "un", "una", "une", "ein", "eine", "einen", "um", "uma"})
_ONLY: Final = frozenset(
    {"only", "just", "solo", "solamente", "seulement", "juste", "nur", "so", "apenas", "soltanto"}
)

# Word stems (folded): a word starting with one of these carries the meaning.
_REMOVE: Final = (
    "remove", "delete", "drop", "takeout",
    "quit", "elimin", "borr", "saca",
    "retir", "enlev", "supprim",
    "entfern", "streich", "weglass", "rausnehm",
    "remov", "tira", "tire",
    "rimuov", "togli", "tolg",
)  # fmt: skip
_ADD: Final = (
    "add", "another", "extra",
    "anad", "agreg", "otro", "otra",
    "ajout", "autre", "supplementaire",
    "hinzufug", "zusatzlich", "fuge",
    "adicion", "acrescent", "outro", "outra",
    "aggiung", "altro", "altra",
)  # fmt: skip
_SWAP: Final = (
    "size", "colour", "color", "swap", "exchange", "instead", "variant",
    "talla", "envez",
    "taille", "couleur", "echang", "laplace",
    "grosse", "farbe", "tausch", "umtausch", "statt",
    "tamanho", "cor", "troc", "emvez",
    "taglia", "colore", "scambi", "invece",
)  # fmt: skip
# Shorter stems match whole words only: "cor" (pt colour) is not "correct", "tir" not "tired".
_WHOLE_WORDS: Final = frozenset({"cor", "tire", "drop", "otro", "otra"})


def fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("ß", "ss")


def words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", fold(text))


def _joined(tokens: list[str]) -> list[str]:
    """Each word, and each pair run together ("take out" -> "takeout", "en vez" -> "envez")."""
    return tokens + [a + b for a, b in itertools.pairwise(tokens)]


def _has(tokens: list[str], stems: Iterable[str]) -> bool:
    candidates = _joined(tokens)
    for stem in stems:
        whole = stem in _WHOLE_WORDS
        if any(w == stem if whole else w.startswith(stem) for w in candidates):
            return True
    return False


def kind_of(text: str) -> Kind | None:
    """What the shopper wants done: a swap wins over an addition, an addition over a removal
    ("add another mug instead of removing one" is for a person either way)."""
    tokens = words(text)
    if _has(tokens, _SWAP):
        return "swap"
    if _has(tokens, _ADD):
        return "add"
    if _has(tokens, _REMOVE):
        return "remove"
    return None


def quantity_in(text: str, *, bare_answer: bool = False) -> int | None:
    """The quantity a message names, or None: digits first ("2"), else a number word.

    Digits glued to letters ("TS5001") are never quantities; callers remove order numbers and
    other entities from ``text`` first. ``bare_answer``: the message answers "how many?", so an
    article-like "una" counts as 1.
    """
    digits = re.findall(r"(?<![\w.,])(\d{1,3})(?!\d|[.,]\d)", text)
    if digits:
        return int(digits[0])
    tokens = words(text)
    for i, token in enumerate(tokens):
        if token in _NUMBERS:
            return _NUMBERS[token]
        if token in _ARTICLES and ((bare_answer and len(tokens) <= 3) or _after_only(tokens, i)):
            return 1
    return None


def _after_only(tokens: list[str], i: int) -> bool:
    return i > 0 and tokens[i - 1] in _ONLY


_ORDINALS: Final[dict[int, frozenset[str]]] = {
    0: frozenset(
        [
            "1",
            "first",
            "primero",
            "primera",
            "premier",
            "premiere",
            "erste",
            "ersten",
            "primo",
            "prima",
            "primeiro",
            "primeira",
        ]
    ),
    1: frozenset(
        ["2", "second", "segundo", "segunda", "deuxieme", "zweite", "zweiten", "secondo", "seconda"]
    ),
    2: frozenset(
        [
            "3",
            "third",
            "tercero",
            "tercera",
            "troisieme",
            "dritte",
            "dritten",
            "terzo",
            "terza",
            "terceiro",
            "terceira",
        ]
    ),
}


def choice_in(text: str, count: int) -> int | None:
    """A bare "2" or "the second" answering a numbered list of ``count`` items (0-based)."""
    tokens = words(text)
    if len(tokens) > 3:
        return None
    for index, names in _ORDINALS.items():
        if index < count and any(t in names for t in tokens):
            return index
    if len(tokens) == 1 and tokens[0].isdigit() and 1 <= int(tokens[0]) <= count:
        return int(tokens[0]) - 1
    return None
