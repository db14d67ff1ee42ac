from __future__ import annotations

from datetime import UTC, datetime
from decimal import Decimal

from shopdesk.core.orders import AddressView, OrderView
from shopdesk.core.types import OrderStatus
from shopdesk.dialogue.verification import owns_order

ORDER = OrderView(
    number="A1",
    status=OrderStatus.PAID,
    currency="EUR",
    total=Decimal("1.00"),
    placed_at=datetime(2026, 1, 1, tzinfo=UTC),
    customer_email="ana@example.com",
    shipping_address=AddressView(postal_code="SW1A 1AA"),
)


def test_email_and_postal_proofs() -> None:
    assert owns_order(ORDER, email=" ANA@example.com ")
    assert owns_order(ORDER, postal_code="sw1a1aa")
    assert not owns_order(ORDER, email="ana@example.org")
    assert not owns_order(ORDER, postal_code="SW1A 1AB")
    assert not owns_order(ORDER)
    assert not owns_order(ORDER, postal_code="")


def test_order_without_address_needs_the_email() -> None:
    bare = ORDER.model_copy(update={"shipping_address": None})
    assert not owns_order(bare, postal_code="SW1A 1AA")
    assert owns_order(bare, token_email="ana@example.com")
