"""complaint and review: kept as feedback for the shop, tied to the verified order if any.

A message that already says what went wrong (or right) is recorded as it is; a bare "I want to
complain" gets one question first. A complaint is always answered with an offer of a person:
the shop's team, not the bot, resolves complaints.
"""

from __future__ import annotations

from shopdesk.commerce.protocols import CommerceError
from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState

NAME = "feedback"
# state.awaiting after we asked what they want to tell us: "feedback_text:<kind>".
TELL_US = "feedback_text:"
# Fewer words than this is a request to give feedback, not the feedback itself.
_SAYS_SOMETHING = 8


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    awaiting = state.awaiting or ""
    answering = state.flow == NAME and awaiting.startswith(TELL_US)
    asked_for = awaiting.removeprefix(TELL_US) if answering else nlu.intent
    kind = "review" if asked_for == Intent.REVIEW else "complaint"
    if not answering and len(nlu.text.split()) < _SAYS_SOMETHING:
        asking = state.model_copy(update={"flow": NAME, "awaiting": TELL_US + kind})
        return TurnResult(asking, [_reply(f"ask_{kind}")], intent=kind)
    done = state.model_copy(update={"flow": None, "awaiting": None, "last_intent": kind})
    if ctx.records is None:
        return TurnResult(done, [Reply(key=ReplyKey.ACTION_UNAVAILABLE)], intent=kind)
    order = state.order_number if state.order_number in state.verified_orders else None
    try:
        await ctx.records.record_feedback(
            kind,
            nlu.text.strip()[:4000],
            email=state.email if order else None,
            order_number=order,
            rating=None,
            idempotency_key=ctx.action_key,
        )
    except CommerceError:
        return TurnResult(done, [Reply(key=ReplyKey.ACTION_UNAVAILABLE)], intent=kind)
    if kind == "complaint":
        offer = done.model_copy(update={"awaiting": HANDOFF_OFFER})
        return TurnResult(offer, [_reply("complaint_kept")], events=("feedback",), intent=kind)
    return TurnResult(done, [_reply("review_kept")], events=("feedback",), intent=kind)


def _reply(variant: str) -> Reply:
    return Reply(key=ReplyKey.FEEDBACK, params={"variant": variant})


FLOW = Flow(name=NAME, intents=frozenset({Intent.COMPLAINT, Intent.REVIEW}), run=run)
