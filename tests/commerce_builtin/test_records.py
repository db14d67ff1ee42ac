"""The built-in shopper records, on real SQLite and PostgreSQL: feedback once per key, one open
erasure request per email, and the newsletter's latest choice."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.commerce.records import DatabaseShopperRecords
from shopdesk.models import ErasureRequest, Feedback, NewsletterSubscription

pytestmark = pytest.mark.asyncio


@pytest.fixture
def records(session: AsyncSession) -> DatabaseShopperRecords:
    return DatabaseShopperRecords(session)


async def _count(session: AsyncSession, model: type) -> int:
    return int((await session.execute(select(func.count()).select_from(model))).scalar_one())


async def test_feedback_is_kept_once_per_key(
    records: DatabaseShopperRecords, session: AsyncSession
) -> None:
    for _ in range(2):
        await records.record_feedback(
            "complaint",
            "The parcel arrived damaged",
            email="Buyer1@Example.com",
            order_number="TS5001",
            rating=None,
            idempotency_key="message:1",
        )
    await records.record_feedback(
        "review", "Lovely", email=None, order_number=None, rating=5, idempotency_key="message:2"
    )
    rows = (await session.execute(select(Feedback).order_by(Feedback.id))).scalars().all()
    assert [(r.kind, r.email, r.order_number, r.rating) for r in rows] == [
        ("complaint", "buyer1@example.com", "TS5001", None),
        ("review", None, None, 5),
    ]


async def test_erasure_gets_a_reference_and_a_retry_or_a_second_ask_the_same(
    records: DatabaseShopperRecords, session: AsyncSession
) -> None:
    first = await records.request_erasure("buyer2@example.com", idempotency_key="message:1")
    assert re.fullmatch(r"E-[A-Z0-9]{8}", first)
    assert await records.request_erasure("buyer2@example.com", idempotency_key="message:1") == first
    assert await records.request_erasure("BUYER2@example.com", idempotency_key="message:9") == first
    other = await records.request_erasure("buyer3@example.com", idempotency_key="message:2")
    assert other != first
    assert await _count(session, ErasureRequest) == 2
    row = (
        await session.execute(select(ErasureRequest).where(ErasureRequest.reference == first))
    ).scalar_one()
    assert (row.email, row.status) == ("buyer2@example.com", "pending")


async def test_a_closed_erasure_request_does_not_stop_a_new_one(
    records: DatabaseShopperRecords, session: AsyncSession
) -> None:
    first = await records.request_erasure("buyer4@example.com", idempotency_key="message:1")
    row = (await session.execute(select(ErasureRequest))).scalar_one()
    row.status = "done"
    await session.flush()
    second = await records.request_erasure("buyer4@example.com", idempotency_key="message:2")
    assert second != first and await _count(session, ErasureRequest) == 2


async def test_newsletter_upsert_returns_the_previous_choice(
    records: DatabaseShopperRecords, session: AsyncSession
) -> None:
    assert await records.set_newsletter("buyer5@example.com", True) is False
    assert await records.set_newsletter("Buyer5@example.com", True) is True
    assert await records.set_newsletter("buyer5@example.com", False) is True
    assert await records.set_newsletter("buyer5@example.com", False) is False
    row = (await session.execute(select(NewsletterSubscription))).scalar_one()
    assert (row.email, row.subscribed) == ("buyer5@example.com", False)
    assert await _count(session, NewsletterSubscription) == 1
