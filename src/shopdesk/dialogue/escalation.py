"""When the bot should hand the conversation to a person. Pure, configurable, unit-tested.

Today: an explicit request (by intent, or by a phrase list in six languages that catches short
requests like "agent" or "humano" even when the classifier is unsure), and the bot failing to
understand several times in a row. Sentiment, legal words and VIP rules join here later.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

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
