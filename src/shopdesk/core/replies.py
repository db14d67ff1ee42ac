"""What the dialogue engine asks the composer to say.

The engine never writes text: it emits a :class:`Reply` (a message-catalog key plus the facts to
fill in) and the responses layer renders it in the conversation's locale. This keeps every fact in
a reply traceable to the data it came from.
"""

from __future__ import annotations

from datetime import time
from decimal import Decimal
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
    # Bringing a person in beyond the plain request (variant param): offer_upset, offer_stuck,
    # offer_theft, offer_long, urgent, offline / offline_asap (params: when), ticket /
    # ticket_asap (params: contact, when), back_to_bot.
    HANDOFF = "handoff"
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
    # Self-service flows: one key per flow, its messages picked by the ``variant`` param.
    CANCEL_ORDER = "cancel_order"
    CHANGE_ADDRESS = "change_address"
    CHANGE_ORDER = "change_order"  # fewer of an item or one removed; else a person
    PRODUCT_AVAILABILITY = "product_availability"
    NEWSLETTER = "newsletter"  # subscribe or unsubscribe the verified email, after a yes
    ERASURE = "erasure"  # a verified customer's request to delete their account
    FEEDBACK = "feedback"
    RETURN_ITEM = "return_item"
    GET_REFUND = "get_refund"
    TRACK_REFUND = "track_refund"
    # The order's invoice. The dialogue puts ``invoice_for`` (the order number key) in params;
    # the conversation service swaps it for ``url`` (a signed link) and ``hours`` before composing.
    INVOICE = "invoice"
    # Answers from the shop's policy (and the shopper's order where asked about it).
    PAYMENT_HELP = "payment_help"  # accepted methods; why an order's payment failed, how to retry
    SHIPPING_INFO = "shipping_info"  # delivery options, prices and times, per destination
    REFUND_POLICY = "refund_policy"  # return window, return label, refund time and destination
    ACCOUNT_HELP = "account_help"  # password, sign-up, account details: guidance and links
    CONTACT_INFO = "contact_info"  # business hours, contact link, and a person now if wanted
    # A write could not be done now (the shop's system is down, or writes are off): say so,
    # nothing changed, offer a person.
    ACTION_UNAVAILABLE = "action_unavailable"
    # The shop's order system could not be reached to look something up: try later, or a person.
    SYSTEM_UNAVAILABLE = "system_unavailable"
    ACTION_DROPPED = "action_dropped"  # the shopper said no to a proposed change: nothing changed
    # A knowledge-base answer: params title, passage (quoted as written), language (a Term when
    # the article is in another language than the shopper's); variant "link": params url.
    FAQ_ANSWER = "faq_answer"


class Money(BaseModel):
    """An amount to show in a reply; the composer formats it for the locale."""

    model_config = ConfigDict(frozen=True)

    amount: Decimal
    currency: str


class Term(BaseModel):
    """A word the catalogs translate (``terms.<group>.<code>``): a payment method, a shipping
    option... A code the catalogs do not know is shown as ``fallback`` (as the shop wrote it)."""

    model_config = ConfigDict(frozen=True)

    group: str
    code: str
    fallback: str | None = None


class Country(BaseModel):
    """A country (ISO 3166 alpha-2), named in the shopper's language."""

    model_config = ConfigDict(frozen=True)

    code: str


class ShippingQuote(BaseModel):
    """One way to ship: price, free-over threshold, business days from order to delivery."""

    model_config = ConfigDict(frozen=True)

    name: str
    price: Money
    free_over: Money | None = None
    days: tuple[int, int]


class ShippingZone(BaseModel):
    """A shipping region: named by its countries when they are few, else by the shop's name for
    it; no countries is the catch-all ("everywhere else")."""

    model_config = ConfigDict(frozen=True)

    name: str
    countries: tuple[str, ...] = ()
    quotes: tuple[ShippingQuote, ...]


class HoursSpan(BaseModel):
    """Consecutive weekdays (0 = Monday) open at the same hours."""

    model_config = ConfigDict(frozen=True)

    first_day: int
    last_day: int
    opens: time
    closes: time


class OpeningHours(BaseModel):
    """Business hours in a time zone (IANA name); the composer names days and zone."""

    model_config = ConfigDict(frozen=True)

    timezone: str
    spans: tuple[HoursSpan, ...]


class Reply(BaseModel):
    """One bot message to render. ``order`` is set for ORDER_STATUS (and yields a card).

    ``params`` fill the template's placeholders. The composer formats them for the locale:
    :class:`Money`, dates and times, order statuses, and lists of words. A ``variant`` param
    picks the sub-message ``<key>.<variant>`` of the catalog.
    """

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
