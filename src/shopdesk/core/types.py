"""Small enumerations and constants of the domain."""

from __future__ import annotations

from enum import StrEnum
from typing import Final

SUPPORTED_LOCALES: Final[tuple[str, ...]] = ("en", "es", "fr", "de", "pt", "it")
DEFAULT_LOCALE: Final = "en"


class ConversationState(StrEnum):
    """Who owns a conversation right now."""

    BOT = "bot"
    QUEUED = "queued"
    AGENT = "agent"
    CLOSED = "closed"


class Role(StrEnum):
    """Author of a message."""

    CUSTOMER = "customer"
    BOT = "bot"
    AGENT = "agent"
    SYSTEM = "system"


class OrderStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    PROCESSING = "processing"
    SHIPPED = "shipped"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    CANCELLED = "cancelled"
    RETURNED = "returned"
    REFUNDED = "refunded"
    ON_HOLD = "on_hold"
    PAYMENT_FAILED = "payment_failed"


class PaymentStatus(StrEnum):
    PENDING = "pending"
    PAID = "paid"
    FAILED = "failed"
    REFUNDED = "refunded"
    PARTIALLY_REFUNDED = "partially_refunded"


class ShipmentStatus(StrEnum):
    LABEL_CREATED = "label_created"
    IN_TRANSIT = "in_transit"
    OUT_FOR_DELIVERY = "out_for_delivery"
    DELIVERED = "delivered"
    EXCEPTION = "exception"


class RefundStatus(StrEnum):
    PENDING = "pending"
    PROCESSED = "processed"


class Intent(StrEnum):
    """What a shopper's message asks for (docs/INTENTS.md). The first 27 are the Bitext
    customer-support taxonomy's names; the rest are ours."""

    CANCEL_ORDER = "cancel_order"
    CHANGE_ORDER = "change_order"
    CHANGE_SHIPPING_ADDRESS = "change_shipping_address"
    CHECK_CANCELLATION_FEE = "check_cancellation_fee"
    CHECK_INVOICE = "check_invoice"
    CHECK_PAYMENT_METHODS = "check_payment_methods"
    CHECK_REFUND_POLICY = "check_refund_policy"
    COMPLAINT = "complaint"
    CONTACT_CUSTOMER_SERVICE = "contact_customer_service"
    CONTACT_HUMAN_AGENT = "contact_human_agent"
    CREATE_ACCOUNT = "create_account"
    DELETE_ACCOUNT = "delete_account"
    DELIVERY_OPTIONS = "delivery_options"
    DELIVERY_PERIOD = "delivery_period"
    EDIT_ACCOUNT = "edit_account"
    GET_INVOICE = "get_invoice"
    GET_REFUND = "get_refund"
    NEWSLETTER_SUBSCRIPTION = "newsletter_subscription"
    PAYMENT_ISSUE = "payment_issue"
    PLACE_ORDER = "place_order"
    RECOVER_PASSWORD = "recover_password"
    REGISTRATION_PROBLEMS = "registration_problems"
    REVIEW = "review"
    SET_UP_SHIPPING_ADDRESS = "set_up_shipping_address"
    SWITCH_ACCOUNT = "switch_account"
    TRACK_ORDER = "track_order"
    TRACK_REFUND = "track_refund"
    RETURN_ITEM = "return_item"
    PRODUCT_AVAILABILITY = "product_availability"
    PRODUCT_RECOMMENDATION = "product_recommendation"
    GREET = "greet"
    GOODBYE = "goodbye"
    THANK_YOU = "thank_you"
    AFFIRM = "affirm"
    DENY = "deny"
    UNSURE = "unsure"
    NEVERMIND = "nevermind"
    BOT_CHALLENGE = "bot_challenge"
    REPEAT = "repeat"
    CHANGE_LANGUAGE = "change_language"
    OUT_OF_SCOPE = "out_of_scope"


def normalize_locale(value: str | None) -> str | None:
    """Map "es-ES", "pt_BR", "DE" to a supported two-letter locale, or None."""
    if not value:
        return None
    short = value.replace("_", "-").split("-", 1)[0].strip().lower()
    return short if short in SUPPORTED_LOCALES else None
