"""What must never reach a shopper who has not proved an order is theirs, and what must never
reach anyone: facts of the demo store's orders and customers, the server's secrets, and signs of
internals (stack traces, file paths, SQL).

``Leaks.find(messages, ...)`` returns every forbidden string found in the bot's messages (their
text, cards and quick replies), so a failing test names what leaked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import orjson

from security.conftest import AGENT_KEY, INVOICE_SECRET, PASSWORD, TOKEN_SECRET, Shop

# Signs of internals; compared case-insensitively.
INTERNALS = (
    "traceback",
    'file "/',
    "site-packages",
    "sqlalchemy",
    "aiosqlite",
    "sqlite:",
    "postgresql:",
    "redis://",
    "select * from",
    "shopdesk_",  # an environment variable's name
    '.py"',
    "exception",
    "{{",
    "jinja",
    "argon2",
)
# Markup a widget would render if it used innerHTML; a reply never carries any.
MARKUP = ("<script", "<img", "<svg", "<iframe", "onerror=", "onload=", "javascript:")


def _money(amount: str) -> list[str]:
    # Only totals unlikely to occur by chance in a policy text (shipping €4.95, free from €60).
    if float(amount) < 100:
        return []
    return [amount, amount.replace(".", ",")]


@dataclass
class OrderFacts:
    number: str
    email: str
    private: list[str] = field(default_factory=list)  # address, tracking number, names, phone
    # Checked for the orders an attempt is after only: other orders share items and totals.
    details: list[str] = field(default_factory=list)


class Leaks:
    def __init__(self, shop: Shop) -> None:
        document = shop.document
        customers = {c["email"]: c for c in document["customers"]}
        self.orders: dict[str, OrderFacts] = {}
        for order in document["orders"]:
            customer = customers.get(order["customer_email"], {})
            address = order.get("shipping_address") or {}
            private = [
                address.get("line1"),
                address.get("name"),
                customer.get("name"),
                customer.get("phone"),
                *(s["tracking_number"] for s in order.get("shipments", [])),
            ]
            self.orders[order["number"]] = OrderFacts(
                number=order["number"],
                email=order["customer_email"],
                private=[p for p in private if p],
                details=[item["name"] for item in order["items"]] + _money(order["total"]),
            )
        self.secrets = [AGENT_KEY, TOKEN_SECRET, INVOICE_SECRET, PASSWORD]
        self.secrets.append(str(shop.settings.database_url).split("///", 1)[-1])

    def find(
        self,
        messages: Iterable[dict[str, Any]],
        *,
        said: str,
        verified: Iterable[str] = (),
        targets: Iterable[str] = (),
        canaries: Iterable[str] = (),
    ) -> list[str]:
        """Forbidden strings in ``messages``. ``said`` is what the shopper wrote (an email they
        typed may be repeated to them); ``verified`` orders are theirs; ``targets`` are orders
        the attempt is after, whose item names and total must not appear either."""
        own = set(verified)
        own_emails = {self.orders[n].email for n in own}
        leaked: list[str] = []
        for message in messages:
            card = message.get("card")
            if card is not None and card.get("order_number") not in own:
                leaked.append(f"card of {card.get('order_number')}")
            blob = " ".join(
                [message["text"], *message.get("quick_replies", []), orjson.dumps(card).decode()]
            )
            folded = blob.lower()
            for facts in self.orders.values():
                if facts.number in own or facts.email in own_emails:
                    continue
                leaked += [p for p in facts.private if p in blob]
                if facts.email not in said and facts.email in blob:
                    leaked.append(facts.email)
            for number in targets:
                if number not in own:
                    leaked += [d for d in self.orders[number].details if d in blob]
            leaked += [s for s in self.secrets if s in blob]
            leaked += [c for c in canaries if c in blob]
            leaked += [f"internal: {s}" for s in INTERNALS if s in folded]
            leaked += [f"markup: {m}" for m in MARKUP if m in folded]
        return leaked
