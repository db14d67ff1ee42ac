"""A realistic demo store in the import format: "Linden & Clay", home & lifestyle, Zaragoza.

``generate_demo_store()`` returns 50 customers over en/es/fr/de/pt/it, 30 products, 200 orders
(HX1001–HX1200, numbered by date, every status at least 8 times) and FAQ articles in six
languages. Order ages are relative to ``today``; the same seed and day give the same document.

Orders to try (the same for every seed and day; ``DEMO_EXAMPLES`` lists them):

=========  ============================  ===========  ================
order      e-mail                        postal code  status
=========  ============================  ===========  ================
HX1148     ana.ruiz@example.com          28013        shipped
HX1122     joao.silva@example.org        4000-322     out_for_delivery
HX1081     giulia.romano@example.com     20121        delivered
HX1199     emma.clarke@example.com       N1 9GU       pending
HX1200     camille.dubois@example.org    69002        paid
HX1190     lukas.schneider@example.com   10115        processing
HX1153     sophie.wagner@example.org     80331        on_hold
HX1196     marco.bianchi@example.org     50122        payment_failed
HX1084     oliver.bennett@example.org    M4 1HN       cancelled
HX1070     javier.morales@example.org    08010        returned
HX1082     lucas.martin@example.com      44000        refunded
=========  ============================  ===========  ================
"""

from __future__ import annotations

import random
from datetime import date
from typing import Any, NamedTuple

from shopdesk.store.demo_articles import ARTICLES
from shopdesk.store.demo_orders import build_orders
from shopdesk.store.demo_people import make_people
from shopdesk.store.demo_products import PRODUCTS


class DemoExample(NamedTuple):
    number: str
    email: str
    postal_code: str
    status: str


DEMO_EXAMPLES: tuple[DemoExample, ...] = (
    DemoExample("HX1199", "emma.clarke@example.com", "N1 9GU", "pending"),
    DemoExample("HX1200", "camille.dubois@example.org", "69002", "paid"),
    DemoExample("HX1190", "lukas.schneider@example.com", "10115", "processing"),
    DemoExample("HX1148", "ana.ruiz@example.com", "28013", "shipped"),
    DemoExample("HX1122", "joao.silva@example.org", "4000-322", "out_for_delivery"),
    DemoExample("HX1081", "giulia.romano@example.com", "20121", "delivered"),
    DemoExample("HX1084", "oliver.bennett@example.org", "M4 1HN", "cancelled"),
    DemoExample("HX1070", "javier.morales@example.org", "08010", "returned"),
    DemoExample("HX1082", "lucas.martin@example.com", "44000", "refunded"),
    DemoExample("HX1153", "sophie.wagner@example.org", "80331", "on_hold"),
    DemoExample("HX1196", "marco.bianchi@example.org", "50122", "payment_failed"),
)

# Products that are sold out in every demo store, so "is it in stock?" has a "no" answer too.
_SOLD_OUT = ("LMP-FLR-BRS", "LIN-DUV-DBL", "CND-SOY-LAV")


def _products(rng: random.Random) -> list[dict[str, Any]]:
    products = []
    for spec in PRODUCTS:
        record: dict[str, Any] = {
            "sku": spec.sku,
            "name": spec.name,
            "description": spec.description,
            "price": spec.price,
            "currency": "EUR",
            "stock": 0 if spec.sku in _SOLD_OUT else rng.choice((2, 3, 5, 8, 12, 18, 25, 40, 60)),
            "tags": list(spec.tags),
            "locale": "en",
        }
        if spec.material:
            record["material"] = spec.material  # extra field, kept in Product.extra
        products.append(record)
    return products


def _articles() -> list[dict[str, Any]]:
    return [
        {"slug": slug, "locale": locale, "title": title, "body": body}
        for slug, versions in ARTICLES.items()
        for locale, (title, body) in versions.items()
    ]


def generate_demo_store(seed: int = 7, today: date | None = None) -> dict[str, Any]:
    """The demo store as a JSON-compatible dict in the import format."""
    today = today or date.today()
    rng = random.Random(seed)
    people = make_people(rng)
    by_email = {p.email: p for p in people}
    pinned = {example.number: by_email[example.email] for example in DEMO_EXAMPLES}
    return {
        "customers": [p.record() for p in people],
        "products": _products(rng),
        "orders": build_orders(rng, today, people, pinned),
        "articles": _articles(),
    }
