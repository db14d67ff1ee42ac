"""The demo store: valid, realistic, deterministic, and importable (also at 5,000 orders)."""

from __future__ import annotations

import copy
import json
import time
from collections import Counter
from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from shopdesk.core.orders import order_number_key
from shopdesk.core.types import SUPPORTED_LOCALES, OrderStatus
from shopdesk.models import Customer, Order, Shipment
from shopdesk.store import DEMO_EXAMPLES, generate_demo_store, import_document, parse_document

TODAY = date(2026, 11, 25)


@pytest.fixture(scope="module")
def demo() -> dict:
    return generate_demo_store(today=TODAY)


def test_is_json_and_validates(demo):
    doc = parse_document(json.loads(json.dumps(demo)))
    assert (len(doc.customers), len(doc.products), len(doc.orders)) == (50, 30, 200)


def test_is_deterministic_per_seed_and_day(demo):
    assert generate_demo_store(today=TODAY) == demo
    assert generate_demo_store(seed=8, today=TODAY) != demo
    assert generate_demo_store(today=TODAY + timedelta(days=1)) != demo


def test_every_status_at_least_eight_times(demo):
    counts = Counter(o["status"] for o in demo["orders"])
    assert set(counts) == {s.value for s in OrderStatus}
    assert min(counts.values()) >= 8
    assert [o["number"] for o in demo["orders"]] == [f"HX{n}" for n in range(1001, 1201)]


def test_customers_span_the_six_locales(demo):
    customers = demo["customers"]
    assert Counter(c["locale"] for c in customers).keys() == set(SUPPORTED_LOCALES)
    assert all(c["email"].endswith(("@example.com", "@example.org")) for c in customers)
    country_code = {"en": "+44", "es": "+34", "fr": "+33", "de": "+49", "pt": "+351", "it": "+39"}
    assert all(c["phone"].startswith(country_code[c["locale"]] + " ") for c in customers)
    assert len({c["email"] for c in customers}) == 50


def test_products_include_sold_out_ones(demo):
    stock = [p["stock"] for p in demo["products"]]
    assert 0 in stock
    assert all(p["currency"] == "EUR" for p in demo["products"])


def test_articles_in_six_languages(demo):
    per_locale = Counter(a["locale"] for a in demo["articles"])
    assert per_locale.keys() == set(SUPPORTED_LOCALES)
    assert min(per_locale.values()) >= 5


def test_examples_hold_for_any_seed_and_day():
    for seed, today in [(7, TODAY), (1, date(2027, 3, 1)), (99, date(2026, 1, 4))]:
        store = generate_demo_store(seed=seed, today=today)
        orders = {o["number"]: o for o in store["orders"]}
        postcodes = {c["email"]: c["postal_code"] for c in store["customers"]}
        assert {e.status for e in DEMO_EXAMPLES} == {s.value for s in OrderStatus}
        for example in DEMO_EXAMPLES:
            order = orders[example.number]
            assert (order["customer_email"], order["status"]) == (example.email, example.status)
            assert postcodes[example.email] == example.postal_code
            assert order["shipping_address"]["postal_code"] == example.postal_code


# A Wednesday, a Saturday, a Sunday, a Monday and New Year's Day.
@pytest.mark.parametrize(
    "today", [TODAY, date(2026, 11, 28), date(2026, 11, 29), date(2026, 11, 30), date(2027, 1, 1)]
)
def test_orders_tell_a_consistent_story(today):
    demo = generate_demo_store(seed=today.day, today=today)
    now = datetime.fromisoformat(f"{today.isoformat()}T08:00:00+00:00")
    shipment_statuses: Counter[str] = Counter()
    for order in demo["orders"]:
        placed = datetime.fromisoformat(order["placed_at"])
        assert placed <= now
        for shipment in order["shipments"]:
            shipment_statuses[shipment["status"]] += 1
            times = [datetime.fromisoformat(e["at"]) for e in shipment["events"]]
            assert times == sorted(times), order["number"]
            assert all(placed < t <= now for t in times), order["number"]
            assert shipment["tracking_url"].startswith("https://")
            if shipment["status"] == "delivered":
                assert shipment["delivered_at"] == shipment["events"][-1]["at"]
            if shipment["status"] == "out_for_delivery":
                assert shipment["events"][-1]["description"] == "Out for delivery"
                assert shipment["estimated_delivery"] == today.isoformat()
            if shipment["status"] == "in_transit":
                assert shipment["delivered_at"] is None
        for refund in order["refunds"]:
            assert placed < datetime.fromisoformat(refund["created_at"]) <= now
        if order["status"] in {"refunded", "returned"}:
            assert order["refunds"], order["number"]
        if order["status"] in {"shipped", "out_for_delivery", "delivered"}:
            assert order["shipments"], order["number"]
        if order["status"] == "payment_failed":
            assert order["payment_failure_reason"]
        if order["status"] == "on_hold":
            assert order["hold_reason"]
    assert shipment_statuses["exception"] == 1
    assert sum(len(o["shipments"]) == 2 for o in demo["orders"]) >= 2


async def test_imports_and_reimports_unchanged(session, demo):
    doc = parse_document(demo)
    first = await import_document(session, doc)
    assert (first.customers.created, first.orders.created) == (50, 200)
    again = await import_document(session, doc)
    assert again.created == again.updated == 0
    count = await session.scalar(select(func.count()).select_from(Order))
    assert count == 200
    hx1148 = (await session.scalars(select(Order).where(Order.number_key == "HX1148"))).one()
    email = await session.scalar(select(Customer.email).where(Customer.id == hx1148.customer_id))
    assert email == "ana.ruiz@example.com"


def _many_orders(demo: dict, count: int) -> dict:
    """``count`` orders cloned from the demo ones and renumbered."""
    store = copy.deepcopy(demo)
    base = store["orders"]
    store["orders"] = [
        {**copy.deepcopy(base[i % len(base)]), "number": f"BIG-{i:06d}"} for i in range(count)
    ]
    return store


async def test_imports_five_thousand_orders(session, demo):
    doc = parse_document(_many_orders(demo, 5000))
    progress: list[int] = []
    started = time.perf_counter()
    summary = await import_document(session, doc, progress=lambda done, _: progress.append(done))
    elapsed = time.perf_counter() - started
    assert summary.orders.created == 5000
    assert progress[-1] == doc.record_count
    assert len(progress) == 1 + 1 + 1 + 1 + 5  # start, customers, products, articles, 5 chunks
    shipments = await session.scalar(select(func.count()).select_from(Shipment))
    assert shipments == 25 * sum(len(o["shipments"]) for o in demo["orders"])
    assert order_number_key("BIG-004999") in set(await session.scalars(select(Order.number_key)))
    assert elapsed < 20, f"5,000 orders took {elapsed:.1f} s"
