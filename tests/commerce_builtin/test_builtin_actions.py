"""The built-in connector's writes, on real SQLite and PostgreSQL: audited, idempotent, refused
after shipment, and never half-written."""

from __future__ import annotations

from decimal import Decimal

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.builtin import DatabaseOrderActions
from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.core.orders import AddressView
from shopdesk.core.types import OrderStatus
from shopdesk.models import AuditEntry, Refund
from shopdesk.store import import_document, load_document
from support.store_doc import STORE_FILE as TEST_STORE

pytestmark = pytest.mark.asyncio


@pytest.fixture
async def shop(session: AsyncSession) -> DatabaseOrderActions:
    await import_document(session, load_document(TEST_STORE))
    return DatabaseOrderActions(session, actor="customer:test")


async def _count(session: AsyncSession, model: type) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_cancel_refunds_what_was_paid_and_audits(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    cancelled = await shop.cancel_order("TS5002", reason="changed mind", idempotency_key="m:1")
    assert cancelled.status is OrderStatus.CANCELLED
    assert cancelled.payment_status == "refunded"
    assert cancelled.refunded_total == cancelled.total == Decimal("36.00")
    entry = (await session.execute(select(AuditEntry))).scalar_one()
    assert (entry.action, entry.actor, entry.subject) == (
        "cancel_order",
        "customer:test",
        "order:TS5002",
    )
    assert entry.before == {"status": "processing", "payment_status": "paid"}
    assert entry.after == {"status": "cancelled", "payment_status": "refunded"}


async def test_a_retried_cancel_changes_nothing_more(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    await shop.cancel_order("TS5001", reason=None, idempotency_key="m:2")
    again = await shop.cancel_order("TS5001", reason=None, idempotency_key="m:2")
    other_key = await shop.cancel_order("TS5001", reason=None, idempotency_key="m:3")
    assert again.status is other_key.status is OrderStatus.CANCELLED
    assert await _count(session, Refund) - _refunds_in_store() == 1
    assert await _count(session, AuditEntry) == 1


async def test_an_unpaid_order_is_cancelled_without_a_refund(shop: DatabaseOrderActions) -> None:
    cancelled = await shop.cancel_order("TS5000", reason=None, idempotency_key="m:4")
    assert cancelled.status is OrderStatus.CANCELLED and cancelled.refunds == ()


@pytest.mark.parametrize("number", ["TS5003", "TS5004", "TS5005", "TS5007", "TS5008"])
async def test_after_shipment_the_cancel_is_refused_and_nothing_changes(
    shop: DatabaseOrderActions, session: AsyncSession, number: str
) -> None:
    before = await shop.get_order(number)
    with pytest.raises(CommerceRejected):
        await shop.cancel_order(number, reason=None, idempotency_key=f"m:{number}")
    assert await shop.get_order(number) == before
    assert await _count(session, AuditEntry) == 0


async def test_unknown_order_is_refused(shop: DatabaseOrderActions) -> None:
    with pytest.raises(CommerceRejected):
        await shop.cancel_order("NOPE1", reason=None, idempotency_key="m:5")


async def test_address_change_before_shipment_is_audited_once(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    new = AddressView(
        name="Ana Ruiz", line1="Calle Mayor 1", city="Madrid", postal_code="28013", country="ES"
    )
    updated = await shop.update_shipping_address("TS5001", new, idempotency_key="m:6")
    again = await shop.update_shipping_address("TS5001", new, idempotency_key="m:6")
    assert updated.shipping_address == again.shipping_address == new
    entries = (await session.execute(select(AuditEntry))).scalars().all()
    assert [e.action for e in entries] == ["update_shipping_address"]
    assert entries[0].after == {"shipping_address": new.model_dump(exclude_none=True)}
    with pytest.raises(CommerceRejected):
        await shop.update_shipping_address("TS5003", new, idempotency_key="m:7")


def _refunds_in_store() -> int:
    doc = load_document(TEST_STORE)
    return sum(len(o.refunds) for o in doc.orders)
