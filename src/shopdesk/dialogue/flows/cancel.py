"""cancel_order and check_cancellation_fee: cancel while the shop's policy allows it.

The shopper gets the consequence (refund, fee) before anything happens, and the write happens
only after an explicit yes, against the order as it is at that moment: an order that shipped
in between is not cancelled. A shipped order gets the return path instead.
"""

from __future__ import annotations

from decimal import Decimal

from shopdesk.commerce.protocols import CommerceError, CommerceRejected
from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderView, order_number_key
from shopdesk.core.policy import ShopPolicy
from shopdesk.core.replies import Money, Reply, ReplyKey
from shopdesk.core.types import Intent, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import CONFIRM, DialogueState, PendingAction

NAME = "cancel_order"
_ON_ITS_WAY = frozenset({OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED})


def _reply(variant: str, order: OrderView, **params: object) -> Reply:
    return Reply(
        key=ReplyKey.CANCEL_ORDER,
        params={"variant": variant, "order_number": order.number, **params},
    )


def _paid(order: OrderView) -> Decimal:
    """What the shopper has paid and not had back."""
    if order.payment_status not in ("paid", "partially_refunded"):
        return Decimal("0")
    return max(order.total - order.refunded_total, Decimal("0"))


def _refusal(order: OrderView, policy: ShopPolicy) -> Reply | None:
    """Why this order cannot be cancelled now, or None when it can."""
    if order.status is OrderStatus.CANCELLED:
        return _reply("already_cancelled", order)
    if order.status in policy.cancellation.allowed_statuses:
        return None
    if order.status in _ON_ITS_WAY:
        return _reply("on_its_way", order, status=order.status, days=policy.returns.window_days)
    return _reply("not_possible", order, status=order.status)


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    found = await need_order(state, ctx, NAME)
    if isinstance(found, TurnResult):
        return found
    state, order = found.state.model_copy(update={"flow": None}), found.order
    events = ("verified",) if found.newly else ()
    refusal = _refusal(order, ctx.policy)
    if refusal is not None:
        return TurnResult(state, [refusal], events=events)
    fee = ctx.policy.cancellation.fee.for_total(order.total)
    paid = _paid(order)
    money = {
        "refund": Money(amount=max(paid - fee, Decimal("0")), currency=order.currency),
        "fee": Money(amount=fee, currency=order.currency),
    }
    if nlu.intent == Intent.CHECK_CANCELLATION_FEE:
        variant = "fee" if fee else "no_fee"
        return TurnResult(state, [_reply(variant, order, **money)], events=events)
    if ctx.actions is None:
        return offer_person(state, events)
    variant = "confirm_refund" if paid else "confirm_unpaid"
    if fee and paid:
        variant = "confirm_fee"
    pending = PendingAction(kind=NAME, order_number=order_number_key(order.number))
    asking = state.model_copy(update={"awaiting": CONFIRM, "pending": pending})
    return TurnResult(asking, [_reply(variant, order, **money)], events=events)


async def confirm(state: DialogueState, pending: PendingAction, ctx: TurnContext) -> TurnResult:
    key = pending.order_number or ""
    order = await ctx.orders.get_order(key) if key in state.verified_orders else None
    if order is None or ctx.actions is None:
        return offer_person(state)
    refusal = _refusal(order, ctx.policy)
    if refusal is not None:  # it changed since we asked (say, it shipped)
        return TurnResult(state, [refusal])
    try:
        cancelled = await ctx.actions.cancel_order(
            key, reason="requested by the customer in chat", idempotency_key=ctx.action_key
        )
    except CommerceRejected:
        fresh = await ctx.orders.get_order(key)
        refusal = _refusal(fresh, ctx.policy) if fresh is not None else None
        return TurnResult(state, [refusal]) if refusal is not None else offer_person(state)
    except CommerceError:
        return offer_person(state)
    refund = _paid(order) - _paid(cancelled)
    low, high = ctx.policy.refunds.processing_days
    variant = "done_refund" if refund > 0 else "done"
    params = {"refund": Money(amount=refund, currency=order.currency), "low": low, "high": high}
    return TurnResult(state, [_reply(variant, cancelled, **params)], events=("order_cancelled",))


FLOW = Flow(
    name=NAME,
    intents=frozenset({Intent.CANCEL_ORDER, Intent.CHECK_CANCELLATION_FEE}),
    run=run,
    confirm=confirm,
)
