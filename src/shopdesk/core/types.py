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
    """Intents the engine understands today. Names follow the Bitext taxonomy where one exists."""

    TRACK_ORDER = "track_order"
    GREET = "greet"
    GOODBYE = "goodbye"
    THANK_YOU = "thank_you"
    CONTACT_HUMAN_AGENT = "contact_human_agent"
    OUT_OF_SCOPE = "out_of_scope"


def normalize_locale(value: str | None) -> str | None:
    """Map "es-ES", "pt_BR", "DE" to a supported two-letter locale, or None."""
    if not value:
        return None
    short = value.replace("_", "-").split("-", 1)[0].strip().lower()
    return short if short in SUPPORTED_LOCALES else None
