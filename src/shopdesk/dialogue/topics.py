"""Intents the bot understands but has no self-service flow for yet, grouped by topic.

For these the bot says plainly that it cannot do this in the chat yet and offers a person, so
the shopper is never told "I don't understand" about something it did understand.
"""

from __future__ import annotations

from typing import Final

from shopdesk.core.types import Intent

TOPIC_OF: Final[dict[str, str]] = {
    Intent.CANCEL_ORDER: "order_changes",
    Intent.CHANGE_ORDER: "order_changes",
    Intent.CHANGE_SHIPPING_ADDRESS: "order_changes",
    Intent.SET_UP_SHIPPING_ADDRESS: "order_changes",
    Intent.CHECK_CANCELLATION_FEE: "order_changes",
    Intent.CHECK_PAYMENT_METHODS: "payments",
    Intent.PAYMENT_ISSUE: "payments",
    Intent.CHECK_REFUND_POLICY: "returns_refunds",
    Intent.CREATE_ACCOUNT: "account",
    Intent.DELETE_ACCOUNT: "account",
    Intent.EDIT_ACCOUNT: "account",
    Intent.SWITCH_ACCOUNT: "account",
    Intent.RECOVER_PASSWORD: "account",
    Intent.REGISTRATION_PROBLEMS: "account",
    Intent.NEWSLETTER_SUBSCRIPTION: "account",
    Intent.DELIVERY_OPTIONS: "shipping_info",
    Intent.DELIVERY_PERIOD: "shipping_info",
    Intent.PLACE_ORDER: "products",
    Intent.PRODUCT_AVAILABILITY: "products",
    Intent.PRODUCT_RECOMMENDATION: "products",
    Intent.COMPLAINT: "feedback",
    Intent.REVIEW: "feedback",
    Intent.CONTACT_CUSTOMER_SERVICE: "contact",
}
TOPICS: Final[frozenset[str]] = frozenset(TOPIC_OF.values())
