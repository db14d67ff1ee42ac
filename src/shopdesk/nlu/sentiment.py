"""A small lexicon-based sentiment score for the six languages, in -1 (furious) .. 1 (delighted).

Good enough to notice an angry customer (the handoff policy escalates on it) until an embedding
classifier replaces it. Modelled on VADER: word valences, negation in the three words before a
word flips and damps it ("not happy", "no estoy contento"), intensifiers scale it ("very",
"muy", "sehr"), and "!!!" and ALL CAPS add emphasis. The lexicons of all six languages are merged
because short messages are often misdetected and the words barely collide.
"""

from __future__ import annotations

import math
import re
from typing import Final

from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.normalize import fold


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Valences in -3..3, folded (no accents). Stems ending in "*" match any word starting with them.
_LEXICON_TEXT: Final = """
en: good 1.5, great 2.5, excellent 3, amazing 3, awesome 2.5, perfect 2.5, love 2.5, loved 2.5,
  happy 2, glad 1.5, thanks 1.5, thank 1.5, nice 1.5, fantastic 3, wonderful 3, helpful 2,
  fast 1, quick 1, pleased 2, satisfied 2, brilliant 2.5, cool 1, super 2, appreciate 2,
  bad -2, terrible -3, awful -3, horrible -3, worst -3, hate -3, angry -2.5, furious -3,
  annoyed -2, annoying -2, upset -2, disappointed -2.5, disappointing -2.5, useless -2.5,
  ridiculous -2.5, unacceptable -3, scam -3, fraud -3, joke -1.5, waste -2, broken -2,
  damaged -2, wrong -1.5, late -1.5, delay -1, delayed -1.5, never -0.5, lost -1.5, poor -2,
  frustrated -2.5, frustrating -2.5, sucks -2.5, crap -2.5, shit -3, pathetic -3, rubbish -2.5,
  stupid -2.5, complaint -1.5, lawyer -2, sue -2, refund -0.5, incompetent -3, liars -3
es: bien 1, bueno 1.5, buena 1.5, genial 2.5, excelente 3, perfecto 2.5, encanta 2.5,
  contento 2, contenta 2, feliz 2, gracias 1.5, amable 2, rapido 1, estupendo 2.5,
  maravilloso 3, fantastico 3, mal -2, malo -2, mala -2, terrible -3, horrible -3, fatal -2.5,
  peor -2.5, odio -3, enfadado -2.5, enfadada -2.5, harto -2.5, harta -2.5, molesto -2,
  decepcionado -2.5, decepcionada -2.5, inutil -2.5, ridiculo -2.5, inaceptable -3, estafa -3,
  roto -2, rota -2, danado -2, tarde -0.5, retraso -1.5, perdido -1.5, verguenza -2.5,
  cabreado -3, denuncia -2, queja -1.5, mierda -3, lamentable -2.5, pesimo -3, pesima -3
fr: bien 1, bon 1.5, bonne 1.5, super 2, genial 2.5, excellent 3, parfait 2.5, adore 2.5,
  content 2, contente 2, heureux 2, heureuse 2, merci 1.5, gentil 2, rapide 1, formidable 3,
  mauvais -2, mauvaise -2, nul -2.5, nulle -2.5, horrible -3, terrible -2, pire -2.5,
  deteste -3, fache -2.5, enerve -2.5, enervee -2.5, marre -2.5, decu -2.5, decue -2.5,
  inutile -2.5, ridicule -2.5, inadmissible -3, arnaque -3, casse -2, cassee -2, abime -2,
  retard -1.5, perdu -1.5, honte -2.5, plainte -1.5, merde -3, lamentable -2.5, scandaleux -3
de: gut 1.5, super 2, toll 2.5, prima 2, klasse 2, perfekt 2.5, liebe 2, zufrieden 2,
  glucklich 2, froh 1.5, danke 1.5, freundlich 2, schnell 1, hervorragend 3, ausgezeichnet 3,
  wunderbar 3, schlecht -2, schrecklich -3, furchtbar -3, mies -2.5, hasse -3, wutend -3,
  sauer -2, verargert -2.5, enttauscht -2.5, nutzlos -2.5, lacherlich -2.5, unverschamt -3,
  inakzeptabel -3, betrug -3, kaputt -2, beschadigt -2, spat -1, verspatet -1.5,
  verspatung -1.5, verloren -1.5, frechheit -3, beschwerde -1.5, scheisse -3, mist -2,
  katastrophe -3, argerlich -2
pt: bom 1.5, boa 1.5, bem 1, otimo 2.5, otima 2.5, excelente 3, perfeito 2.5, adoro 2.5,
  contente 2, feliz 2, satisfeito 2, satisfeita 2, obrigado 1.5, obrigada 1.5, rapido 1,
  maravilhoso 3, mau -2, ma -1, ruim -2, pessimo -3, pessima -3, horrivel -3, terrivel -3,
  pior -2.5, odeio -3, irritado -2.5, irritada -2.5, chateado -2.5, chateada -2.5,
  farto -2.5, farta -2.5, decepcionado -2.5, decepcionada -2.5, inutil -2.5, ridiculo -2.5,
  inaceitavel -3, golpe -2, fraude -3, quebrado -2, quebrada -2, danificado -2, atraso -1.5,
  atrasado -1.5, perdido -1.5, vergonha -2.5, reclamacao -1.5, merda -3, absurdo -2.5
it: bene 1, buono 1.5, buona 1.5, ottimo 2.5, ottima 2.5, eccellente 3, perfetto 2.5,
  adoro 2.5, contento 2, contenta 2, felice 2, soddisfatto 2, soddisfatta 2, grazie 1.5,
  gentile 2, veloce 1, fantastico 3, meraviglioso 3, male -2, cattivo -2, pessimo -3,
  pessima -3, orribile -3, terribile -3, peggio -2.5, odio -3, arrabbiato -2.5,
  arrabbiata -2.5, stufo -2.5, stufa -2.5, deluso -2.5, delusa -2.5, inutile -2.5,
  ridicolo -2.5, inaccettabile -3, truffa -3, rotto -2, rotta -2, danneggiato -2,
  ritardo -1.5, perso -1.5, vergogna -2.5, reclamo -1.5, schifo -3, assurdo -2.5
emoji: 🙂 1.5, 😊 2, 😀 2, 😃 2, 😄 2, 😁 2, 😍 3, 🥰 3, ❤ 2.5, 👍 1.5, 🙏 1.5, 👌 1.5, 🎉 2,
  😞 -2, 😢 -2, 😭 -2.5, 😠 -2.5, 😡 -3, 🤬 -3, 👎 -2, 😤 -2.5, 🙄 -1.5, 😒 -1.5, 💩 -2
"""
_NEGATIONS: Final = _wordset(
    "not no never nothing nobody nor without isnt wasnt dont doesnt didnt cant wont hasnt havent"
    " nunca nada ni sin tampoco ne pas jamais rien sans nicht kein keine keinen keiner nie"
    " niemals ohne nao nem sem non mai senza niente"
)
# "no thanks", "no, gracias": a polite refusal, not an unhappy customer.
_GRATITUDE: Final = _wordset("thanks thank gracias merci danke obrigado obrigada grazie")
_BOOSTERS: Final[dict[str, float]] = {
    **dict.fromkeys(_wordset("very really so too extremely totally absolutely completely"), 1.5),
    **dict.fromkeys(_wordset("muy tan super muchisimo totalmente demasiado bastante"), 1.5),
    **dict.fromkeys(_wordset("tres vraiment trop completement totalement"), 1.5),
    **dict.fromkeys(_wordset("sehr echt total wirklich absolut voll extrem"), 1.5),
    **dict.fromkeys(_wordset("muito tao bem totalmente realmente demais"), 1.5),
    **dict.fromkeys(_wordset("molto davvero troppo proprio totalmente veramente"), 1.5),
    **dict.fromkeys(_wordset("bit little slightly poco peu bisschen etwas pouco po"), 0.6),
}


def _parse_lexicon(text: str) -> tuple[dict[str, float], dict[str, float]]:
    words: dict[str, float] = {}
    emoji: dict[str, float] = {}
    for block in re.split(r"\n(?=\w+:)", text.strip()):
        lang, _, entries = block.partition(":")
        for entry in entries.split(","):
            term, value = entry.split()
            (emoji if lang == "emoji" else words)[term] = float(value)
    return words, emoji


_WORDS, _EMOJI = _parse_lexicon(_LEXICON_TEXT)
_TOKEN: Final = re.compile(r"[^\W_]+")
_NO_APOSTROPHES: Final = str.maketrans(dict.fromkeys("'’‘`´ʼ", ""))
# VADER's normalisation constant: a sum of valences s maps to s / sqrt(s^2 + alpha).
_ALPHA: Final = 15.0


def score(text: str) -> float:
    """Sentiment of ``text`` in -1..1; 0 when it carries no sentiment words."""
    # Apostrophes go, so "isn't" is the negation "isnt" and "n'est" one word.
    text = text[:2000].translate(_NO_APOSTROPHES)
    raw_tokens = _TOKEN.findall(text)
    tokens = [fold(t) for t in raw_tokens]
    total = 0.0
    for i, tok in enumerate(tokens):
        valence = _WORDS.get(tok)
        if valence is None:
            continue
        window = tokens[max(0, i - 3) : i]
        for before in reversed(window[-2:]):
            valence *= _BOOSTERS.get(before, 1.0)
        if tok not in _GRATITUDE and any(w in _NEGATIONS for w in window):
            valence *= -0.6
        raw = raw_tokens[i]
        if len(raw) > 1 and raw.isupper() and not text.isupper():
            valence *= 1.3  # one word shouted in an otherwise normal message
        total += valence
    total += sum(v for ch, v in _EMOJI.items() for _ in range(text.count(ch)))
    if total == 0.0:
        return 0.0
    emphasis = 1.0 + 0.15 * min(text.count("!"), 4)
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= 8 and text.isupper():
        emphasis += 0.3  # the whole message shouted
    total *= emphasis
    return round(max(-1.0, min(1.0, total / math.sqrt(total * total + _ALPHA))), 4)


class SentimentScorer(Component):
    """Fills ``sentiment``."""

    name = "sentiment_scorer"

    def process(self, msg: WorkingMessage) -> None:
        msg.sentiment = score(msg.clean or msg.text)
