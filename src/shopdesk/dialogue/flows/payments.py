"""check_payment_methods and payment_issue: what the shop accepts, and why a payment failed.

The accepted methods come from the policy. A payment problem is answered for the shopper's
order when they name one or have verified one (through the gate, as always); without an order,
with the usual causes and an offer to check one.
"""

from __future__ import annotations

from dataclasses import replace

from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderView
from shopdesk.core.policy import ShopPolicy
from shopdesk.core.replies import Reply, ReplyKey, Term
from shopdesk.core.types import Intent, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState

NAME = "payments"
_REFUNDED = frozenset({"refunded", "partially_refunded"})


def methods(policy: ShopPolicy) -> list[Term]:
    """The accepted methods as words to translate ("bank_transfer" -> "bank transfer")."""
    if not policy.payment.methods:  # none listed: point at the checkout rather than say nothing
        return [Term(group="payment_methods", code="checkout_list")]
    return [Term(group="payment_methods", code=m) for m in policy.payment.methods]


def _reply(variant: str, **params: object) -> Reply:
    return Reply(key=ReplyKey.PAYMENT_HELP, params={"variant": variant, **params})


def _failed(order: OrderView) -> bool:
    return order.status is OrderStatus.PAYMENT_FAILED or order.payment_status == "failed"


def order_answer(order: OrderView, policy: ShopPolicy) -> tuple[Reply, bool]:
    """What happened to this order's payment; True when the reply offers a person."""
    number = order.number
    if _failed(order):
        reason, link = order.payment_failure_reason, policy.links.retry_payment
        variant = "failed" + ("_reason" if reason else "") + ("_link" if link else "")
        params = {"order_number": number, "methods": methods(policy)}
        if reason:
            params["reason"] = reason
        if link:
            params["url"] = link
        return _reply(variant, **params), link is None
    if order.payment_status in _REFUNDED:
        return _reply("refunded", order_number=number, status=order.status), False
    if order.payment_status == "pending" or (
        order.payment_status is None and order.status is OrderStatus.PENDING
    ):
        return _reply("pending", order_number=number), False
    return _reply("ok", order_number=number, status=order.status), False


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    resumed = state.flow == NAME
    if nlu.intent == Intent.CHECK_PAYMENT_METHODS:
        done = state.model_copy(update={"flow": None, "awaiting": None})
        return TurnResult(done, [_reply("methods", methods=methods(ctx.policy))])
    if resumed and nlu.intent == Intent.DENY and state.order_number is None:
        # "No thanks" to our offer to check an order.
        done = state.model_copy(update={"flow": None, "awaiting": None})
        return TurnResult(done, [Reply(key=ReplyKey.ANYTHING_ELSE)], intent=nlu.intent)
    named = nlu.first("order_number") is not None
    verified = state.order_number is not None and state.order_number in state.verified_orders
    if not (resumed or named or verified):
        # No order in sight: the usual causes, and an offer to check one (the answer, an order
        # number and email, comes back here).
        asking = state.model_copy(update={"flow": NAME, "awaiting": "order_and_email"})
        reply = _reply("general", methods=methods(ctx.policy))
        return TurnResult(asking, [reply], intent=Intent.PAYMENT_ISSUE)
    found = await need_order(state, ctx, NAME)
    if isinstance(found, TurnResult):
        # Asking for the order or the proof: still the payment question being served.
        return replace(found, intent=Intent.PAYMENT_ISSUE)
    reply, offers_person = order_answer(found.order, ctx.policy)
    done = found.state.model_copy(
        update={"flow": None, "awaiting": HANDOFF_OFFER if offers_person else None}
    )
    events = ("verified",) if found.newly else ()
    return TurnResult(done, [reply], events=events, intent=Intent.PAYMENT_ISSUE)


FLOW = Flow(
    name=NAME,
    intents=frozenset({Intent.CHECK_PAYMENT_METHODS, Intent.PAYMENT_ISSUE}),
    run=run,
)
