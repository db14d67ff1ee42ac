"""Which supported language a "speak English" / "en español por favor" message asks for.

A small word list: each supported language's name as written in any of the six languages
("English", "inglés", "anglais", "Englisch", "inglês", "inglese"), accents folded. A name right
after a negation or a contrast ("I don't speak English", "no entiendo el inglés", "instead of
German") is not the one wanted. Pure; nothing here touches the entity extractor.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

_NAMES: Final[dict[str, tuple[str, ...]]] = {
    "en": (
        "english", "ingles", "inglesa", "anglais", "anglaise", "englisch", "englische",
        "englischen", "englischer", "inglese",
    ),
    "es": (
        "spanish", "espanol", "espanola", "castellano", "espagnol", "espagnole", "spanisch",
        "spanische", "spanischen", "spanischer", "espanhol", "espanhola", "spagnolo", "spagnola",
    ),
    "fr": (
        "french", "frances", "francesa", "francais", "francaise", "franzosisch", "franzosische",
        "franzosischen", "franzosischer", "francese",
    ),
    "de": (
        "german", "aleman", "alemana", "allemand", "allemande", "deutsch", "deutsche",
        "deutschen", "deutscher", "alemao", "alema", "tedesco", "tedesca",
    ),
    "pt": (
        "portuguese", "portugues", "portuguesa", "portugais", "portugaise", "portugiesisch",
        "portugiesische", "portugiesischen", "portugiesischer", "portoghese",
    ),
    "it": (
        "italian", "italiano", "italiana", "italien", "italienne", "italienisch", "italienische",
        "italienischen", "italienischer",
    ),
}  # fmt: skip
_LOCALE_OF_WORD: Final[dict[str, str]] = {
    word: locale for locale, words in _NAMES.items() for word in words
}
# Words after which, within a few words, a language is the one the shopper does NOT want.
_NEGATORS: Final = frozenset(
    {
        # en
        "not", "don't", "dont", "doesn't", "can't", "cant", "never", "instead",
        # es / pt
        "no", "nunca", "vez", "lugar", "nao", "invés", "inves",
        # fr
        "ne", "pas", "lieu",
        # de
        "kein", "keine", "nicht", "statt", "anstatt", "anstelle",
        # it
        "non", "invece", "anziche",
    }
)  # fmt: skip
# A clause ends here: "no, in German please" wants German.
_BREAKS: Final = frozenset({",", ".", ";", "!", "?", "but", "pero", "mais", "aber", "mas", "ma"})
_NEGATION_REACH: Final = 3  # words
_TOKEN = re.compile(r"[a-z]+(?:'t)?|[,.;!?]")


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower().replace("’", "'"))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def requested_locale(text: str) -> str | None:
    """The supported locale the message names as the one wanted, or None if it names none."""
    negated_at: int | None = None
    for i, token in enumerate(_TOKEN.findall(_fold(text))):
        if token in _BREAKS:
            negated_at = None
        elif token in _NEGATORS:
            negated_at = i
        elif token in _LOCALE_OF_WORD:
            if negated_at is not None and i - negated_at <= _NEGATION_REACH:
                negated_at = None  # the negation is spent on this name
                continue
            return _LOCALE_OF_WORD[token]
    return None
