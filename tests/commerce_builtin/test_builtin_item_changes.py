"""The built-in connector lowers or removes an order line, on real SQLite and PostgreSQL:
refunded at the order's price, audited, once per key, and refused once the order moved on."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.builtin import DatabaseOrderActions
from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.models import AuditEntry
from shopdesk.store import import_document, load_document

pytestmark = pytest.mark.asyncio

STORE = Path(__file__).resolve().parents[1] / "conversations" / "change-order-store.json"


@pytest.fixture
async def shop(session: AsyncSession) -> DatabaseOrderActions:
    await import_document(session, load_document(STORE))
    return DatabaseOrderActions(session, actor="customer:test")


async def _audit(session: AsyncSession) -> list[AuditEntry]:
    return list((await session.execute(select(AuditEntry))).scalars().all())


async def test_a_paid_order_keeps_its_charge_and_gets_the_difference_back(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    changed = await shop.change_item_quantity("CO7001", "MUG-01", 1, expected_quantity=2, key="m:1")
    assert [(i.sku, i.quantity) for i in changed.items] == [
        ("MUG-01", 1),
        ("NAP-04", 4),
        ("TRAY-01", 1),
    ]
    assert changed.total == Decimal("92.00")  # what was charged
    assert [r.amount for r in changed.refunds] == [Decimal("18.00")]
    assert changed.payment_status == "partially_refunded"
    [entry] = await _audit(session)
    assert (entry.action, entry.subject, entry.idempotency_key) == (
        "change_item_quantity",
        "order:CO7001",
        "m:1",
    )
    assert entry.before["items"][0]["quantity"] == 2 and entry.after["items"][0]["quantity"] == 1
    assert entry.after["refunded"] == "18.00"


async def test_removing_a_line_of_an_unpaid_order_lowers_its_total(
    shop: DatabaseOrderActions,
) -> None:
    changed = await shop.change_item_quantity("CO7002", "NAP-04", 0, key="m:2")
    assert [i.sku for i in changed.items] == ["MUG-01"]
    assert changed.total == Decimal("54.00") and changed.refunds == ()


async def test_a_retried_key_changes_nothing_more(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    first = await shop.change_item_quantity("CO7101", "NAP-04", 2, key="m:3")
    again = await shop.change_item_quantity("CO7101", "NAP-04", 2, key="m:3")
    assert first == again and len(again.refunds) == 1
    assert again.refunded_total == Decimal("13.00")
    assert len(await _audit(session)) == 1


async def test_a_line_that_changed_since_the_proposal_is_refused(
    shop: DatabaseOrderActions, session: AsyncSession
) -> None:
    await shop.change_item_quantity("CO7201", "MUG-01", 1, key="m:4")
    before = await shop.get_order("CO7201")
    with pytest.raises(CommerceRejected, match="changed meanwhile"):
        await shop.change_item_quantity("CO7201", "MUG-01", 0, expected_quantity=2, key="m:5")
    assert await shop.get_order("CO7201") == before
    assert len(await _audit(session)) == 1


@pytest.mark.parametrize(
    ("number", "line", "quantity", "why"),
    [
        ("CO7901", "MUG-01", 1, "shipped"),
        ("CO7902", "MUG-01", 1, "cancelled"),
        ("CO7301", "MUG-01", 3, "only lower"),
        ("CO7301", "MUG-01", 2, "only lower"),
        ("CO7301", "NOPE", 1, "no line"),
        ("CO7905", "MUG-01", 0, "cancellation"),
    ],
)
async def test_refusals_change_nothing(
    shop: DatabaseOrderActions,
    session: AsyncSession,
    number: str,
    line: str,
    quantity: int,
    why: str,
) -> None:
    before = await shop.get_order(number)
    with pytest.raises(CommerceRejected, match=why):
        await shop.change_item_quantity(number, line, quantity, key=f"m:{number}:{quantity}")
    assert await shop.get_order(number) == before
    assert await _audit(session) == []


async def test_a_line_without_sku_is_found_by_name(shop: DatabaseOrderActions) -> None:
    changed = await shop.change_item_quantity("CO7401", "linen napkin", 3, key="m:6")
    assert [i.quantity for i in changed.items if i.sku == "NAP-04"] == [3]
