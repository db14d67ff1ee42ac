"""return_item, get_refund and track_refund: send items back, and where the money is.

A return is opened for a delivered order only, for the items the policy lets come back: inside
the return window (``policy.returns.window_days`` from delivery, measured against ``ctx.now``)
and not tagged non-returnable. The shopper may name the items; otherwise every returnable item
is proposed. We ask once why, read the return back, and open it only after an explicit yes,
against the order as it is then. A refund question is answered from the order's refunds, or
turned into the step that leads to one: a return once delivered, a cancellation before shipping.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from rapidfuzz import fuzz

from shopdesk.commerce.protocols import CommerceError, CommerceRejected
from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderItemView, OrderView, RefundView, order_number_key
from shopdesk.core.policy import ShopPolicy
from shopdesk.core.replies import Money, Reply, ReplyKey
from shopdesk.core.types import Intent, OrderStatus, RefundStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, flows, offer_person
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState, PendingAction

RETURN = "return_item"
GET_REFUND = "get_refund"
TRACK_REFUND = "track_refund"
REASON = "return_reason"  # state.awaiting while we wait for why the items go back
_MAX_REASON = 200
_ON_ITS_WAY = frozenset({OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY})
# pending.params["next"]: what a yes to our offer starts.
_START_RETURN = "start_return"
_START_CANCEL = "start_cancel"


def _reply(key: ReplyKey, variant: str, order: OrderView, **params: object) -> Reply:
    return Reply(key=key, params={"variant": variant, "order_number": order.number, **params})


def _money(amount: Decimal, order: OrderView) -> Money:
    return Money(amount=amount, currency=order.currency)


def _can_return(ctx: TurnContext) -> bool:
    """Writes are on and the connector can open returns (a platform connector may not yet)."""
    return ctx.actions is not None and callable(getattr(ctx.actions, "create_return", None))


# --- what may be returned ---------------------------------------------------------------------


def delivered_on(order: OrderView) -> datetime | None:
    """When the order was delivered: its last parcel's delivery (None: not delivered, or no date).

    Items are not linked to parcels in the views, so every item counts from this one date.
    """
    dates = [s.delivered_at for s in order.shipments if s.delivered_at is not None]
    return max(dates) if dates else None


def _is_delivered(order: OrderView) -> bool:
    return order.status is OrderStatus.DELIVERED or delivered_on(order) is not None


def _not_returnable(item: OrderItemView, policy: ShopPolicy) -> bool:
    banned = {t.casefold() for t in policy.returns.non_returnable_tags}
    return any(t.casefold() in banned for t in item.tags)


def _order_refusal(order: OrderView, policy: ShopPolicy) -> tuple[Reply, bool] | None:
    """Why nothing of this order can be returned, or None. The flag: offer a cancellation."""
    if order.status is OrderStatus.RETURNED:
        return _reply(ReplyKey.RETURN_ITEM, "already_returned", order), False
    if order.status is OrderStatus.REFUNDED:
        return _reply(ReplyKey.RETURN_ITEM, "already_refunded", order), False
    if order.status is OrderStatus.CANCELLED:
        return _reply(ReplyKey.RETURN_ITEM, "cancelled", order), False
    if _is_delivered(order):
        return None
    if order.status in policy.cancellation.allowed_statuses:
        return _reply(
            ReplyKey.RETURN_ITEM, "not_delivered_cancel", order, status=order.status
        ), True
    days = policy.returns.window_days
    variant = "not_delivered_track" if order.status in _ON_ITS_WAY else "not_delivered"
    return _reply(ReplyKey.RETURN_ITEM, variant, order, status=order.status, days=days), False


def _window_end(order: OrderView, policy: ShopPolicy) -> date | None:
    delivered = delivered_on(order)
    if delivered is None:
        return None
    return delivered.date() + timedelta(days=policy.returns.window_days)


def _words(text: str) -> list[str]:
    folded = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in folded if not unicodedata.combining(ch))
    return re.findall(r"[^\W_]+", plain)


def _mentions(text: str, item: OrderItemView) -> float:
    """How much of ``item``'s name the message names (0: none), typos forgiven."""
    said = _words(text)
    name = [w for w in _words(item.name) if len(w) >= 3 and not w.isdigit()]
    if not name or not said:
        return 0.0
    hits = 0
    for word in name:
        if len(word) < 5:
            hits += word in said
        else:
            hits += any(fuzz.ratio(word, w) >= 80 for w in said if len(w) >= 4)
    return hits / len(name)


def named_items(text: str, items: Sequence[OrderItemView]) -> list[OrderItemView]:
    """The items ``text`` names, best matches only ("linen shirt" beats "cotton shirt")."""
    scores = [(_mentions(text, item), item) for item in items]
    best = max((s for s, _ in scores), default=0.0)
    return [item for score, item in scores if best > 0 and score == best]


def _item_ref(item: OrderItemView) -> dict[str, Any]:
    return {"sku": item.sku, "name": item.name}


def _find(order: OrderView, refs: Sequence[dict[str, Any]]) -> list[OrderItemView]:
    keys = {(r.get("sku"), r.get("name")) for r in refs}
    return [i for i in order.items if (i.sku, i.name) in keys]


# --- return_item ------------------------------------------------------------------------------


async def run_return(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    waiting = state.flow == RETURN and state.awaiting == REASON
    earlier = state.pending if state.pending is not None and state.pending.kind == RETURN else None
    found = await need_order(state, ctx, RETURN)
    if isinstance(found, TurnResult):
        # Remember what the shopper said, to find the item names in once we have the order.
        said = " ".join(filter(None, [_said(earlier), nlu.text]))[-500:]
        keep = PendingAction(kind=RETURN, params={"said": said})
        return TurnResult(found.state.model_copy(update={"pending": keep}), found.replies)
    state, order = found.state.model_copy(update={"flow": None}), found.order
    events = ("verified",) if found.newly else ()
    key = order_number_key(order.number)
    if waiting and earlier is not None and earlier.order_number == key:
        return _propose(state, order, earlier, nlu.text, ctx)
    said = " ".join(filter(None, [_said(earlier), nlu.text]))
    return _start(state.model_copy(update={"pending": None}), order, said, ctx, events)


def _said(pending: PendingAction | None) -> str:
    if pending is None or pending.order_number is not None:
        return ""
    return str(pending.params.get("said") or "")


def _start(
    state: DialogueState, order: OrderView, said: str, ctx: TurnContext, events: tuple[str, ...]
) -> TurnResult:
    """Which items can go back; then ask why (or say why not)."""
    policy = ctx.policy
    refusal = _order_refusal(order, policy)
    if refusal is not None:
        reply, offer_cancel = refusal
        if offer_cancel and ctx.actions is not None:
            return _offer(state, order, RETURN, _START_CANCEL, reply, events)
        if offer_cancel:  # no writes here: say where it is, offer nothing we cannot do
            reply = _reply(ReplyKey.RETURN_ITEM, "not_delivered", order, status=order.status)
        return TurnResult(state, [reply], events=events)
    end = _window_end(order, policy)
    if end is None or ctx.now is None:
        return offer_person(state, events)  # no date to measure the window by: a person looks
    if ctx.now.date() > end:
        delivered = delivered_on(order)
        reply = _reply(
            ReplyKey.RETURN_ITEM,
            "window_passed",
            order,
            delivered=delivered,
            days=policy.returns.window_days,
            deadline=end,
        )
        return TurnResult(state, [reply], events=events)
    wanted = named_items(said, order.items) or list(order.items)
    eligible = [i for i in wanted if not _not_returnable(i, policy)]
    excluded = [i.name for i in wanted if _not_returnable(i, policy)]
    if not eligible:
        reply = _reply(ReplyKey.RETURN_ITEM, "not_returnable", order, items=excluded)
        return TurnResult(state, [reply], events=events)
    if not _can_return(ctx):
        return offer_person(state, events)
    names = [i.name for i in eligible]
    pending = PendingAction(
        kind=RETURN,
        order_number=order_number_key(order.number),
        params={"items": [_item_ref(i) for i in eligible]},
    )
    asking = state.model_copy(update={"flow": RETURN, "awaiting": REASON, "pending": pending})
    if excluded:
        reply = _reply(
            ReplyKey.RETURN_ITEM, "ask_reason_partial", order, items=names, excluded=excluded
        )
    else:
        reply = _reply(ReplyKey.RETURN_ITEM, "ask_reason", order, items=names)
    return TurnResult(asking, [reply], events=events)


def _propose(
    state: DialogueState, order: OrderView, earlier: PendingAction, text: str, ctx: TurnContext
) -> TurnResult:
    """The reason is in: read the return back and ask for a yes."""
    reason = " ".join(text.split())[:_MAX_REASON]
    refs = list(earlier.params.get("items") or [])
    items = _find(order, refs)
    checked = _recheck(order, items, ctx)
    if checked is not None:
        return TurnResult(state.model_copy(update={"pending": None}), [checked])
    pending = PendingAction(
        kind=RETURN,
        order_number=order_number_key(order.number),
        params={"items": refs, "reason": reason},
    )
    asking = state.model_copy(update={"awaiting": CONFIRM, "pending": pending})
    variant = "confirm_free" if ctx.policy.returns.free_label else "confirm_paid"
    names = [i.name for i in items]
    reply = _reply(ReplyKey.RETURN_ITEM, variant, order, items=names, reason=reason)
    return TurnResult(asking, [reply])


def _recheck(order: OrderView, items: Sequence[OrderItemView], ctx: TurnContext) -> Reply | None:
    """Why these items cannot be returned now (None: they can): the policy, again."""
    refusal = _order_refusal(order, ctx.policy)
    if refusal is not None:
        return refusal[0]
    end = _window_end(order, ctx.policy)
    if end is None or ctx.now is None:
        return Reply(key=ReplyKey.ACTION_UNAVAILABLE)
    if ctx.now.date() > end:
        days = ctx.policy.returns.window_days
        delivered = delivered_on(order)
        return _reply(
            ReplyKey.RETURN_ITEM,
            "window_passed",
            order,
            delivered=delivered,
            days=days,
            deadline=end,
        )
    if not items:
        return Reply(key=ReplyKey.ACTION_UNAVAILABLE)
    banned = [i.name for i in items if _not_returnable(i, ctx.policy)]
    if banned:
        return _reply(ReplyKey.RETURN_ITEM, "not_returnable", order, items=banned)
    return None


async def confirm_return(
    state: DialogueState, pending: PendingAction, ctx: TurnContext
) -> TurnResult:
    key = pending.order_number or ""
    order = await ctx.orders.get_order(key) if key in state.verified_orders else None
    if order is None:
        return offer_person(state)
    following = pending.params.get("next")
    if following == _START_RETURN:
        return _start(state, order, "", ctx, ())
    if following == _START_CANCEL:
        return await _run_cancel(state, ctx)
    if ctx.actions is None or not _can_return(ctx):
        return offer_person(state)
    items = _find(order, list(pending.params.get("items") or []))
    checked = _recheck(order, items, ctx)
    if checked is not None:  # it changed since we asked
        if checked.key is ReplyKey.ACTION_UNAVAILABLE:
            return offer_person(state)
        return TurnResult(state, [checked])
    reason = str(pending.params.get("reason") or "")
    try:
        opened = await ctx.actions.create_return(key, items, reason, idempotency_key=ctx.action_key)
    except CommerceRejected:
        fresh = await ctx.orders.get_order(key)
        refusal = _recheck(fresh, items, ctx) if fresh is not None else None
        if refusal is not None and refusal.key is not ReplyKey.ACTION_UNAVAILABLE:
            return TurnResult(state, [refusal])
        return offer_person(state)
    except CommerceError:
        return offer_person(state)
    low, high = ctx.policy.refunds.processing_days
    variant = "done_free" if ctx.policy.returns.free_label else "done_paid"
    reply = _reply(
        ReplyKey.RETURN_ITEM,
        variant,
        order,
        reference=opened.reference,
        items=[i.name for i in opened.items],
        label_url=opened.label_url or "",
        low=low,
        high=high,
    )
    return TurnResult(state, [reply], events=("return_created",))


def _offer(
    state: DialogueState,
    order: OrderView,
    kind: str,
    following: str,
    reply: Reply,
    events: tuple[str, ...],
) -> TurnResult:
    """Say ``reply`` (a question) and let a yes start ``following``."""
    pending = PendingAction(
        kind=kind, order_number=order_number_key(order.number), params={"next": following}
    )
    asking = state.model_copy(update={"awaiting": CONFIRM, "pending": pending})
    return TurnResult(asking, [reply], events=events)


async def _run_cancel(state: DialogueState, ctx: TurnContext) -> TurnResult:
    """A yes to "shall I cancel it instead?": the cancellation flow proposes it, with its terms."""
    cancel = flows().get(Intent.CANCEL_ORDER.value)
    if cancel is None:
        return offer_person(state)
    asked = NLUResult(
        text="", normalized="", language=None, intent=Intent.CANCEL_ORDER, confidence=1.0
    )
    return await cancel.run(state, asked, ctx)


# --- get_refund -------------------------------------------------------------------------------


async def run_get_refund(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    if _answers_reason(state):  # "I want my money back, it's broken": the reason we asked for
        return await run_return(state, nlu, ctx)
    found = await need_order(state, ctx, GET_REFUND)
    if isinstance(found, TurnResult):
        return found
    state, order = found.state.model_copy(update={"flow": None}), found.order
    events = ("verified",) if found.newly else ()
    policy = ctx.policy
    low, high = policy.refunds.processing_days
    if order.refunds:
        total = _money(order.refunded_total, order)
        variant = "cancelled_refund" if order.status is OrderStatus.CANCELLED else "already"
        head = _reply(ReplyKey.GET_REFUND, variant, order, amount=total)
        return TurnResult(state, [head, *_refund_lines(order, ctx)], events=events)
    if order.status is OrderStatus.CANCELLED:
        paid = order.payment_status in ("paid", "partially_refunded", "refunded")
        variant = "cancelled_pending" if paid else "cancelled_unpaid"
        reply = _reply(ReplyKey.GET_REFUND, variant, order, low=low, high=high)
        return TurnResult(state, [reply], events=events)
    if order.status is OrderStatus.RETURNED:
        reply = _reply(ReplyKey.GET_REFUND, "returned", order, low=low, high=high)
        return TurnResult(state, [reply], events=events)
    if order.status is OrderStatus.REFUNDED:
        return TurnResult(state, [_reply(ReplyKey.GET_REFUND, "refunded", order)], events=events)
    if _is_delivered(order):
        blocked = _return_blocked(order, ctx)
        if blocked is not None:
            return TurnResult(state, [blocked], events=events)
        if not _can_return(ctx):
            reply = _reply(ReplyKey.GET_REFUND, "delivered_info", order, low=low, high=high)
            return TurnResult(state, [reply], events=events)
        reply = _reply(ReplyKey.GET_REFUND, "delivered", order, low=low, high=high)
        return _offer(state, order, RETURN, _START_RETURN, reply, events)
    if order.payment_status not in ("paid", "partially_refunded"):
        reply = _reply(ReplyKey.GET_REFUND, "nothing_charged", order, status=order.status)
        return TurnResult(state, [reply], events=events)
    if order.status in policy.cancellation.allowed_statuses and ctx.actions is not None:
        reply = _reply(ReplyKey.GET_REFUND, "not_shipped", order, status=order.status)
        return _offer(state, order, RETURN, _START_CANCEL, reply, events)
    days = policy.returns.window_days
    reply = _reply(ReplyKey.GET_REFUND, "on_its_way", order, status=order.status, days=days)
    return TurnResult(state, [reply], events=events)


def _answers_reason(state: DialogueState) -> bool:
    return (
        state.flow == RETURN
        and state.awaiting == REASON
        and state.pending is not None
        and state.pending.kind == RETURN
    )


def _return_blocked(order: OrderView, ctx: TurnContext) -> Reply | None:
    """Why a delivered order cannot be returned at all now (window, nothing returnable)."""
    end = _window_end(order, ctx.policy)
    if end is not None and ctx.now is not None and ctx.now.date() > end:
        return _reply(
            ReplyKey.RETURN_ITEM,
            "window_passed",
            order,
            delivered=delivered_on(order),
            days=ctx.policy.returns.window_days,
            deadline=end,
        )
    if order.items and all(_not_returnable(i, ctx.policy) for i in order.items):
        names = [i.name for i in order.items]
        return _reply(ReplyKey.RETURN_ITEM, "not_returnable", order, items=names)
    return None


# --- track_refund -----------------------------------------------------------------------------


def add_business_days(start: date, days: int) -> date:
    """``days`` working days (Monday to Friday) after ``start``."""
    current = start
    while days > 0:
        current += timedelta(days=1)
        if current.weekday() < 5:
            days -= 1
    return current


def _refund_lines(order: OrderView, ctx: TurnContext) -> list[Reply]:
    return [_refund_line(order, refund, ctx) for refund in order.refunds]


def _refund_line(order: OrderView, refund: RefundView, ctx: TurnContext) -> Reply:
    amount = _money(refund.amount, order)
    if refund.created_at is None:
        return _reply(ReplyKey.TRACK_REFUND, "undated", order, amount=amount)
    low, high = ctx.policy.refunds.processing_days
    started = refund.created_at.date()
    earliest, latest = add_business_days(started, low), add_business_days(started, high)
    params: dict[str, object] = {
        "amount": amount,
        "date": started,
        "earliest": earliest,
        "latest": latest,
    }
    if refund.status == RefundStatus.PENDING:
        return _reply(ReplyKey.TRACK_REFUND, "pending", order, **params)
    if refund.status != RefundStatus.PROCESSED:
        return _reply(ReplyKey.TRACK_REFUND, "other", order, **params)
    if ctx.now is not None and ctx.now.date() > latest:
        return _reply(ReplyKey.TRACK_REFUND, "processed_late", order, **params)
    return _reply(ReplyKey.TRACK_REFUND, "processed", order, **params)


async def run_track_refund(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    if _answers_reason(state):
        return await run_return(state, nlu, ctx)
    found = await need_order(state, ctx, TRACK_REFUND)
    if isinstance(found, TurnResult):
        return found
    state, order = found.state.model_copy(update={"flow": None}), found.order
    events = ("verified",) if found.newly else ()
    if order.refunds:
        lines = _refund_lines(order, ctx)
        if any(r.params.get("variant") == "processed_late" for r in lines):
            # Late money is for a person to chase with the payment provider.
            state = state.model_copy(update={"awaiting": HANDOFF_OFFER})
        return TurnResult(state, lines, events=events)
    low, high = ctx.policy.refunds.processing_days
    if order.status is OrderStatus.RETURNED:
        variant = "none_returned"
    elif order.status is OrderStatus.CANCELLED:
        variant = "none_cancelled"
        state = state.model_copy(update={"awaiting": HANDOFF_OFFER})
    elif _is_delivered(order):
        variant = "none_delivered"
    else:
        variant = "none"
    reply = _reply(ReplyKey.TRACK_REFUND, variant, order, status=order.status, low=low, high=high)
    return TurnResult(state, [reply], events=events)


RETURN_FLOW = Flow(
    name=RETURN, intents=frozenset({Intent.RETURN_ITEM}), run=run_return, confirm=confirm_return
)
GET_REFUND_FLOW = Flow(name=GET_REFUND, intents=frozenset({Intent.GET_REFUND}), run=run_get_refund)
TRACK_REFUND_FLOW = Flow(
    name=TRACK_REFUND, intents=frozenset({Intent.TRACK_REFUND}), run=run_track_refund
)
FLOWS = (RETURN_FLOW, GET_REFUND_FLOW, TRACK_REFUND_FLOW)
