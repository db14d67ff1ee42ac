"""Intents the bot understands but has no self-service flow for yet, grouped by topic.

For these the bot says plainly that it cannot do this in the chat yet and offers a person, so
the shopper is never told "I don't understand" about something it did understand.
"""

from __future__ import annotations

from typing import Final

from shopdesk.core.types import Intent

TOPIC_OF: Final[dict[str, str]] = {
    Intent.PLACE_ORDER: "products",
    Intent.PRODUCT_RECOMMENDATION: "products",
}
TOPICS: Final[frozenset[str]] = frozenset(TOPIC_OF.values())
