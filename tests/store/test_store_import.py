"""Importing documents: create, idempotent re-import, update, extra fields, existing customers."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import selectinload

from shopdesk.core.types import OrderStatus
from shopdesk.models import Article, Customer, Order, OrderItem, Product, Refund, Shipment
from shopdesk.store import import_document, parse_document


async def _import(session: AsyncSession, raw: dict, **kwargs):
    return await import_document(session, parse_document(raw), **kwargs)


async def _order(session: AsyncSession, number: str) -> Order:
    query = (
        select(Order)
        .where(Order.number == number)
        .options(
            selectinload(Order.items), selectinload(Order.shipments), selectinload(Order.refunds)
        )
    )
    return (await session.scalars(query)).one()


async def _count(session: AsyncSession, model) -> int:
    return (await session.scalar(select(func.count()).select_from(model))) or 0


async def test_import_creates_every_kind(session, small_doc):
    summary = await _import(session, small_doc)

    assert (summary.customers.created, summary.products.created) == (2, 2)
    assert (summary.orders.created, summary.articles.created) == (11, 2)
    assert summary.updated == 0
    statuses = set(await session.scalars(select(Order.status)))
    assert statuses == {s.value for s in OrderStatus}

    ana = (await session.scalars(select(Customer).where(Customer.email == "ana@example.com"))).one()
    assert (ana.name, ana.locale, ana.postal_code, ana.vip) == ("Ana Ruiz", "es", "28001", True)
    mug = (await session.scalars(select(Product).where(Product.sku == "MUG-01"))).one()
    assert (mug.price, mug.currency, mug.tags) == (Decimal("18.00"), "EUR", ["kitchen", "gift"])

    shipped = await _order(session, "A1004")
    assert shipped.status == "shipped"
    assert shipped.number_key == "A1004"
    ben_id = await session.scalar(select(Customer.id).where(Customer.email == "ben@example.org"))
    assert shipped.customer_id == ben_id
    assert shipped.placed_at == datetime(2026, 11, 4, 10, tzinfo=UTC)
    assert shipped.shipping_address["postal_code"] == "28001"
    assert [(i.position, i.sku, i.quantity, i.unit_price) for i in shipped.items] == [
        (0, "MUG-01", 2, Decimal("18.00"))
    ]
    (shipment,) = shipped.shipments
    assert (shipment.carrier, shipment.status) == ("DHL", "in_transit")
    assert shipment.estimated_delivery == date(2026, 11, 24)
    assert shipment.events == [
        {"at": "2026-11-20T16:00:00+00:00", "location": "Zaragoza", "description": "Picked up"}
    ]

    failed = await _order(session, "A1011")
    assert failed.payment_failure_reason == "Card declined."
    assert failed.extra == {}
    assert (await _order(session, "A1010")).hold_reason == "Address check."
    refunded = await _order(session, "A1009")
    assert [(r.amount, r.status) for r in refunded.refunds] == [(Decimal("36.00"), "processed")]
    titles = set(await session.scalars(select(Article.title)))
    assert titles == {"Returns", "Devoluciones"}


async def test_reimport_changes_nothing(
    sessionmaker: async_sessionmaker, small_doc, new_doc, snapshot
):
    # Separate committed transactions: the second import compares against what the database
    # returns, not against objects still in memory.
    async with sessionmaker.begin() as session:
        await _import(session, small_doc)
    async with sessionmaker() as session:
        before = await snapshot(session)
    async with sessionmaker.begin() as session:
        summary = await _import(session, new_doc())
    async with sessionmaker() as session:
        after = await snapshot(session)

    assert summary.created == summary.updated == 0
    assert summary.orders.unchanged == 11
    assert str(summary).startswith("customers: 0 created, 0 updated, 2 unchanged")
    assert after == before


async def test_reimport_of_changed_file_updates(
    sessionmaker: async_sessionmaker, small_doc, new_doc
):
    async with sessionmaker.begin() as session:
        await _import(session, small_doc)
        ids = {o.number: o.id for o in await session.scalars(select(Order))}

    changed = new_doc()
    changed["customers"][0]["name"] = "Ana Ruiz Ortega"
    changed["products"][1]["stock"] = 5
    changed["articles"][1]["body"] = "Tienes 30 días."
    order = changed["orders"][3]  # A1004, shipped
    order["status"] = "delivered"
    order["shipments"][0]["status"] = "delivered"
    order["shipments"][0]["delivered_at"] = "2026-11-23T12:00:00+02:00"
    order["items"].append({"sku": "CND-01", "name": "Soy candle", "quantity": 1})
    order["refunds"] = [{"amount": "5.00", "status": "pending"}]
    changed["orders"].append({**changed["orders"][0], "number": "A2000", "items": []})

    async with sessionmaker.begin() as session:
        summary = await _import(session, changed)
    assert (summary.customers.updated, summary.products.updated) == (1, 1)
    assert (summary.articles.updated, summary.orders.updated) == (1, 1)
    assert (summary.orders.created, summary.orders.unchanged) == (1, 10)

    async with sessionmaker() as session:
        a1004 = await _order(session, "A1004")
        assert a1004.id == ids["A1004"]
        assert a1004.status == "delivered"
        assert a1004.shipments[0].delivered_at == datetime(2026, 11, 23, 10, tzinfo=UTC)
        assert [i.sku for i in a1004.items] == ["MUG-01", "CND-01"]
        assert [i.position for i in a1004.items] == [0, 1]
        assert [(r.amount, r.status) for r in a1004.refunds] == [(Decimal("5.00"), "pending")]
        # The replaced children are gone, not orphaned.
        assert await _count(session, Shipment) == 3
        assert await _count(session, OrderItem) == 12
        assert await _count(session, Refund) == 3
        assert await _count(session, Order) == 12
        ana = (await session.scalars(select(Customer).where(Customer.name.like("Ana%")))).one()
        assert ana.name == "Ana Ruiz Ortega"


async def test_order_number_written_differently_updates_the_same_order(session, small_doc, new_doc):
    await _import(session, small_doc)
    again = new_doc()
    again["orders"][0]["number"] = "a-1001"
    summary = await _import(session, again)
    assert (summary.orders.created, summary.orders.updated) == (0, 1)
    numbers = set(await session.scalars(select(Order.number)))
    assert "a-1001" in numbers
    assert "A1001" not in numbers


async def test_orders_may_refer_to_customers_already_in_the_database(session, small_doc):
    await _import(session, {"customers": small_doc["customers"]})
    only_orders = {"orders": small_doc["orders"]}
    only_orders["orders"][0]["customer_email"] = "  ANA@Example.COM "
    summary = await _import(session, only_orders)
    assert summary.orders.created == 11
    assert summary.customers.created == 0
    order = await _order(session, "A1001")
    ana = (await session.scalars(select(Customer).where(Customer.email == "ana@example.com"))).one()
    assert order.customer_id == ana.id


async def test_unknown_fields_are_kept_in_extra(session, small_doc):
    small_doc["customers"][0] |= {"loyalty_tier": "gold", "extra": {"crm_id": 7}}
    small_doc["products"][0]["material"] = "stoneware"
    small_doc["articles"][0]["author"] = "Support team"
    order = small_doc["orders"][3]
    order["gift_message"] = "Happy birthday!"
    order["items"][0]["engraving"] = "AR"
    order["shipments"][0]["contents"] = ["MUG-01"]
    order["shipments"][0]["events"][0]["code"] = "PU"
    order["shipping_address"]["phone"] = "+34 600 000 001"
    small_doc["orders"][8]["refunds"][0]["reason"] = "damaged"
    small_doc["version"] = 1  # unknown top-level key: ignored

    await _import(session, small_doc)

    ana = (await session.scalars(select(Customer).where(Customer.email == "ana@example.com"))).one()
    assert ana.extra == {"crm_id": 7, "loyalty_tier": "gold"}
    mug = (await session.scalars(select(Product).where(Product.sku == "MUG-01"))).one()
    assert mug.extra == {"material": "stoneware"}
    article = (await session.scalars(select(Article).where(Article.locale == "en"))).one()
    assert article.extra == {"author": "Support team"}
    a1004 = await _order(session, "A1004")
    assert a1004.extra == {"gift_message": "Happy birthday!"}
    assert a1004.items[0].extra == {"engraving": "AR"}
    assert a1004.shipments[0].extra == {"contents": ["MUG-01"]}
    assert a1004.shipments[0].events[0]["code"] == "PU"
    assert a1004.shipping_address["phone"] == "+34 600 000 001"
    assert (await _order(session, "A1009")).refunds[0].extra == {"reason": "damaged"}


async def test_naive_datetimes_are_utc_and_values_are_normalized(session, small_doc):
    order = small_doc["orders"][3]
    order["placed_at"] = "2026-11-04T10:00:00"
    order["shipments"][0]["events"][0]["at"] = "2026-11-20T17:00:00+01:00"
    order["status"] = "SHIPPED"
    order["currency"] = "eur"
    small_doc["customers"][0]["email"] = "Ana@Example.com"
    small_doc["articles"][1]["locale"] = "es-ES"
    await _import(session, small_doc)
    a1004 = await _order(session, "A1004")
    assert a1004.placed_at == datetime(2026, 11, 4, 10, tzinfo=UTC)
    assert a1004.shipments[0].events[0]["at"] == "2026-11-20T16:00:00+00:00"
    assert (a1004.status, a1004.currency) == ("shipped", "EUR")
    assert await session.scalar(select(Customer.id).where(Customer.email == "ana@example.com"))
    assert set(await session.scalars(select(Article.locale))) == {"en", "es"}


async def test_progress_reports_every_chunk(session, small_doc):
    calls: list[tuple[int, int]] = []
    await _import(session, small_doc, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 17)
    assert calls[-1] == (17, 17)
    assert [done for done, _ in calls] == sorted(done for done, _ in calls)
