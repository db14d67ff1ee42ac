"""Conversation state the engine reads and returns; stored as JSON with the conversation."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict

from shopdesk.core.replies import Reply
from shopdesk.core.types import DEFAULT_LOCALE

# state.awaiting values the engine itself answers: a yes/no on "shall I connect you with a
# person?", and a yes/no on ``state.pending``.
HANDOFF_OFFER = "handoff_offer"
CONFIRM = "confirm"


class PendingAction(BaseModel):
    """A write the bot proposed and the shopper has not confirmed yet ("cancel order 1001?")."""

    model_config = ConfigDict(frozen=True)

    kind: str
    """The flow that proposed it and will carry it out: "cancel_order", ..."""
    order_number: str | None = None
    params: dict[str, Any] = {}


class DialogueState(BaseModel):
    model_config = ConfigDict(frozen=True)

    locale: str = DEFAULT_LOCALE
    # The shopper chose the language ("answer in English"): detection no longer switches it.
    locale_pinned: bool = False
    flow: str | None = None
    # What the last bot question asked for: "order_number", "email" or "order_and_email", or
    # "handoff_offer" (a yes/no: shall I connect you with a person?), or "confirm" (a yes/no
    # on ``pending``), or a flow's own slot ("new_address").
    awaiting: str | None = None
    pending: PendingAction | None = None
    # With awaiting == "handoff_offer": what the person should know, used as the handoff reason
    # on a yes ("change_order TS5001: add item"); None: the shopper simply asked for a person.
    handoff_context: str | None = None
    order_number: str | None = None  # canonical key (order_number_key)
    order_number_alternatives: tuple[str, ...] = ()
    email: str | None = None
    postal_code: str | None = None
    verified_orders: tuple[str, ...] = ()
    failed_verifications: int = 0
    fallback_count: int = 0
    turns: int = 0
    last_intent: str | None = None
    # The bot's replies of the last turn, to say again on "can you repeat that?". Without the
    # order itself: an order status is looked up again (through the gate) when repeated.
    last_replies: tuple[Reply, ...] = ()
