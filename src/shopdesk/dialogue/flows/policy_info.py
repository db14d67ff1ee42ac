"""check_refund_policy: the return window, who pays the return label, how long a refund takes
and where the money goes, all from the shop's policy."""

from __future__ import annotations

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey, Term
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState

NAME = "refund_policy"


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    returns, refunds, links = ctx.policy.returns, ctx.policy.refunds, ctx.policy.links
    done = state.model_copy(update={"flow": None, "awaiting": None})
    if returns.window_days == 0:
        # No returns: a faulty item is still the shop's to sort out, so a person is offered.
        offer = done.model_copy(update={"awaiting": HANDOFF_OFFER})
        return TurnResult(offer, [Reply(key=ReplyKey.REFUND_POLICY, params={"variant": "none"})])
    low, high = refunds.processing_days
    params: dict[str, object] = {
        "variant": "policy_portal" if links.returns_portal else "policy",
        "days": returns.window_days,
        "label": Term(group="return_label", code="free" if returns.free_label else "paid"),
        "refund_to": Term(group="refund_to", code=refunds.to),
        "low": low,
        "high": high,
    }
    if links.returns_portal:
        params["url"] = links.returns_portal
    return TurnResult(done, [Reply(key=ReplyKey.REFUND_POLICY, params=params)])


FLOW = Flow(name=NAME, intents=frozenset({Intent.CHECK_REFUND_POLICY}), run=run)
