"""Text normalisation: a matching copy of the message; the original text is always kept.

The matching copy is what keyword rules and the classifiers compare: NFKC (full-width letters,
ligatures, "nº" -> "no"), case-folded ("ß" -> "ss"), accents stripped (shoppers type "donde esta"
as often as "dónde está"), punctuation dropped and common chat slang / typos expanded, so the
training data does not have to spell every variant out.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from shopdesk.nlu.component import Component, WorkingMessage

# Tokens of chat slang and frequent typos -> their standard spelling. Only tokens that are not a
# real word in another of our six languages (e.g. "oder" is German for "or", "pq" is French for
# "pourquoi", "im" German for "in dem", "dont" French for "whose", "k" English for "ok") are
# listed, because this runs before the language is known.
SLANG: Final[dict[str, str]] = {
    # en
    "wheres": "where is",
    "wher": "where",
    "whr": "where",
    "whre": "where",
    "wat": "what",
    "whats": "what is",
    "wats": "what is",
    "hows": "how is",
    "pls": "please",
    "plz": "please",
    "plss": "please",
    "plox": "please",
    "pleas": "please",
    "pleaseee": "please",
    "ur": "your",
    "u": "you",
    "r": "are",
    "ordr": "order",
    "odrer": "order",
    "oredr": "order",
    "ordder": "order",
    "orderr": "order",
    "ordes": "orders",
    "pkg": "package",
    "pakage": "package",
    "packge": "package",
    "pacakge": "package",
    "pakcage": "package",
    "parcle": "parcel",
    "shiped": "shipped",
    "shippd": "shipped",
    "recieved": "received",
    "recived": "received",
    "recieve": "receive",
    "arived": "arrived",
    "arrivd": "arrived",
    "trakcing": "tracking",
    "trackign": "tracking",
    "trackin": "tracking",
    "hasnt": "has not",
    "havent": "have not",
    "didnt": "did not",
    "doesnt": "does not",
    "isnt": "is not",
    "cant": "can not",
    "cannot": "can not",
    "wont": "will not",
    "ive": "i have",
    "thx": "thanks",
    "thnx": "thanks",
    "thanx": "thanks",
    "thks": "thanks",
    "tnx": "thanks",
    "ty": "thank you",
    "tyvm": "thank you very much",
    "tysm": "thank you so much",
    "cya": "see you",
    "ttyl": "talk to you later",
    "cuz": "because",
    "coz": "because",
    "bc": "because",
    "tmrw": "tomorrow",
    "tmr": "tomorrow",
    "2moro": "tomorrow",
    "gonna": "going to",
    "wanna": "want to",
    "gotta": "got to",
    "abt": "about",
    "smth": "something",
    "sth": "something",
    "stil": "still",
    # es
    "pedio": "pedido",
    "pedidio": "pedido",
    "peddio": "pedido",
    "pdido": "pedido",
    "pedidoo": "pedido",
    "q": "que",
    "qe": "que",
    "xq": "porque",
    "porq": "porque",
    "dnd": "donde",
    "dnde": "donde",
    "porfa": "por favor",
    "porfis": "por favor",
    "xfa": "por favor",
    "pfv": "por favor",
    "grax": "gracias",
    "grx": "gracias",
    "grcs": "gracias",
    "grasias": "gracias",
    "aki": "aqui",
    "kiero": "quiero",
    "nesesito": "necesito",
    "nececito": "necesito",
    "salu2": "saludos",
    "paqete": "paquete",
    "paquette": "paquete",
    # fr
    "slt": "salut",
    "bjr": "bonjour",
    "bjour": "bonjour",
    "bsr": "bonsoir",
    "stp": "s il te plait",
    "svp": "s il vous plait",
    "mrc": "merci",
    "mci": "merci",
    "mercii": "merci",
    "cmd": "commande",
    "cde": "commande",
    "comande": "commande",
    "commnde": "commande",
    "commade": "commande",
    "jsp": "je sais pas",
    "chui": "je suis",
    "chuis": "je suis",
    "qd": "quand",
    "qqn": "quelqu un",
    "tjrs": "toujours",
    "tjs": "toujours",
    "bcp": "beaucoup",
    "ajd": "aujourd hui",
    "auj": "aujourd hui",
    # de
    "bestelung": "bestellung",
    "bestllung": "bestellung",
    "bestellug": "bestellung",
    "bestellnug": "bestellung",
    "pakte": "paket",
    "nich": "nicht",
    "vllt": "vielleicht",
    "mfg": "mit freundlichen grussen",
    "tschus": "tschuss",
    "tschuess": "tschuss",
    "tschuessi": "tschuss",
    "gibts": "gibt es",
    "gehts": "geht es",
    "dankee": "danke",
    # pt
    "vc": "voce",
    "vcs": "voces",
    "obg": "obrigado",
    "obgd": "obrigado",
    "obgdo": "obrigado",
    "obgda": "obrigada",
    "brigado": "obrigado",
    "encomeda": "encomenda",
    "encommenda": "encomenda",
    "incomenda": "encomenda",
    "emcomenda": "encomenda",
    "vlw": "valeu",
    "blz": "beleza",
    "hj": "hoje",
    "agr": "agora",
    "qdo": "quando",
    "qnd": "quando",
    "pra": "para",
    "oq": "o que",
    # it
    "xke": "perche",
    "xche": "perche",
    "perke": "perche",
    "cmq": "comunque",
    "grz": "grazie",
    "grazi": "grazie",
    "nn": "non",
    "ordne": "ordine",
    "oridne": "ordine",
    "qlcn": "qualcuno",
    "qualcno": "qualcuno",
}

# English contractions are expanded before apostrophes are dropped; other apostrophes separate
# words (French "l'ordre", Italian "dov'è").
_CONTRACTIONS: Final = (
    (re.compile(r"\b(can)'t\b"), r"\1 not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"\b(i)'m\b"), r"\1 am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"\b(where|what|who|how|it|that|there|here|when|he|she|let)'s\b"), r"\1 is"),
)
_APOSTROPHES: Final = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'"})
# A token is a run of letters/digits, optionally joined by . - _ @ (e-mails, "hx-4417", "18.00").
_TOKEN: Final = re.compile(r"[^\W_]+(?:[.\-_@][^\W_]+)*")


def clean(text: str) -> str:
    """``text`` with control, format, surrogate and unassigned characters as spaces.

    The length is unchanged, so offsets into the result are offsets into the original text.
    """
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else " " for ch in text)


def fold(text: str) -> str:
    """NFKC, case-fold and strip accents: the form keyword lists are written in."""
    text = unicodedata.normalize("NFKC", text).casefold()
    if text.isascii():
        return text
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def tokens(text: str) -> list[str]:
    """Folded words of ``text`` with contractions and slang expanded."""
    folded = fold(text).translate(_APOSTROPHES)
    if "'" in folded:
        for pattern, repl in _CONTRACTIONS:
            folded = pattern.sub(repl, folded)
    out: list[str] = []
    for tok in _TOKEN.findall(folded):
        out.extend(SLANG.get(tok, tok).split())
    return out


def normalize(text: str) -> str:
    """The matching copy of ``text``: folded words joined by single spaces."""
    return " ".join(tokens(text))


class Normalizer(Component):
    """Fills ``clean`` and ``normalized``."""

    name = "normalizer"

    def process(self, msg: WorkingMessage) -> None:
        msg.clean = clean(msg.text)
        msg.normalized = normalize(msg.clean)


_REPEATED_WORD: Final = re.compile(r"\b(\w+)(?:\W+\1\b){2,}", re.IGNORECASE)


def collapse_repeats(text: str) -> str:
    """Runs of one word repeated three or more times, cut to two ("no no no no" -> "no no").

    Filler repeated a thousand times must not outweigh the request it follows, neither in the
    n-grams nor in the sentence embedding.
    """
    return _REPEATED_WORD.sub(lambda m: f"{m.group(1)} {m.group(1)}", text)
