"""When the bot should hand the conversation to a person. Pure, configurable, unit-tested.

:func:`decide` is the policy the message path runs after the NLU and before the dialogue engine.
Its inputs are this message's NLU result, a small :class:`History` of the conversation (kept with
the conversation and advanced by :func:`observe`), what we know of the customer (VIP) and the
thresholds (:class:`EscalationPolicy`, from the settings). Its answer is a :class:`Decision`:
nothing, *offer* a person (low priority: the shopper is asked, the bot carries on) or *transfer*
at once (high priority: straight to the queue), with a priority number and a reason code.

Triggers, highest priority first:

* safety, legal and fraud words in six languages ("lawyer", "chargeback", "Anwalt", "estafa"...),
  matched accent-insensitively on whole words ("sue" is not in "issue", "police" not in
  "policy") -> transfer;
* anger: this message's sentiment at or below ``anger`` -> transfer;
* an explicit request for a person (by intent, or a phrase list for short messages) -> transfer;
* "stolen" and the like on their own -> offer. "My parcel was stolen from the porch" is an
  ordinary delivery problem the bot's flows and a person can both handle, not a legal matter; the
  same words next to a card, an account or a payment are fraud -> transfer;
* negative sentiment (``negative``) or a falling trend over the last messages -> offer;
* the same question three times, the bot not understanding three times (``max_fallbacks``), low
  confidence twice in a row -> offer;
* a long conversation (``long_conversation_turns``) -> offer.

A VIP customer's sentiment thresholds are ``vip_margin`` gentler, their sentiment offers become
transfers, and every decision gets ``vip_bonus`` more priority. A reason is offered once per
conversation: a shopper who said no is not asked again for the same thing.

``should_escalate`` (explicit request and repeated fallbacks only) is what the dialogue engine
itself asks on every turn.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from shopdesk.core.nlu import NLUResult
from shopdesk.core.types import Intent

_HUMAN_WORDS = [
    # en
    "agent",
    "human",
    "humans",
    "real person",
    "representative",
    "operator",
    "someone real",
    "customer service",
    "live chat",
    "a real human",
    # es
    "humano",
    "persona real",
    "agente",
    "operador",
    "operadora",
    "asesor",
    "representante",
    # fr
    "humain",
    "conseiller",
    "conseillere",
    "operateur",
    "vrai personne",
    "vraie personne",
    "service client",
    # de
    "mensch",
    "mitarbeiter",
    "mitarbeiterin",
    "echter mensch",
    "berater",
    "beraterin",
    "kundendienst",
    "kundenservice",
    "support mitarbeiter",
    # pt
    "atendente",
    "pessoa real",
    "operador",
    "assistente humano",
    # it
    "umano",
    "operatore",
    "operatrice",
    "persona vera",
    "persona reale",
    "assistenza clienti",
]
_HUMAN_RE = re.compile(r"\b(" + "|".join(re.escape(w) for w in _HUMAN_WORDS) + r")\b")
# Only short messages count as a bare request: "is the agent who shipped it DHL?" is not one.
_MAX_WORDS_FOR_KEYWORD = 8


@dataclass(frozen=True)
class EscalationPolicy:
    intent_confidence: float = 0.5
    max_fallbacks: int = 3
    # Sentiment runs from -1 (furious) to 1 (delighted).
    anger: float = -0.85
    negative: float = -0.5
    trend_window: int = 3
    trend: float = -0.3  # mean of the last ``trend_window`` messages, each lower than the last
    low_confidence: float = 0.35
    max_low_confidence: int = 2
    max_repeats: int = 3
    long_conversation_turns: int = 25
    vip_margin: float = 0.2
    vip_bonus: int = 15
    keywords: bool = True  # legal, fraud and safety words


@dataclass(frozen=True)
class Escalation:
    reason: str
    priority: str  # "low" offers a human, "high" transfers at once


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def asks_for_human(nlu: NLUResult, policy: EscalationPolicy) -> bool:
    if nlu.intent == Intent.CONTACT_HUMAN_AGENT and nlu.confidence >= policy.intent_confidence:
        return True
    if nlu.intent == Intent.BOT_CHALLENGE and nlu.confidence >= policy.intent_confidence:
        # "are you a real person?" asks about the bot, not for a person; the answer offers one.
        return False
    folded = _fold(nlu.text)
    return len(folded.split()) <= _MAX_WORDS_FOR_KEYWORD and bool(_HUMAN_RE.search(folded))


def should_escalate(
    nlu: NLUResult, *, fallback_count: int, policy: EscalationPolicy
) -> Escalation | None:
    if asks_for_human(nlu, policy):
        return Escalation(reason="customer_request", priority="high")
    if fallback_count >= policy.max_fallbacks:
        return Escalation(reason="repeated_fallback", priority="low")
    return None


# -- the full policy ---------------------------------------------------------------------------

# Written folded (lower case, no accents). Phrases rather than bare words where a word has an
# everyday shop meaning: Portuguese "processar" also processes an order, German "Anzeige" is also
# an advert, Portuguese and Italian "estorno"/"storno" are ordinary refunds.
_LEGAL_WORDS = [
    # en
    "lawyer",
    "lawyers",
    "attorney",
    "solicitor",
    "lawsuit",
    "sue you",
    "sue u",
    "sue your",
    "sue the",
    "sue this",
    "will sue",
    "going to sue",
    "gonna sue",
    "suing you",
    "see you in court",
    "to court",
    "legal action",
    "take you to court",
    "small claims",
    "chargeback",
    "charge back",
    "police",
    "trading standards",
    "consumer protection",
    "ombudsman",
    "report you",
    # es
    "abogado",
    "abogada",
    "abogados",
    "demanda judicial",
    "demandar",
    "demandare",
    "denuncia",
    "denunciar",
    "denunciare",
    "tribunal",
    "tribunales",
    "juzgado",
    "policia",
    "contracargo",
    "omic",
    "accion legal",
    "acciones legales",
    # fr
    "avocat",
    "avocate",
    "porter plainte",
    "deposer plainte",
    "en justice",
    "tribunal",
    "poursuivre en justice",
    "poursuites",
    "gendarmerie",
    "repression des fraudes",
    "dgccrf",
    "action en justice",
    "mise en demeure",
    # de
    "anwalt",
    "anwaltin",
    "rechtsanwalt",
    "rechtsanwaltin",
    "anwalts",
    "klage",
    "verklagen",
    "vor gericht",
    "verklage",
    "polizei",
    "anzeige erstatten",
    "strafanzeige",
    "verbraucherzentrale",
    "rechtliche schritte",
    "ruckbuchung",
    "mahnverfahren",
    # pt
    "advogado",
    "advogada",
    "processo judicial",
    "processar voces",
    "vou processar",
    "tribunal",
    "policia",
    "procon",
    "na justica",
    "reclame aqui",
    "acao judicial",
    # it
    "avvocato",
    "avvocata",
    "denuncia",
    "denunciare",
    "denuncero",
    "tribunale",
    "polizia",
    "carabinieri",
    "causa legale",
    "vie legali",
    "azione legale",
    "giudice",
]
_FRAUD_WORDS = [
    "fraud",
    "fraudulent",
    "scam",
    "scammed",
    "scammer",
    "identity theft",
    "unauthorized charge",
    "unauthorised charge",
    "hacked",
    "fraude",
    "estafa",
    "estafado",
    "estafadores",
    "cargo no autorizado",
    "hackeado",
    "fraude",
    "escroquerie",
    "arnaque",
    "arnaque",
    "escroc",
    "escrocs",
    "betrug",
    "betruger",
    "abzocke",
    "gehackt",
    "unautorisierte abbuchung",
    "fraude",
    "golpista",
    "golpistas",
    "clonado",
    "hackeado",
    "frode",
    "truffa",
    "truffatori",
    "truffato",
    "hackerato",
    "addebito non autorizzato",
]
_SAFETY_WORDS = [
    "caught fire",
    "on fire",
    "exploded",
    "explode",
    "electric shock",
    "injured",
    "injury",
    "burned me",
    "burnt me",
    "poisoned",
    "choking",
    "hospital",
    "kill myself",
    "suicide",
    "incendio",
    "exploto",
    "descarga electrica",
    "herido",
    "herida",
    "hospital",
    "intoxicado",
    "incendie",
    "a explose",
    "pris feu",
    "electrocute",
    "blesse",
    "blessee",
    "hopital",
    "explodiert",
    "stromschlag",
    "verletzt",
    "verletzung",
    "krankenhaus",
    "vergiftet",
    "incendio",
    "pegou fogo",
    "explodiu",
    "choque eletrico",
    "ferido",
    "ferida",
    "hospital",
    "incendio",
    "esploso",
    "scossa elettrica",
    "ferito",
    "ferita",
    "ospedale",
    "preso fuoco",
]
_THEFT_WORDS = [
    "stolen",
    "stole",
    "theft",
    "robado",
    "robaron",
    "robo",
    "vole",
    "volee",
    "gestohlen",
    "diebstahl",
    "geklaut",
    "roubado",
    "roubada",
    "roubaram",
    "roubo",
    "furto",
    "rubato",
    "rubata",
    "rubarono",
]
# Next to a theft word these make it fraud: a stolen card or account, not a stolen parcel.
_PAYMENT_WORDS = [
    "card",
    "credit card",
    "account",
    "password",
    "payment",
    "paypal",
    "charged",
    "charge",
    "tarjeta",
    "cuenta",
    "contrasena",
    "pago",
    "cobro",
    "carte",
    "compte",
    "mot de passe",
    "paiement",
    "karte",
    "kreditkarte",
    "konto",
    "passwort",
    "zahlung",
    "abbuchung",
    "cartao",
    "conta",
    "senha",
    "pagamento",
    "cobranca",
    "carta",
    "conto",
    "pagamento",
    "addebito",
]


def _words_re(words: list[str]) -> re.Pattern[str]:
    alternatives = sorted(set(words), key=len, reverse=True)
    return re.compile(r"(?<![\w])(" + "|".join(re.escape(w) for w in alternatives) + r")(?![\w])")


_LEGAL_RE = _words_re(_LEGAL_WORDS)
_FRAUD_RE = _words_re(_FRAUD_WORDS)
_SAFETY_RE = _words_re(_SAFETY_WORDS)
_THEFT_RE = _words_re(_THEFT_WORDS)
_PAYMENT_RE = _words_re(_PAYMENT_WORDS)

Action = Literal["none", "offer", "transfer"]
_SOCIAL = frozenset({Intent.GREET, Intent.GOODBYE, Intent.THANK_YOU, Intent.AFFIRM, Intent.DENY})


class Reason:
    """Reason codes (stored with the conversation and shown in the agents' queue)."""

    SAFETY = "safety"
    LEGAL = "legal_threat"
    FRAUD = "fraud"
    ANGER = "anger"
    REQUEST = "customer_request"
    THEFT = "theft_report"
    NEGATIVE = "negative_sentiment"
    TREND = "sentiment_trend"
    REPEATED_QUESTION = "repeated_question"
    REPEATED_FALLBACK = "repeated_fallback"
    LOW_CONFIDENCE = "low_confidence"
    LONG = "long_conversation"


# Base priority per reason: the queue serves higher numbers first.
PRIORITY: dict[str, int] = {
    Reason.SAFETY: 95,
    Reason.LEGAL: 90,
    Reason.FRAUD: 85,
    Reason.ANGER: 80,
    Reason.REQUEST: 60,
    Reason.NEGATIVE: 45,
    Reason.THEFT: 40,
    Reason.TREND: 40,
    Reason.REPEATED_QUESTION: 35,
    Reason.REPEATED_FALLBACK: 30,
    Reason.LOW_CONFIDENCE: 25,
    Reason.LONG: 20,
}


@dataclass(frozen=True)
class Decision:
    action: Action
    priority: int = 0
    reason: str | None = None

    @property
    def transfer(self) -> bool:
        return self.action == "transfer"


NO_ESCALATION = Decision("none")


@dataclass(frozen=True)
class CustomerFacts:
    vip: bool = False


@dataclass(frozen=True)
class History:
    """What the policy remembers of a conversation: its earlier customer messages, in short.

    Stored as JSON with the conversation (:meth:`to_json`); :func:`observe` adds a message.
    """

    sentiments: tuple[float, ...] = ()  # earlier customer messages, oldest first (a few)
    texts: tuple[str, ...] = ()  # their folded texts, for "the same question again"
    low_confidence_streak: int = 0
    turns: int = 0
    offered: frozenset[str] = field(default_factory=frozenset)

    KEEP = 6

    def to_json(self) -> dict[str, Any]:
        return {
            "sentiments": [round(s, 3) for s in self.sentiments],
            "texts": list(self.texts),
            "low_confidence_streak": self.low_confidence_streak,
            "turns": self.turns,
            "offered": sorted(self.offered),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> History:
        data = data or {}
        try:
            return cls(
                sentiments=tuple(float(s) for s in data.get("sentiments", ())),
                texts=tuple(str(t) for t in data.get("texts", ())),
                low_confidence_streak=int(data.get("low_confidence_streak", 0)),
                turns=int(data.get("turns", 0)),
                offered=frozenset(str(r) for r in data.get("offered", ())),
            )
        except (TypeError, ValueError):
            return cls()  # unreadable bookkeeping is forgotten, never a failed turn


def _is_low_confidence(nlu: NLUResult, policy: EscalationPolicy, expecting_answer: bool) -> bool:
    # An answer to the bot's question ("HX4417", "yes") is not a misunderstanding, whatever the
    # classifier thinks of it; nor is a message that carries an order number or an email.
    return not expecting_answer and not nlu.entities and nlu.confidence < policy.low_confidence


def observe(
    history: History, nlu: NLUResult, policy: EscalationPolicy, *, expecting_answer: bool = False
) -> History:
    """``history`` with this message added (after :func:`decide` has seen it)."""
    low = _is_low_confidence(nlu, policy, expecting_answer)
    keep = History.KEEP
    return replace(
        history,
        sentiments=(*history.sentiments, nlu.sentiment)[-keep:],
        texts=(*history.texts, _question_key(nlu.text))[-keep:],
        low_confidence_streak=history.low_confidence_streak + 1 if low else 0,
        turns=history.turns + 1,
    )


def offered(history: History, reason: str) -> History:
    """``history`` remembering that a person was offered for ``reason``."""
    return replace(history, offered=history.offered | {reason})


def _question_key(text: str) -> str:
    return " ".join(re.findall(r"\w+", _fold(text)))


def keyword_reason(text: str) -> str | None:
    """The safety / legal / fraud / theft reason named by the words of ``text``, if any."""
    folded = _question_key(text)
    if _SAFETY_RE.search(folded):
        return Reason.SAFETY
    if _LEGAL_RE.search(folded):
        return Reason.LEGAL
    if _FRAUD_RE.search(folded):
        return Reason.FRAUD
    if _THEFT_RE.search(folded):
        return Reason.FRAUD if _PAYMENT_RE.search(folded) else Reason.THEFT
    return None


def _falling(sentiments: tuple[float, ...], window: int, level: float) -> bool:
    recent = sentiments[-window:]
    if len(recent) < window:
        return False
    going_down = all(b < a for a, b in itertools.pairwise(recent))
    return going_down and sum(recent) / len(recent) <= level


def decide(
    nlu: NLUResult,
    history: History,
    customer: CustomerFacts,
    policy: EscalationPolicy,
    *,
    fallback_count: int = 0,
    expecting_answer: bool = False,
) -> Decision:
    """Whether this message should bring a person in. See the module docstring for the rules.

    ``history`` is the conversation before this message; ``fallback_count`` the dialogue's count
    of messages in a row it did not understand.
    """
    margin = policy.vip_margin if customer.vip else 0.0
    transfers: list[str] = []
    offers: list[str] = []
    words = keyword_reason(nlu.text) if policy.keywords else None
    if words == Reason.THEFT:
        offers.append(words)
    elif words is not None:
        transfers.append(words)
    sentiment = nlu.sentiment
    if sentiment <= policy.anger + margin:
        transfers.append(Reason.ANGER)
    if asks_for_human(nlu, policy):
        transfers.append(Reason.REQUEST)
    sentiment_offers = []
    # "bye" and "thanks" are read as cool by the sentiment model now and then; they end a topic
    # and are no reason to offer a person (anger still is).
    social = nlu.intent in _SOCIAL and nlu.confidence >= policy.intent_confidence
    if sentiment <= policy.negative + margin and not social:
        sentiment_offers.append(Reason.NEGATIVE)
    trend = policy.trend + margin
    if not social and _falling((*history.sentiments, sentiment), policy.trend_window, trend):
        sentiment_offers.append(Reason.TREND)
    # A VIP who is unhappy goes straight to a person.
    (transfers if customer.vip else offers).extend(sentiment_offers)
    key = _question_key(nlu.text)
    if len(key.split()) >= 2 and history.texts.count(key) + 1 >= policy.max_repeats:
        offers.append(Reason.REPEATED_QUESTION)
    if fallback_count >= policy.max_fallbacks:
        offers.append(Reason.REPEATED_FALLBACK)
    low = _is_low_confidence(nlu, policy, expecting_answer)
    if low and history.low_confidence_streak + 1 >= policy.max_low_confidence:
        offers.append(Reason.LOW_CONFIDENCE)
    if history.turns + 1 >= policy.long_conversation_turns:
        offers.append(Reason.LONG)

    bonus = policy.vip_bonus if customer.vip else 0
    if transfers:
        reason = max(transfers, key=PRIORITY.__getitem__)
        return Decision("transfer", min(100, PRIORITY[reason] + bonus), reason)
    fresh = [r for r in offers if r not in history.offered]
    if fresh:
        reason = max(fresh, key=PRIORITY.__getitem__)
        return Decision("offer", min(100, PRIORITY[reason] + bonus), reason)
    return NO_ESCALATION
