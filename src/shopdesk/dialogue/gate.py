"""The verification gate: a flow gets an order only once the shopper has shown it is theirs.

Every flow that touches an order (tracking, cancelling, returning, invoices...) goes through
:func:`need_order`. It asks for what is missing (order number, then the email or postal code
on the order), looks the order up, and applies ``dialogue.verification``. A wrong pair and an
unknown order produce the very same reply, and failures count toward the throttle.
"""

from __future__ import annotations

from dataclasses import dataclass

from shopdesk.core.orders import OrderView, order_number_key
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.state import DialogueState
from shopdesk.dialogue.verification import owns_order


@dataclass(frozen=True)
class Verified:
    state: DialogueState
    """``state`` with the order recorded as verified and current (``order_number``)."""
    order: OrderView
    newly: bool
    """Verified in this turn (the reply then reports a "verified" event)."""


async def need_order(state: DialogueState, ctx: TurnContext, flow: str) -> Verified | TurnResult:
    """The shopper's verified order, or the turn that asks for what is missing.

    While asking, ``state.flow`` is ``flow``, so the shopper's next message (an order number,
    an email) comes back to the same flow.
    """
    if ctx.client_throttled or state.failed_verifications >= ctx.max_failed_verifications:
        done = state.model_copy(update={"flow": None, "awaiting": None})
        return TurnResult(done, [Reply(key=ReplyKey.VERIFICATION_THROTTLED)])

    if state.order_number is None:
        if state.email or state.postal_code or ctx.token_email:
            return _ask(state, flow, "order_number", ReplyKey.ASK_ORDER_NUMBER)
        return _ask(state, flow, "order_and_email", ReplyKey.ASK_ORDER_AND_EMAIL)

    already_verified = state.order_number in state.verified_orders
    has_proof = bool(state.email or state.postal_code or ctx.token_email)
    if not already_verified and not has_proof:
        return _ask(state, flow, "email", ReplyKey.ASK_EMAIL)

    order = await lookup(state, ctx)
    if order is None:
        failed = state.model_copy(
            update={
                "flow": flow,
                "awaiting": "order_and_email",
                "failed_verifications": state.failed_verifications + 1,
                # Which half was wrong is unknown; keep the number, ask for the proof again.
                "email": None,
                "postal_code": None,
            }
        )
        params = {"order_number": state.order_number}
        reply = Reply(key=ReplyKey.ORDER_NOT_FOUND, params=params)
        return TurnResult(failed, [reply], events=("verification_failed",))

    key = order_number_key(order.number)
    newly = key not in state.verified_orders
    verified = (*state.verified_orders, key) if newly else state.verified_orders
    done = state.model_copy(
        update={"awaiting": None, "verified_orders": verified, "order_number": key}
    )
    return Verified(done, order, newly)


def _ask(state: DialogueState, flow: str, awaiting: str, key: ReplyKey) -> TurnResult:
    state = state.model_copy(update={"flow": flow, "awaiting": awaiting})
    params = {"order_number": state.order_number} if state.order_number else {}
    return TurnResult(state, [Reply(key=key, params=params)])


async def lookup(state: DialogueState, ctx: TurnContext) -> OrderView | None:
    """The first candidate reading of the number whose order the shopper owns."""
    assert state.order_number is not None
    for key in (state.order_number, *state.order_number_alternatives):
        order = await ctx.orders.get_order(key)
        if order is None:
            continue
        if order_number_key(order.number) in state.verified_orders or owns_order(
            order, email=state.email, postal_code=state.postal_code, token_email=ctx.token_email
        ):
            return order
    return None
