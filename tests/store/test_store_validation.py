"""Invalid documents: the error names the record and field, and nothing is written."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from shopdesk.store import StoreImportError, import_document, load_document, parse_document

Doc = dict[str, Any]


def _set(path: str, value: Any) -> Callable[[Doc], None]:
    """A mutation that sets ``value`` at a dotted path like ``orders.3.total``."""

    def mutate(doc: Doc) -> None:
        *parents, last = path.split(".")
        target: Any = doc
        for part in parents:
            target = target[int(part)] if part.isdigit() else target[part]
        if value is _DELETE:
            del target[last]
        else:
            target[int(last) if last.isdigit() else last] = value

    return mutate


_DELETE = object()
A1004 = 'orders[3] (number "A1004")'
SHIPMENT = "orders.3.shipments.0"

# (mutation, record, field, expected words in the message)
CASES: dict[str, tuple[Callable[[Doc], None], str, str | None, str]] = {
    "impossible date": (
        _set(f"{SHIPMENT}.estimated_delivery", "2026-13-01"),
        A1004,
        "shipments[0].estimated_delivery",
        'invalid date "2026-13-01"',
    ),
    "date in another format": (
        _set(f"{SHIPMENT}.estimated_delivery", "24/11/2026"),
        A1004,
        "shipments[0].estimated_delivery",
        "expected YYYY-MM-DD",
    ),
    "datetime": (
        _set("orders.3.placed_at", "yesterday"),
        A1004,
        "placed_at",
        'invalid datetime "yesterday"',
    ),
    "event datetime": (
        _set(f"{SHIPMENT}.events.0.at", 5),
        A1004,
        "shipments[0].events[0].at",
        "invalid datetime",
    ),
    "money as a float": (
        _set("orders.3.total", 36.0),
        A1004,
        "total",
        'money must be a decimal string like "18.00"',
    ),
    "money as an integer": (_set("orders.3.total", 36), A1004, "total", "decimal string"),
    "money with a comma": (
        _set("orders.3.total", "36,00"),
        A1004,
        "total",
        'invalid money "36,00"',
    ),
    "money with 3 decimals": (
        _set("orders.3.items.0.unit_price", "18.005"),
        A1004,
        "items[0].unit_price",
        "2 decimals",
    ),
    "negative money": (_set("orders.3.total", "-1.00"), A1004, "total", "must not be negative"),
    "product price float": (
        _set("products.0.price", 18.5),
        'products[0] (sku "MUG-01")',
        "price",
        "decimal string",
    ),
    "currency": (_set("orders.3.currency", "EURO"), A1004, "currency", "ISO 4217"),
    "unknown currency": (
        _set("products.1.currency", "ABC"),
        'products[1] (sku "CND-01")',
        "currency",
        "ISO 4217",
    ),
    "quantity zero": (
        _set("orders.3.items.0.quantity", 0),
        A1004,
        "items[0].quantity",
        "must be at least 1",
    ),
    "quantity as text": (
        _set("orders.3.items.0.quantity", "2"),
        A1004,
        "items[0].quantity",
        "whole number",
    ),
    "negative stock": (
        _set("products.0.stock", -1),
        'products[0] (sku "MUG-01")',
        "stock",
        "at least 0",
    ),
    "order status": (_set("orders.3.status", "lost"), A1004, "status", 'invalid status "lost"'),
    "payment status": (
        _set("orders.3.payment_status", "settled"),
        A1004,
        "payment_status",
        "invalid status",
    ),
    "shipment status": (
        _set(f"{SHIPMENT}.status", "flying"),
        A1004,
        "shipments[0].status",
        "label_created",
    ),
    "refund status": (
        _set("orders.8.refunds.0.status", "done"),
        'orders[8] (number "A1009")',
        "refunds[0].status",
        "pending, processed",
    ),
    "email": (
        _set("customers.1.email", "ben at example.org"),
        'customers[1] (email "ben at example.org")',
        "email",
        "invalid email",
    ),
    "order customer email": (
        _set("orders.3.customer_email", "nobody"),
        A1004,
        "customer_email",
        "invalid email",
    ),
    "locale": (
        _set("customers.0.locale", "spanish"),
        'customers[0] (email "ana@example.com")',
        "locale",
        "two letters",
    ),
    "country": (
        _set("orders.3.shipping_address.country", "Spain"),
        A1004,
        "shipping_address.country",
        "two letters",
    ),
    "vip not a boolean": (
        _set("customers.0.vip", "yes"),
        'customers[0] (email "ana@example.com")',
        "vip",
        "true or false",
    ),
    "missing order number": (
        _set("orders.2.number", _DELETE),
        "orders[2]",
        "number",
        "required field is missing",
    ),
    "empty sku": (_set("products.1.sku", " "), 'products[1] (sku " ")', "sku", "must not be empty"),
    "missing event description": (
        _set(f"{SHIPMENT}.events.0.description", _DELETE),
        A1004,
        "shipments[0].events[0].description",
        "required",
    ),
    "record is not an object": (_set("orders.3", "A1004"), "orders[3]", None, "must be an object"),
    "orders not a list": (_set("orders", {"A1": {}}), "document", "orders", "must be a list"),
    "duplicate email": (
        lambda doc: doc["customers"].append({"email": "ANA@example.com"}),
        'customers[2] (email "ana@example.com")',
        "email",
        "duplicate email: already in customers[0]",
    ),
    "duplicate sku": (
        lambda doc: doc["products"].append(dict(doc["products"][0])),
        'products[2] (sku "MUG-01")',
        "sku",
        "already in products[0]",
    ),
    "duplicate order number": (
        lambda doc: doc["orders"].append(dict(doc["orders"][3])),
        'orders[11] (number "A1004")',
        "number",
        "duplicate number: already in orders[3]",
    ),
    "order numbers equal once canonicalized": (
        lambda doc: doc["orders"].append({**doc["orders"][3], "number": "a-1004"}),
        'orders[11] (number "a-1004")',
        "number",
        'the same as "A1004" (orders[3])',
    ),
    "order number without letters or digits": (
        _set("orders.3.number", "#-"),
        'orders[3] (number "#-")',
        "number",
        "letters or digits",
    ),
    "duplicate article": (
        lambda doc: doc["articles"].append({**doc["articles"][1], "locale": "ES"}),
        'articles[2] (slug "returns-policy", locale "es")',
        "slug",
        "duplicate slug and locale",
    ),
}


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_error_names_record_and_field(small_doc, case):
    mutate, record, field, words = CASES[case]
    mutate(small_doc)
    with pytest.raises(StoreImportError) as caught:
        parse_document(small_doc)
    error = caught.value
    assert (error.record, error.field) == (record, field)
    assert words in error.message
    assert "\n" not in str(error)
    assert str(error).startswith(f"{record}: ")


def test_message_is_one_clear_line(small_doc):
    CASES["impossible date"][0](small_doc)
    with pytest.raises(StoreImportError) as caught:
        parse_document(small_doc)
    assert str(caught.value) == (
        'orders[3] (number "A1004"): field shipments[0].estimated_delivery: '
        'invalid date "2026-13-01"'
    )


def test_every_problem_is_listed(small_doc):
    small_doc["orders"][0]["total"] = 1.5
    small_doc["orders"][5]["status"] = "gone"
    small_doc["customers"].append({"email": "ana@example.com"})
    with pytest.raises(StoreImportError) as caught:
        parse_document(small_doc)
    # Field errors come first: duplicates are only looked for in a well-formed document.
    assert [(i.record, i.field) for i in caught.value.issues] == [
        ('orders[0] (number "A1001")', "total"),
        ('orders[5] (number "A1006")', "status"),
    ]


async def test_nothing_is_written_for_any_invalid_document(session, small_doc, new_doc, snapshot):
    await import_document(session, parse_document(small_doc))
    before = await snapshot(session)
    for name, (mutate, *_) in CASES.items():
        doc = new_doc()
        # Valid changes next to the invalid one: none of them may reach the database.
        doc["customers"][0]["name"] = "Changed"
        doc["products"].append({"sku": "NEW-1", "name": "New", "price": "1.00", "currency": "EUR"})
        mutate(doc)
        with pytest.raises(StoreImportError):
            await import_document(session, parse_document(doc))
        assert await snapshot(session) == before, name


async def test_order_for_an_unknown_customer_imports_nothing(session, small_doc, snapshot):
    before = await snapshot(session)
    small_doc["orders"][3]["customer_email"] = "zoe@example.com"
    doc = parse_document(small_doc)  # valid as a file: the customer might be in the database
    with pytest.raises(StoreImportError) as caught:
        await import_document(session, doc)
    assert str(caught.value) == (
        'orders[3] (number "A1004"): field customer_email: '
        'no customer with email "zoe@example.com" in the file or the database'
    )
    assert await snapshot(session) == before


def test_load_document_reads_a_file(tmp_path: Path, small_doc):
    import json

    path = tmp_path / "store.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(small_doc).encode())
    doc = load_document(path)
    assert [o.number for o in doc.orders][:2] == ["A1001", "A1002"]
    assert doc.record_count == 17


def test_load_document_reports_invalid_json_with_position(tmp_path: Path):
    path = tmp_path / "broken.json"
    path.write_text('{\n  "customers": [\n    {"email": "a@example.com",}\n  ]\n}\n')
    with pytest.raises(StoreImportError) as caught:
        load_document(path)
    assert caught.value.record == str(path)
    assert "invalid JSON at line 3, column" in str(caught.value)


def test_load_document_reports_unreadable_file(tmp_path: Path):
    with pytest.raises(StoreImportError) as caught:
        load_document(tmp_path / "missing.json")
    assert "cannot read file" in str(caught.value)


def test_document_must_be_an_object():
    with pytest.raises(StoreImportError) as caught:
        parse_document([1, 2])
    assert caught.value.record == "document"
