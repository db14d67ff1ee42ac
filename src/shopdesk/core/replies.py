"""What the dialogue engine asks the composer to say.

The engine never writes text: it emits a :class:`Reply` (a message-catalog key plus the facts to
fill in) and the responses layer renders it in the conversation's locale. This keeps every fact in
a reply traceable to the data it came from.
"""

from __future__ import annotations

from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict

from shopdesk.core.orders import OrderView


class ReplyKey(StrEnum):
    GREETING = "greeting"  # first message of a conversation
    GREET_BACK = "greet_back"  # shopper said hello mid-conversation
    THANKS = "thanks"  # shopper thanked us
    GOODBYE = "goodbye"
    ASK_ORDER_NUMBER = "ask_order_number"  # we need the order number
    ASK_EMAIL = "ask_email"  # we have the number; need the email (or postal code)
    ASK_ORDER_AND_EMAIL = "ask_order_and_email"  # nothing yet
    # Neutral: a wrong pair and an unknown order get identical text.
    ORDER_NOT_FOUND = "order_not_found"
    VERIFICATION_THROTTLED = "verification_throttled"  # too many failures; no more lookups
    ORDER_STATUS = "order_status"  # params: order (OrderView); composer picks text per status
    HANDOFF_QUEUED = "handoff_queued"  # moved to the human queue
    OUT_OF_SCOPE = "out_of_scope"  # polite "I can help with orders, returns, shipping..."
    CANNOT_DISCLOSE = "cannot_disclose"  # authority claims, injection: verification still needed
    ANYTHING_ELSE = "anything_else"  # follow-up offer after an answer
    # A topic the bot understood but has no flow for: offer a person. params: topic (a group
    # name from dialogue.topics, e.g. "returns_refunds").
    TOPIC_OFFER = "topic_offer"
    # "are you a bot?", "what can you do?": the shop's virtual assistant, what it helps with, and
    # that a person is there on request. Uses the shop name.
    BOT_INFO = "bot_info"
    # A yes / no / "not sure" with no question pending, or nothing to repeat: "how can I help?"
    HOW_CAN_I_HELP = "how_can_i_help"
    NEVERMIND_ACK = "nevermind_ack"  # "forget it": fine, anything else?
    LANGUAGE_CHANGED = "language_changed"  # rendered in the language just chosen
    LANGUAGE_OPTIONS = "language_options"  # the languages we speak (none, or another, was named)


class Reply(BaseModel):
    """One bot message to render. ``order`` is set for ORDER_STATUS (and yields a card)."""

    model_config = ConfigDict(frozen=True)

    key: ReplyKey
    params: dict[str, Any] = {}
    order: OrderView | None = None


class ComposedMessage(BaseModel):
    """A rendered bot message, ready to persist."""

    model_config = ConfigDict(frozen=True)

    text: str
    quick_replies: tuple[str, ...] = ()
    card: dict[str, Any] | None = None
