"""Replies in the shopper's language, rendered from catalogs and the store's own data.

Pure: no database, settings or clock. See ``compose`` (the entry point) and
``order_status_card`` (the chat API's structured card).
"""

from shopdesk.responses.cards import order_status_card
from shopdesk.responses.catalog import quick_reply_intents, resolve_locale
from shopdesk.responses.composer import compose
from shopdesk.responses.formatting import (
    format_day,
    format_moment,
    format_money,
    shipment_status_name,
    status_name,
)

__all__ = [
    "compose",
    "format_day",
    "format_moment",
    "format_money",
    "order_status_card",
    "quick_reply_intents",
    "resolve_locale",
    "shipment_status_name",
    "status_name",
]
