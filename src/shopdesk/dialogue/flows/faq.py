"""faq: answers from the shop's knowledge base, quoting the passage and naming its article.

It has no intent of its own: the engine asks it (:func:`answer`) about a message no flow took
(out of scope, or no intent likely enough) before the usual out-of-scope reply, which stays,
with a person on offer, when no article answers well.

Policy questions (refunds, shipping, payments) keep their flows' answers from the shop's policy
file, with no article added: that file is the validated source of those facts, and articles
drift from it (an article written last year quotes last year's shipping prices; the policy is
checked at start). Confident topics without a flow (placing an order, product advice) keep
their offer of a person too: "I'd like to place an order" is closest to the article on changing
an order (0.32-0.41, above the threshold) without being answered by it.

The lead sentence is in the shopper's language; the passage is quoted as written, from the
article's version in the shopper's language when there is one, else in the language it has.
"""

from __future__ import annotations

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


def wants(nlu: NLUResult) -> bool:
    """Whether the message may be a question for the knowledge base."""
    if nlu.intent in _CHAT:
        return False
    return nlu.intent == Intent.OUT_OF_SCOPE or nlu.confidence < UNSURE


def _reply(hit: Hit, locale: str) -> Reply:
    article = hit.article
    foreign = article.locale != locale
    params: dict[str, object] = {
        "variant": "answer_foreign" if foreign else "answer",
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
    if ctx.knowledge is None or not nlu.text.strip():
        return None
    hit = ctx.knowledge.answer(nlu.text, locale=state.locale)
    if hit is None:
        return None
    done = state.model_copy(
        update={"flow": None, "awaiting": None, "last_intent": NAME, "fallback_count": 0}
    )
    return TurnResult(done, [_reply(hit, state.locale), *_link(hit)], intent=NAME)


async def _run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    # Never started by an intent (see the module docstring); here for the registry's sake.
    found = answer(state, nlu, ctx)
    return found or TurnResult(state, [Reply(key=ReplyKey.OUT_OF_SCOPE)])


FLOW = Flow(name=NAME, intents=frozenset(), run=_run)
