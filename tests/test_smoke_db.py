from sqlalchemy import select

from shopdesk.models import Customer


async def test_roundtrip(session):
    session.add(Customer(email="a@example.com", extra={}))
    await session.flush()
    rows = (await session.execute(select(Customer))).scalars().all()
    assert [c.email for c in rows] == ["a@example.com"]
