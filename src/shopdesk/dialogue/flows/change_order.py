"""change_order: fewer of an item, or an item removed, before the order is packed.

What the bot does itself is what ``policy.order_changes`` allows: lowering a quantity or removing
an item while the order's status allows changes, with the difference refunded at the price on the
order. Adding items, swapping a size or colour, or anything the policy does not allow goes to a
person, with the order and the shopper's request as the handoff reason. We find the item among
the order's own lines (by name, typos forgiven; a list to pick from when unclear), ask how many
if the message does not say, read the change back, and write only after an explicit yes, against
the order as it is then.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from shopdesk.commerce.protocols import CommerceError, CommerceRejected, CommerceUnsupported
from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import OrderItemView, OrderView, order_number_key
from shopdesk.core.replies import Money, Reply, ReplyKey
from shopdesk.core.types import Intent, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.flows.change_order_words import choice_in, kind_of, quantity_in, words
from shopdesk.dialogue.flows.returns import named_items
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState, PendingAction

NAME = "change_order"
ITEM = "change_item"  # state.awaiting: which item
QUANTITY = "change_quantity"  # state.awaiting: how many to keep
_ON_ITS_WAY = frozenset({OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED})
_DONE_WITH = frozenset({OrderStatus.RETURNED, OrderStatus.REFUNDED})
_MAX_SAID = 300
# Entities whose digits are never a quantity (a product entity is kept: it names the item).
_NOT_QUANTITIES = frozenset({"order_number", "email", "postal_code", "phone"})
_REASON_LENGTH = 64  # conversations.handoff_reason


def _reply(variant: str, order: OrderView, **params: object) -> Reply:
    return Reply(
        key=ReplyKey.CHANGE_ORDER,
        params={"variant": variant, "order_number": order.number, **params},
    )


def _paid(order: OrderView) -> bool:
    return order.payment_status in ("paid", "partially_refunded")


def _to_person(
    state: DialogueState, reply: Reply, order: OrderView, said: str, events: tuple[str, ...]
) -> TurnResult:
    """Say ``reply`` (it ends with "shall I connect you?"); a yes hands over with the context."""
    request = " ".join(said.split())
    context = f"change_order {order_number_key(order.number)}: {request}"[:_REASON_LENGTH]
    update = {"flow": None, "awaiting": HANDOFF_OFFER, "pending": None, "handoff_context": context}
    return TurnResult(state.model_copy(update=update), [reply], events=events)


def _refusal(order: OrderView, ctx: TurnContext) -> tuple[Reply, bool] | None:
    """Why this order's items cannot change now (None: they can). The flag: offer a person."""
    policy = ctx.policy
    if order.status is OrderStatus.CANCELLED:
        return _reply("already_cancelled", order), False
    if order.status in _ON_ITS_WAY or order.status in _DONE_WITH:
        days = policy.returns.window_days
        return _reply("on_its_way", order, status=order.status, days=days), False
    if order.status not in policy.order_changes.allowed_statuses:
        return _reply("not_possible", order, status=order.status), True
    return None


def _said(pending: PendingAction | None) -> str:
    if pending is None or pending.kind != NAME:
        return ""
    return str(pending.params.get("said") or "")


def _without_entities(nlu: NLUResult) -> str:
    """The message with its order numbers, emails and postal codes blanked: not quantities."""
    text = nlu.text
    lookups = [e for e in nlu.entities if e.type in _NOT_QUANTITIES]
    for entity in sorted(lookups, key=lambda e: -e.start):
        text = text[: entity.start] + " " * (entity.end - entity.start) + text[entity.end :]
    return text


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    earlier = state.pending if state.pending is not None and state.pending.kind == NAME else None
    answering = state.awaiting if state.flow == NAME else None
    found = await need_order(state, ctx, NAME)
    if isinstance(found, TurnResult):
        # Keep what the shopper asked for until the order is verified.
        said = " ".join(filter(None, [_said(earlier), _without_entities(nlu)]))[-_MAX_SAID:]
        keep = PendingAction(kind=NAME, params={"said": said})
        return TurnResult(found.state.model_copy(update={"pending": keep}), found.replies)
    order = found.order
    state = found.state.model_copy(update={"flow": None, "pending": None})
    events = ("verified",) if found.newly else ()
    params: dict[str, Any] = dict(earlier.params) if earlier is not None else {}
    if earlier is not None and earlier.order_number not in (None, order_number_key(order.number)):
        params, answering = {}, None  # another order now: start over
    text = _without_entities(nlu)
    if answering not in (ITEM, QUANTITY):
        params["said"] = " ".join(filter(None, [str(params.get("said") or ""), text]))
    return _serve(state, order, params, text, answering, ctx, events)


def _serve(
    state: DialogueState,
    order: OrderView,
    params: dict[str, Any],
    text: str,
    answering: str | None,
    ctx: TurnContext,
    events: tuple[str, ...],
) -> TurnResult:
    said = str(params.get("said") or "")[-_MAX_SAID:]
    refusal = _refusal(order, ctx)
    if refusal is not None:
        reply, person = refusal
        if person:
            return _to_person(state, reply, order, said, events)
        return TurnResult(state, [reply], events=events)
    kind = kind_of(said)
    if kind in ("add", "swap"):
        return _to_person(state, _reply("to_person", order), order, said, events)
    if not ctx.policy.order_changes.allow_decrease or ctx.actions is None:
        return _to_person(state, _reply("not_allowed", order), order, said, events)

    item = _item(order, params, text if answering == ITEM else said)
    if item is None:
        names = [f"{i.name} ({i.quantity})" for i in order.items]
        return _ask(state, order, ITEM, params, _reply("ask_item", order, items=names), events)
    params |= {"sku": item.sku, "name": item.name}

    wanted = _wanted(item, kind, params, text, answering)
    if wanted is None:
        ask = _reply("ask_quantity", order, item=item.name, quantity=item.quantity)
        return _ask(state, order, QUANTITY, params, ask, events)
    if wanted > item.quantity:
        return _to_person(state, _reply("to_person", order), order, said, events)
    if wanted == item.quantity:
        same = _reply("same", order, item=item.name, quantity=item.quantity)
        return TurnResult(state, [same], events=events)
    if wanted == 0 and all(i == item or i.quantity == 0 for i in order.items):
        return TurnResult(state, [_reply("last_item", order, item=item.name)], events=events)
    if item.unit_price is None:
        return offer_person(state, events)
    pending = PendingAction(
        kind=NAME,
        order_number=order_number_key(order.number),
        params={"sku": item.sku, "name": item.name, "from": item.quantity, "to": wanted},
    )
    asking = state.model_copy(update={"awaiting": CONFIRM, "pending": pending})
    return TurnResult(asking, [_proposal(order, item, wanted)], events=events)


def _ask(
    state: DialogueState,
    order: OrderView,
    awaiting: str,
    params: dict[str, Any],
    reply: Reply,
    events: tuple[str, ...],
) -> TurnResult:
    pending = PendingAction(kind=NAME, order_number=order_number_key(order.number), params=params)
    asking = state.model_copy(update={"flow": NAME, "awaiting": awaiting, "pending": pending})
    return TurnResult(asking, [reply], events=events)


def _item(order: OrderView, params: dict[str, Any], text: str) -> OrderItemView | None:
    """The order line the shopper means: already chosen, the only one, named, or picked."""
    chosen = _line(order, params.get("sku"), params.get("name"))
    if chosen is not None:
        return chosen
    if len(order.items) == 1:
        return order.items[0]
    picked = choice_in(text, len(order.items))
    if picked is not None:
        return order.items[picked]
    named = named_items(_with_singulars(text), order.items)
    return named[0] if len(named) == 1 else None


def _with_singulars(text: str) -> str:
    """``text`` and its plural-looking words without the "s": "2 mugs" also names "Mug"."""
    extra = [w[:-1] for w in words(text) if len(w) > 3 and w.endswith("s")]
    return " ".join([text, *extra])


def _line(order: OrderView, sku: object, name: object) -> OrderItemView | None:
    if sku is None and name is None:
        return None
    return next((i for i in order.items if (i.sku, i.name) == (sku, name)), None)


def _wanted(
    item: OrderItemView, kind: str | None, params: dict[str, Any], text: str, answering: str | None
) -> int | None:
    """How many of ``item`` the shopper wants to keep, or None when they have not said."""
    if answering == QUANTITY:
        return quantity_in(text, bare_answer=True)
    said = str(params.get("said") or "")
    number = quantity_in(said)
    if kind == "remove":
        # "remove one of the mugs" keeps the rest; "remove the mugs" keeps none.
        return 0 if number is None else max(item.quantity - number, 0)
    return number


def _proposal(order: OrderView, item: OrderItemView, wanted: int) -> Reply:
    difference = _difference(item, item.quantity - wanted)
    money = Money(amount=difference, currency=order.currency)
    shape = "remove" if wanted == 0 else "lower"
    paid = "refund" if _paid(order) else "unpaid"
    return _reply(
        f"confirm_{shape}_{paid}",
        order,
        item=item.name,
        old=item.quantity,
        new=wanted,
        amount=money,
    )


def _difference(item: OrderItemView, fewer: int) -> Decimal:
    return ((item.unit_price or Decimal("0")) * fewer).quantize(Decimal("0.01"))


async def confirm(state: DialogueState, pending: PendingAction, ctx: TurnContext) -> TurnResult:
    key = pending.order_number or ""
    order = await ctx.orders.get_order(key) if key in state.verified_orders else None
    if order is None or ctx.actions is None:
        return offer_person(state)
    params = pending.params
    said = f"lower {params.get('name')} to {params.get('to')}"
    refusal = _refusal(order, ctx)
    if refusal is not None:  # it moved on since we asked (say, it is being packed)
        reply, person = refusal
        return _to_person(state, reply, order, said, ()) if person else TurnResult(state, [reply])
    item = _line(order, params.get("sku"), params.get("name"))
    old, new = int(params.get("from") or 0), int(params.get("to") or 0)
    if item is None or item.quantity != old:
        return TurnResult(state, [_reply("changed", order)])
    try:
        changed = await ctx.actions.change_item_quantity(
            key, item.sku or item.name, new, expected_quantity=old, key=ctx.action_key
        )
    except CommerceUnsupported:
        # The shop's platform cannot take this edit from us: a person does it in its admin.
        return _to_person(state, _reply("to_person", order), order, said, ())
    except CommerceRejected:
        fresh = await ctx.orders.get_order(key)
        again = _refusal(fresh, ctx) if fresh is not None else None
        if again is not None:
            return TurnResult(state, [again[0]])
        return TurnResult(state, [_reply("changed", order)])
    except CommerceError:
        return offer_person(state)
    money = Money(amount=_difference(item, old - new), currency=order.currency)
    low, high = ctx.policy.refunds.processing_days
    shape = "remove" if new == 0 else "lower"
    paid = "refund" if _paid(order) else "unpaid"
    reply = _reply(
        f"done_{shape}_{paid}",
        changed,
        item=item.name,
        new=new,
        amount=money,
        low=low,
        high=high,
    )
    return TurnResult(state, [reply], events=("order_changed",))


FLOW = Flow(name=NAME, intents=frozenset({Intent.CHANGE_ORDER}), run=run, confirm=confirm)
