"""Demo orders: a plausible history of 200 orders ending at 08:00 UTC on ``today``.

Which number has which status (and how old it is) is fixed whatever the seed, so the documented
examples always hold; the seed varies customers, items, carriers and the details of each journey.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from shopdesk.core.types import OrderStatus as S
from shopdesk.store.demo_carriers import tracking
from shopdesk.store.demo_data import (
    CANCEL_REASONS,
    DELIVERY_NOTES,
    FREE_SHIPPING_FROM,
    HOLD_REASONS,
    PAYMENT_FAILURE_REASONS,
    RETURN_REASONS,
    SHIPPING_FEE,
    WAREHOUSE,
)
from shopdesk.store.demo_people import Person
from shopdesk.store.demo_products import PRODUCTS, ProductSpec

FIRST_NUMBER = 1001
STATUS_COUNTS: dict[S, int] = {
    S.PENDING: 14,
    S.PAID: 16,
    S.PROCESSING: 18,
    S.SHIPPED: 30,
    S.OUT_FOR_DELIVERY: 14,
    S.DELIVERED: 50,
    S.CANCELLED: 12,
    S.RETURNED: 10,
    S.REFUNDED: 12,
    S.ON_HOLD: 12,
    S.PAYMENT_FAILED: 12,
}
# How many days before "now" an order of each status may have been placed.
_AGE_DAYS: dict[S, tuple[float, float]] = {
    S.PENDING: (0.05, 1.0),
    S.PAYMENT_FAILED: (0.1, 1.8),  # the FAQ says failed payments are kept for 48 hours
    S.PAID: (0.05, 1.2),
    S.PROCESSING: (0.3, 2.5),
    S.ON_HOLD: (1.0, 6.0),
    S.SHIPPED: (1.5, 6.0),
    S.OUT_FOR_DELIVERY: (2.0, 6.0),
    S.DELIVERED: (9.0, 90.0),
    S.CANCELLED: (1.0, 60.0),
    S.RETURNED: (20.0, 90.0),
    S.REFUNDED: (9.0, 90.0),
}
# Business days in transit after dispatch, by destination country (as the FAQ states them).
_TRANSIT: dict[str, tuple[int, int]] = {
    "ES": (1, 3),
    "PT": (2, 4),
    "FR": (2, 5),
    "DE": (2, 5),
    "IT": (2, 5),
    "GB": (3, 6),
}
_CENT = Decimal("0.01")
_MISSED = "Delivery attempt failed: nobody was at home. A notice was left."
_HELD = "Parcel held at the local depot for a new delivery attempt"


def timeline() -> list[tuple[float, S]]:
    """(age in days, status) per order number, oldest first; independent of the seed."""
    rng = random.Random(FIRST_NUMBER)
    slots = [(rng.uniform(*_AGE_DAYS[s]), s) for s, n in STATUS_COUNTS.items() for _ in range(n)]
    return sorted(slots, key=lambda slot: -slot[0])


def iso(moment: datetime) -> str:
    return moment.astimezone(UTC).replace(microsecond=0).isoformat()


def money(amount: Decimal) -> str:
    return str(amount.quantize(_CENT))


def _add_business_days(day: date, count: int) -> date:
    step = 1 if count >= 0 else -1
    while count:
        day += timedelta(days=step)
        if day.weekday() < 5:
            count -= step
    return day


class OrderFactory:
    """Builds orders and their parcels; "now" is 08:00 UTC on ``today``."""

    def __init__(self, rng: random.Random, today: date) -> None:
        self.rng = rng
        self.today = today
        self.now = datetime.combine(today, time(8, 0), UTC)
        self.last_business_day = _add_business_days(today, -1)
        self.latest_pickup = self._at(today - timedelta(days=1), 15, 17.5)
        self.carrier = ""

    def _at(self, day: date, start_hour: float, end_hour: float) -> datetime:
        minutes = self.rng.randint(int(start_hour * 60), int(end_hour * 60))
        return datetime.combine(day, time(0, 0), UTC) + timedelta(minutes=minutes)

    # -- shipments -------------------------------------------------------------------------

    def _dispatch(self, placed: datetime) -> datetime:
        """Pick-up at the warehouse: same business day if ordered before 13:00 UTC."""
        day = placed.date()
        if placed.hour >= 13 or day.weekday() >= 5:
            day = _add_business_days(day, 1)
        return self._at(day, 15, 17.5)

    def _transit(self, person: Person) -> int:
        low, high = _TRANSIT[person.country.code]
        return min(high, low + int(self.rng.random() ** 2 * (high - low + 1)))

    def _journey(self, person: Person, ship_at: datetime, day: date) -> list[dict[str, Any]]:
        """Every scan from label to delivery on ``day``; callers cut it at "now"."""
        city = f"{person.city}, {person.country.code}"
        events = [
            (
                ship_at - timedelta(hours=self.rng.uniform(0.5, 1.5)),
                WAREHOUSE,
                "Shipment information received",
            ),
            (ship_at, WAREHOUSE, "Parcel picked up by the carrier"),
            (
                ship_at + timedelta(hours=self.rng.uniform(2, 5)),
                WAREHOUSE,
                "Departed the sorting facility",
            ),
        ]
        depot_at = self._at(day, 3.5, 5.5)
        if person.country.code != "ES":
            hub_at = ship_at + timedelta(hours=self.rng.uniform(18, 30))
            if hub_at < depot_at - timedelta(hours=3):  # skip it on very fast journeys
                events.append((hub_at, person.country.hub, "Arrived in the destination country"))
                if person.country.code == "GB":
                    events.append(
                        (
                            hub_at + timedelta(hours=2),
                            person.country.hub,
                            "Customs clearance completed",
                        )
                    )
        events += [
            (depot_at, city, "Arrived at the local delivery depot"),
            (self._at(day, 6.5, 7.8), city, "Out for delivery"),
            (self._at(day, 9, 17), city, self.rng.choice(DELIVERY_NOTES)),
        ]
        return [{"at": iso(at), "location": loc, "description": text} for at, loc, text in events]

    def _shipment(
        self, person: Person, status: str, ship_at: datetime | None, day: date, estimate: date
    ) -> dict[str, Any]:
        carrier = self.carrier  # both parcels of a split order travel with the same carrier
        number, url = tracking(self.rng, carrier)
        events = self._journey(person, ship_at or self.now, day) if ship_at else []
        if status == "label_created":
            events = [
                {
                    "at": iso(self.now - timedelta(hours=self.rng.uniform(0.5, 3))),
                    "location": WAREHOUSE,
                    "description": "Shipment information received",
                }
            ]
        elif status == "exception":
            depot = events[-1]["location"]
            events = [
                *events[:-1],
                {"at": iso(self._at(day, 11, 15)), "location": depot, "description": _MISSED},
                {"at": iso(self._at(day, 18, 20)), "location": depot, "description": _HELD},
            ]
        elif status != "delivered":
            events = [e for e in events if e["at"] <= iso(self.now)]
        return {
            "carrier": carrier,
            "tracking_number": number,
            "tracking_url": url,
            "status": status,
            "shipped_at": iso(ship_at) if ship_at else None,
            "estimated_delivery": estimate.isoformat(),
            "delivered_at": events[-1]["at"] if status == "delivered" else None,
            "events": events,
        }

    def delivered(self, person: Person, placed: datetime, delay: int = 0) -> dict[str, Any]:
        ship_at = self._dispatch(placed) + timedelta(days=delay)
        day = _add_business_days(ship_at.date(), self._transit(person))
        day = max(min(day, self.last_business_day), ship_at.date() + timedelta(days=1))
        return self._shipment(person, "delivered", ship_at, day, day)

    def in_transit(
        self, person: Person, placed: datetime, late: bool, delay: int = 0
    ) -> dict[str, Any]:
        ship_at = min(self._dispatch(placed) + timedelta(days=delay), self.latest_pickup)
        planned = _add_business_days(ship_at.date(), self._transit(person))
        day = max(planned, _add_business_days(self.today, 1))
        # A late parcel keeps its original, now past, estimate: the case shoppers write about.
        return self._shipment(person, "in_transit", ship_at, day, planned if late else day)

    def out_for_delivery(self, person: Person, placed: datetime) -> dict[str, Any]:
        ship_at = min(self._dispatch(placed), self.latest_pickup)
        return self._shipment(person, "out_for_delivery", ship_at, self.today, self.today)

    def exception(self, person: Person, placed: datetime) -> dict[str, Any]:
        day = self.last_business_day
        ship_at = max(placed + timedelta(hours=4), self._at(_add_business_days(day, -2), 15, 17))
        return self._shipment(person, "exception", ship_at, day, day)

    def label_created(self, person: Person) -> dict[str, Any]:
        day = _add_business_days(self.today, 1 + self._transit(person))
        return self._shipment(person, "label_created", None, day, day)

    # -- orders ----------------------------------------------------------------------------

    def lines(self) -> list[tuple[ProductSpec, int]]:
        count = self.rng.choices((1, 2, 3), weights=(50, 35, 15))[0]
        picked = self.rng.sample(PRODUCTS, count)
        return [
            (p, self.rng.choice((1, 1, 2, 2, 3, 4)) if Decimal(p.price) < 30 else 1) for p in picked
        ]

    def base(self, number: str, person: Person, placed: datetime, status: S) -> dict[str, Any]:
        lines = self.lines()
        self.carrier = self.rng.choice(person.country.carriers)
        subtotal = sum((Decimal(p.price) * q for p, q in lines), Decimal(0))
        fee = Decimal(0) if subtotal >= Decimal(FREE_SHIPPING_FROM) else Decimal(SHIPPING_FEE)
        return {
            "number": number,
            "customer_email": person.email,
            "placed_at": iso(placed),
            "status": status.value,
            "payment_status": "paid",
            "currency": "EUR",
            "total": money(subtotal + fee),
            "shipping_address": person.address(),
            "items": [
                {"sku": p.sku, "name": p.name, "quantity": q, "unit_price": p.price}
                for p, q in lines
            ],
            "shipments": [],
            "refunds": [],
            # Extra fields: not columns, kept in Order.extra.
            "payment_method": self.rng.choice(person.country.payment_methods),
            "shipping_fee": money(fee),
        }

    def refund(self, amount: Decimal, created: datetime) -> dict[str, Any]:
        created = min(created, self.now - timedelta(minutes=30))
        status = "processed" if created < self.now - timedelta(days=2) else "pending"
        return {"amount": money(amount), "status": status, "created_at": iso(created)}

    def reason(self, status: S) -> dict[str, Any]:
        if status is S.PAYMENT_FAILED:
            return {
                "payment_status": "failed",
                "payment_failure_reason": self.rng.choice(PAYMENT_FAILURE_REASONS),
            }
        if status is S.PENDING:
            return {"payment_status": "pending"}
        if status is S.ON_HOLD:
            return {"hold_reason": self.rng.choice(HOLD_REASONS)}
        return {}

    def items_total(self, items: list[dict[str, Any]]) -> Decimal:
        return sum((Decimal(i["unit_price"]) * i["quantity"] for i in items), Decimal(0))

    def delivered_at(self, order: dict[str, Any]) -> datetime:
        return datetime.fromisoformat(order["shipments"][-1]["delivered_at"])

    def settle(self, order: dict[str, Any]) -> None:
        """Payment status follows processed refunds; a pending refund leaves it "paid"."""
        refunded = sum(
            (Decimal(r["amount"]) for r in order["refunds"] if r["status"] == "processed"),
            Decimal(0),
        )
        if refunded and order["payment_status"] == "paid":
            full = refunded >= Decimal(order["total"])
            order["payment_status"] = "refunded" if full else "partially_refunded"


def _split(order: dict[str, Any], make: Callable[[int], dict[str, Any]]) -> None:
    """Ship the first line on its own and the rest a day later: ``make(delay_days)``."""
    items = order["items"]
    first, second = make(0), make(1)
    first["contents"] = [items[0]["sku"]]  # extra field: which items travel in this parcel
    second["contents"] = [i["sku"] for i in items[1:]]
    order["shipments"] = [first, second]


def build_orders(
    rng: random.Random, today: date, people: list[Person], pinned: dict[str, Person]
) -> list[dict[str, Any]]:
    """All demo orders; ``pinned`` maps an example order number to its fixed customer."""
    factory = OrderFactory(rng, today)
    slots = timeline()
    # One shipped parcel has a failed delivery attempt: the oldest shipped order not pinned.
    exception_number = next(
        (
            f"HX{FIRST_NUMBER + i}"
            for i, (age, s) in enumerate(slots)
            if s is S.SHIPPED and age >= 5 and f"HX{FIRST_NUMBER + i}" not in pinned
        ),
        None,
    )
    orders = []
    for index, (age, status) in enumerate(slots):
        number = f"HX{FIRST_NUMBER + index}"
        person = pinned.get(number) or rng.choice(people)
        placed = factory.now - timedelta(days=age, seconds=rng.randint(0, 59))
        order = factory.base(number, person, placed.replace(microsecond=0), status)
        order.update(factory.reason(status))
        # Pinned examples stay simple (one parcel, on time) so they read well in a demo.
        plain = number in pinned
        split = not plain and len(order["items"]) > 1 and rng.random() < 0.25
        _fill(factory, order, person, placed, status, plain, split, number == exception_number)
        factory.settle(order)
        orders.append(order)
    return orders


def _fill(
    f: OrderFactory,
    order: dict[str, Any],
    person: Person,
    placed: datetime,
    status: S,
    plain: bool,
    split: bool,
    exception: bool,
) -> None:
    """Payment, parcels and refunds that fit ``status``."""
    rng = f.rng
    if status is S.PROCESSING and rng.random() < 0.4:  # label printed, not yet picked up
        order["shipments"] = [f.label_created(person)]
    elif status is S.SHIPPED:
        if exception:
            order["shipments"] = [f.exception(person, placed)]
        elif split:
            _split(order, lambda delay: f.in_transit(person, placed, False, delay))
        else:
            late = not plain and rng.random() < 0.15
            order["shipments"] = [f.in_transit(person, placed, late)]
    elif status is S.OUT_FOR_DELIVERY:
        order["shipments"] = [f.out_for_delivery(person, placed)]
    elif status is S.DELIVERED:
        if split:
            _split(order, lambda delay: f.delivered(person, placed, delay))
        else:
            order["shipments"] = [f.delivered(person, placed)]
        if not plain and rng.random() < 0.08:  # a chipped item: partial refund, no return needed
            item = order["items"][0]
            order["refund_reason"] = "arrived damaged"
            order["refunds"] = [
                f.refund(Decimal(item["unit_price"]), f.delivered_at(order) + timedelta(days=2))
            ]
    elif status is S.RETURNED:
        order["shipments"] = [f.delivered(person, placed)]
        items = order["items"]
        returned = items[:1] if len(items) > 1 and rng.random() < 0.5 else items
        back = f.delivered_at(order) + timedelta(days=rng.uniform(5, 17))
        order["return_reason"] = rng.choice(RETURN_REASONS)
        order["refunds"] = [f.refund(f.items_total(returned), back)]
    elif status is S.REFUNDED:
        total = Decimal(order["total"])
        if f.now - placed > timedelta(days=20) and rng.random() < 0.5:
            order["shipments"] = [f.delivered(person, placed)]
            order["refund_reason"] = "arrived damaged"
            created = f.delivered_at(order) + timedelta(days=rng.uniform(1, 4))
        else:
            order["refund_reason"] = "item out of stock"
            created = placed + timedelta(days=rng.uniform(1, 2))
        order["refunds"] = [f.refund(total, created)]
    elif status is S.CANCELLED:
        order["cancel_reason"] = rng.choice(CANCEL_REASONS)
        if rng.random() < 0.6:  # cancelled after payment: refunded in full
            order["refunds"] = [
                f.refund(Decimal(order["total"]), placed + timedelta(hours=rng.uniform(2, 20)))
            ]
        else:
            order["payment_status"] = None
