"""faq: answers from the shop's knowledge base, quoting the passage and naming its article.

Two ways in, both decided by the engine's fallbacks rather than by an intent of its own:

* a message no flow took (out of scope, or no intent likely enough) that the knowledge base
  answers well (:func:`answer`); otherwise the usual out-of-scope reply, a person on offer;
* a policy question a policy flow has just answered from the policy file: when a shop article
  matches it strongly, its passage follows as more detail (:func:`enrich`), e.g. "can I return
  a candle I lit?" gets the return window and the article's word on candles.

The lead sentence is in the shopper's language; the passage is quoted as written, from the
article's version in the shopper's language when there is one, else in the language it has.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Final

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey, Term
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.state import DialogueState
from shopdesk.knowledge import Hit

NAME = "faq"
# A classifier guess below this is no reason to keep a knowledge-base answer from the shopper.
UNSURE: Final = 0.5
# Messages about the conversation itself ("hi", "yes", "say again"): never a knowledge question,
# however unsure the classifier.
_CHAT: Final = frozenset(
    {
        Intent.GREET,
        Intent.THANK_YOU,
        Intent.GOODBYE,
        Intent.AFFIRM,
        Intent.DENY,
        Intent.UNSURE,
        Intent.NEVERMIND,
        Intent.REPEAT,
        Intent.CHANGE_LANGUAGE,
        Intent.BOT_CHALLENGE,
        Intent.CONTACT_HUMAN_AGENT,
    }
)
# Flows whose answer comes from the policy file and which an article may add detail to.
POLICY_FLOWS: Final = frozenset({"refund_policy", "shipping", "payments"})
# An article is added to a policy answer only on a strong match (measured on
# bench/data/faq_eval.yml: the own-language questions to their article score 0.4-0.6).
STRONG: Final = 0.45


def wants(nlu: NLUResult) -> bool:
    """Whether the message may be a question for the knowledge base."""
    if nlu.intent in _CHAT:
        return False
    return nlu.intent == Intent.OUT_OF_SCOPE or nlu.confidence < UNSURE


def _hit(nlu: NLUResult, ctx: TurnContext, locale: str, min_score: float | None) -> Hit | None:
    if ctx.knowledge is None or not nlu.text.strip():
        return None
    hit = ctx.knowledge.answer(nlu.text, locale=locale)
    if hit is None or (min_score is not None and hit.score < min_score):
        return None
    return hit


def _reply(hit: Hit, locale: str, lead: str) -> Reply:
    article = hit.article
    foreign = article.locale != locale
    params: dict[str, object] = {
        "variant": f"{lead}_foreign" if foreign else lead,
        "title": article.title,
        "passage": hit.passage.text,
    }
    if foreign:
        params["language"] = Term(group="article_language", code=article.locale)
    return Reply(key=ReplyKey.FAQ_ANSWER, params=params)


def _link(hit: Hit) -> list[Reply]:
    url = hit.article.url
    return [Reply(key=ReplyKey.FAQ_ANSWER, params={"variant": "link", "url": url})] if url else []


def answer(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult | None:
    """The knowledge base's answer to a message no flow took, or None when it has none."""
    if not wants(nlu):
        return None
    hit = _hit(nlu, ctx, state.locale, None)
    if hit is None:
        return None
    done = state.model_copy(
        update={"flow": None, "awaiting": None, "last_intent": NAME, "fallback_count": 0}
    )
    return TurnResult(done, [_reply(hit, state.locale, "answer"), *_link(hit)], intent=NAME)


def enrich(flow: str, result: TurnResult, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    """A policy flow's finished answer, followed by a strongly matching article's passage."""
    if flow not in POLICY_FLOWS or result.state.awaiting is not None:
        return result
    hit = _hit(nlu, ctx, result.state.locale, STRONG)
    if hit is None:
        return result
    return replace(result, replies=[*result.replies, _reply(hit, result.state.locale, "more")])


async def _run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    # Never started by an intent (see the module docstring); here for the registry's sake.
    found = answer(state, nlu, ctx)
    return found or TurnResult(state, [Reply(key=ReplyKey.OUT_OF_SCOPE)])


FLOW = Flow(name=NAME, intents=frozenset(), run=_run)
