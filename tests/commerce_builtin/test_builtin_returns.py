"""The built-in connector's returns, on real SQLite and PostgreSQL: one row per idempotency key,
refused for undelivered orders, unknown items and items already being returned."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.builtin import DatabaseOrderActions
from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.core.orders import OrderItemView
from shopdesk.models import AuditEntry, Return
from shopdesk.store import import_document, load_document
from support.store_doc import STORE_FILE as TEST_STORE

pytestmark = pytest.mark.asyncio

MUG = OrderItemView(sku="MUG-01", name="Stoneware mug", quantity=2)


@pytest.fixture
async def shop(session: AsyncSession) -> DatabaseOrderActions:
    await import_document(session, load_document(TEST_STORE))
    return DatabaseOrderActions(
        session, actor="customer:test", returns_portal="https://shop.example/returns/"
    )


async def _returns(session: AsyncSession) -> int:
    return int((await session.execute(select(func.count()).select_from(Return))).scalar_one())


async def test_a_return_is_stored_with_its_label_and_audited(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    opened = await shop.create_return("TS5005", [MUG], "  too small ", idempotency_key="r:1")
    assert opened.reference.startswith("R-") and len(opened.reference) == 10
    assert opened.label_url == f"https://shop.example/returns/{opened.reference}"
    assert opened.status == "requested"
    assert [(i.sku, i.name, i.quantity) for i in opened.items] == [("MUG-01", "Stoneware mug", 2)]
    row = (await session.execute(select(Return))).scalar_one()
    assert (row.reference, row.reason, row.idempotency_key) == (
        opened.reference,
        "too small",
        "r:1",
    )
    assert row.created_at.tzinfo is not None
    entry = (await session.execute(select(AuditEntry))).scalar_one()
    assert (entry.action, entry.subject) == ("create_return", "order:TS5005")
    assert entry.after["return"] == opened.reference


async def test_the_same_key_twice_is_one_return(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    first = await shop.create_return("TS5005", [MUG], "broken", idempotency_key="r:2")
    again = await shop.create_return("TS5005", [MUG], "broken", idempotency_key="r:2")
    assert again == first
    assert await _returns(session) == 1


async def test_items_already_being_returned_are_refused(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    await shop.create_return("TS5005", [MUG], "broken", idempotency_key="r:3")
    with pytest.raises(CommerceRejected):
        await shop.create_return("TS5005", [MUG], "broken", idempotency_key="r:4")
    assert await _returns(session) == 1


@pytest.mark.parametrize("number", ["TS5001", "TS5003", "TS5006", "TS5007", "TS5008", "NOPE1"])
async def test_orders_not_delivered_or_done_with_are_refused(
    shop: DatabaseOrderActions, session: AsyncSession, number: str
) -> None:
    with pytest.raises(CommerceRejected):
        await shop.create_return(number, [MUG], "broken", idempotency_key=f"r:{number}")
    assert await _returns(session) == 0


async def test_an_item_not_on_the_order_is_refused(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    other = OrderItemView(sku="HAT-9", name="Wool hat", quantity=1)
    with pytest.raises(CommerceRejected):
        await shop.create_return("TS5005", [other], "broken", idempotency_key="r:5")
    assert await _returns(session) == 0


async def test_without_a_portal_the_label_is_a_path_on_the_shop(session: AsyncSession) -> None:
    await import_document(session, load_document(TEST_STORE))
    shop = DatabaseOrderActions(session, actor="customer:test")
    opened = await shop.create_return("TS5005", [MUG], "broken", idempotency_key="r:6")
    assert opened.label_url == f"/returns/{opened.reference}/label"


async def test_order_items_carry_their_product_tags(shop: DatabaseOrderActions) -> None:
    order = await shop.get_order("TS5005")
    assert order is not None and order.items[0].tags == ("kitchen",)
