"""change_shipping_address / set_up_shipping_address: a new delivery address before shipment.

Verified order first; then the new address, read back in full; then a yes; then the write,
against the order as it is at that moment (an order that shipped in between keeps its address).
"""

from __future__ import annotations

import re

from shopdesk.commerce.protocols import CommerceError
from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import AddressView, OrderView, order_number_key
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.address import one_line, parse_address
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import CONFIRM, DialogueState, PendingAction

NAME = "change_address"
NEW_ADDRESS = "new_address"  # state.awaiting while we wait for the address itself


def _reply(variant: str, order_number: str, **params: object) -> Reply:
    return Reply(
        key=ReplyKey.CHANGE_ADDRESS,
        params={"variant": variant, "order_number": order_number, **params},
    )


def _too_late(order: OrderView, ctx: TurnContext) -> Reply | None:
    if order.status in ctx.policy.shipping.address_change_statuses:
        return None
    return _reply("too_late", order.number, status=order.status)


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    waiting = state.flow == NAME and state.awaiting == NEW_ADDRESS
    found = await need_order(state, ctx, NAME)
    if isinstance(found, TurnResult):
        return found
    state, order = found.state, found.order
    events = ("verified",) if found.newly else ()
    refusal = _too_late(order, ctx)
    if refusal is not None:
        return TurnResult(state.model_copy(update={"flow": None}), [refusal], events=events)
    if ctx.actions is None:
        return offer_person(state, events)
    if not waiting:
        # The address may come in the same message ("change the address of TS5001 to ..."),
        # but an order number or an email alone is not one.
        address, missing = parse_address(_after_to(nlu.text), current=order.shipping_address)
        if missing:
            asking = state.model_copy(update={"flow": NAME, "awaiting": NEW_ADDRESS})
            return TurnResult(asking, [_reply("ask", order.number)], events=events)
        return _read_back(state, order, address, events)
    address, missing = parse_address(nlu.text, current=order.shipping_address)
    if missing:
        asking = state.model_copy(update={"flow": NAME, "awaiting": NEW_ADDRESS})
        # One missing part at a time, the first a courier would miss.
        reply = _reply(f"missing_{missing[0]}", order.number)
        return TurnResult(asking, [reply], events=events)
    return _read_back(state, order, address, events)


def _read_back(
    state: DialogueState, order: OrderView, address: AddressView, events: tuple[str, ...]
) -> TurnResult:
    key = order_number_key(order.number)
    pending = PendingAction(kind=NAME, order_number=key, params={"address": address.model_dump()})
    asking = state.model_copy(update={"flow": None, "awaiting": CONFIRM, "pending": pending})
    reply = _reply("confirm", order.number, address=one_line(address))
    return TurnResult(asking, [reply], events=events)


async def confirm(state: DialogueState, pending: PendingAction, ctx: TurnContext) -> TurnResult:
    key = pending.order_number or ""
    order = await ctx.orders.get_order(key) if key in state.verified_orders else None
    if order is None or ctx.actions is None:
        return offer_person(state)
    refusal = _too_late(order, ctx)
    if refusal is not None:
        return TurnResult(state, [refusal])
    address = AddressView.model_validate(pending.params["address"])
    try:
        updated = await ctx.actions.update_shipping_address(
            key, address, idempotency_key=ctx.action_key
        )
    except CommerceError:
        return offer_person(state)
    shown = updated.shipping_address or address
    reply = _reply("done", order.number, address=one_line(shown))
    return TurnResult(state, [reply], events=("address_changed",))


# "... to Calle Mayor 1, 28013 Madrid": a request that carries the address itself (a comma and a
# digit after "to", "a", "nach"...).
_CARRIED = re.compile(r"(?:\bto|\ba|\bà|\bnach|\bpara|\bauf|\bzu|:)\s+([^:]*\d[^:]*,[^:]*)$", re.I)


def _after_to(text: str) -> str:
    match = _CARRIED.search(text)
    return match.group(1) if match else ""


FLOW = Flow(
    name=NAME,
    intents=frozenset({Intent.CHANGE_SHIPPING_ADDRESS, Intent.SET_UP_SHIPPING_ADDRESS}),
    run=run,
    confirm=confirm,
)
