"""The built-in commerce connector: orders from shopdesk's own database."""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import joinedload

from shopdesk.commerce.protocols import CommerceRejected
from shopdesk.commerce.return_records import add_return, label_url, return_view
from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ReturnView,
    ShipmentView,
    TrackingEventView,
)
from shopdesk.core.products import ProductView
from shopdesk.core.types import OrderStatus
from shopdesk.models import AuditEntry, Order, OrderItem, Product, Refund, Return


def _order_query(number_key: str) -> Select[tuple[Order]]:
    return (
        select(Order)
        .where(Order.number_key == number_key)
        .options(
            # One round trip: an order has few items, shipments and refunds, so the joined
            # rows stay few, and each statement costs far more than its rows here.
            joinedload(Order.customer),
            joinedload(Order.items),
            joinedload(Order.shipments),
            joinedload(Order.refunds),
        )
    )


class DatabaseOrderSource:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_order(self, number_key: str) -> OrderView | None:
        query = _order_query(number_key)
        order = (await self._session.execute(query)).unique().scalar_one_or_none()
        if order is None:
            return None
        return order_view(order, await _product_tags(self._session, order))


async def _product_tags(session: AsyncSession, order: Order) -> dict[str, tuple[str, ...]]:
    """The catalogue tags of the order's products, by SKU (one small query; none without SKUs)."""
    skus = {i.sku for i in order.items if i.sku}
    if not skus:
        return {}
    rows = await session.execute(select(Product.sku, Product.tags).where(Product.sku.in_(skus)))
    return {sku: tuple(str(t) for t in tags or ()) for sku, tags in rows}


# Until it ships an order can still change; after that the parcel is with the carrier.
_BEFORE_SHIPMENT = frozenset(
    {
        OrderStatus.PENDING,
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.ON_HOLD,
        OrderStatus.PAYMENT_FAILED,
    }
)


class DatabaseOrderActions(DatabaseOrderSource):
    """Writes on shopdesk's own orders, each with an audit entry, in the caller's transaction.

    The request or job that called commits (or rolls back) the write together with the turn
    that asked for it. Idempotent per key: the audit entry carries it, uniquely.
    """

    def __init__(
        self, session: AsyncSession, *, actor: str, returns_portal: str | None = None
    ) -> None:
        super().__init__(session)
        self._actor = actor
        # Where a return's label is fetched (policy.links.returns_portal), the reference appended.
        self._returns_portal = returns_portal

    async def _load(self, number_key: str) -> Order:
        query = _order_query(number_key).with_for_update(of=Order)
        order = (await self._session.execute(query)).unique().scalar_one_or_none()
        if order is None:
            raise CommerceRejected(f"no order {number_key}")
        return order

    async def _done_before(self, idempotency_key: str) -> bool:
        query = select(AuditEntry.id).where(AuditEntry.idempotency_key == idempotency_key)
        return (await self._session.execute(query)).first() is not None

    def _audit(self, action: str, order: Order, before: dict[str, Any], key: str) -> None:
        after = {k: _plain(getattr(order, k)) for k in before}
        self._session.add(
            AuditEntry(
                actor=self._actor,
                action=action,
                subject=f"order:{order.number}",
                before=before,
                after=after,
                idempotency_key=key or None,
            )
        )

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        order = await self._load(number_key)
        if await self._done_before(idempotency_key) or order.status == OrderStatus.CANCELLED:
            return order_view(order)
        if order.status not in _BEFORE_SHIPMENT:
            raise CommerceRejected(f"order {order.number} is {order.status}")
        before = {"status": order.status, "payment_status": order.payment_status}
        order.status = OrderStatus.CANCELLED
        if order.payment_status in ("paid", "partially_refunded"):
            owed = order.total - sum((r.amount for r in order.refunds), Decimal("0"))
            if owed > 0:
                order.refunds.append(
                    Refund(
                        position=len(order.refunds),
                        amount=owed,
                        status="pending",
                        created_at=datetime.now(UTC),
                        extra={"reason": reason or "order cancelled"},
                    )
                )
            order.payment_status = "refunded"
        self._audit("cancel_order", order, before, idempotency_key)
        await self._session.flush()
        return order_view(order)

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        order = await self._load(number_key)
        if await self._done_before(idempotency_key):
            return order_view(order)
        if order.status not in _BEFORE_SHIPMENT:
            raise CommerceRejected(f"order {order.number} is {order.status}")
        before = {"shipping_address": order.shipping_address}
        order.shipping_address = address.model_dump(exclude_none=True)
        self._audit("update_shipping_address", order, before, idempotency_key)
        await self._session.flush()
        return order_view(order)

    async def change_item_quantity(
        self,
        number_key: str,
        sku_or_line: str,
        new_quantity: int,
        *,
        expected_quantity: int | None = None,
        key: str,
    ) -> OrderView:
        """Lower one line's quantity (0 removes it) before shipment, refunding the difference.

        ``total`` keeps meaning what it means for a cancellation: with ``refunds`` beside it,
        what the shopper owes or has paid net. So an unpaid order's total drops (they will pay
        less), while a paid order keeps the total charged and gets a refund of the difference,
        as Shopify and WooCommerce list refunds beside an unchanged charge.
        """
        order = await self._load(number_key)
        if await self._done_before(key):
            return order_view(order)
        if order.status not in _BEFORE_SHIPMENT:
            raise CommerceRejected(f"order {order.number} is {order.status}")
        line = _order_line(order, sku_or_line)
        if expected_quantity is not None and line.quantity != expected_quantity:
            raise CommerceRejected(f"order {order.number}: {line.name} changed meanwhile")
        if not 0 <= new_quantity < line.quantity:
            # More of an item means charging the shopper again: a person does that.
            raise CommerceRejected(f"order {order.number}: only lower quantities here")
        if new_quantity == 0 and all(i is line or i.quantity == 0 for i in order.items):
            raise CommerceRejected(f"order {order.number}: removing every item is a cancellation")
        if line.unit_price is None:
            raise CommerceRejected(f"order {order.number}: {line.name} has no price")
        before = _change_snapshot(order)
        difference = (line.unit_price * (line.quantity - new_quantity)).quantize(Decimal("0.01"))
        if new_quantity == 0:
            order.items.remove(line)
        else:
            line.quantity = new_quantity
        if order.payment_status in ("paid", "partially_refunded"):
            order.refunds.append(
                Refund(
                    position=len(order.refunds),
                    amount=difference,
                    status="pending",
                    created_at=datetime.now(UTC),
                    extra={"reason": "order changed", "line": line.sku or line.name},
                )
            )
            order.payment_status = "partially_refunded"
        else:
            order.total = max(order.total - difference, Decimal("0"))
        self._session.add(
            AuditEntry(
                actor=self._actor,
                action="change_item_quantity",
                subject=f"order:{order.number}",
                before=before,
                after=_change_snapshot(order),
                idempotency_key=key or None,
            )
        )
        await self._session.flush()
        return order_view(order)

    async def create_return(
        self,
        number_key: str,
        items: Sequence[OrderItemView],
        reason: str,
        *,
        idempotency_key: str,
    ) -> ReturnView:
        by_key = select(Return).where(Return.idempotency_key == idempotency_key)
        earlier = (await self._session.execute(by_key)).scalar_one_or_none()
        if earlier is not None:
            return return_view(earlier)
        order = await self._load(number_key)
        if order.status in _NOT_RETURNABLE or not (
            order.status == OrderStatus.DELIVERED
            or any(s.delivered_at is not None for s in order.shipments)
        ):
            raise CommerceRejected(f"order {order.number} is {order.status}")
        wanted = _return_lines(order, items)
        open_returns = select(Return).where(
            Return.order_id == order.id, Return.status != "cancelled"
        )
        taken = {
            _line_key(line)
            for earlier_return in (await self._session.execute(open_returns)).scalars()
            for line in earlier_return.items
        }
        already = [line["name"] for line in wanted if _line_key(line) in taken]
        if already:
            raise CommerceRejected(f"already being returned: {', '.join(already)}")
        reference = "R-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))
        row = Return(
            reference=reference,
            order_id=order.id,
            items=wanted,
            reason=reason.strip()[:1000],
            status="requested",
            label_url=label_url(self._returns_portal, reference),
            created_at=datetime.now(UTC),
            idempotency_key=idempotency_key,
        )
        subject = f"order:{order.number}"
        if not await add_return(self._session, row, actor=self._actor, subject=subject):
            # The same key raced us from another process: that first return is the outcome.
            return return_view((await self._session.execute(by_key)).scalar_one())
        return return_view(row)


# Orders that nothing more can be returned from, whatever their shipments say.
_NOT_RETURNABLE = frozenset({OrderStatus.CANCELLED, OrderStatus.RETURNED, OrderStatus.REFUNDED})
# No 0/O or 1/I: references are read out on the phone and typed from labels.
_REFERENCE_ALPHABET = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"


def _order_line(order: Order, sku_or_line: str) -> OrderItem:
    """The order's line with this SKU, or (for lines without one) this name."""
    wanted = sku_or_line.strip().casefold()
    for line in order.items:
        if line.sku and line.sku.casefold() == wanted:
            return line
    for line in order.items:
        if line.name.casefold() == wanted:
            return line
    raise CommerceRejected(f"order {order.number} has no line {sku_or_line!r}")


def _change_snapshot(order: Order) -> dict[str, Any]:
    return {
        "items": [{"sku": i.sku, "name": i.name, "quantity": i.quantity} for i in order.items],
        "total": str(order.total),
        "payment_status": order.payment_status,
        "refunded": str(sum((r.amount for r in order.refunds), Decimal("0"))),
    }


def _line_key(line: Mapping[str, Any]) -> tuple[str, str]:
    return (str(line.get("sku") or ""), str(line.get("name") or "").casefold())


def _return_lines(order: Order, items: Sequence[OrderItemView]) -> list[dict[str, Any]]:
    """The order's own lines for ``items`` (each in full); an item not on the order is refused."""
    lines = {_line_key({"sku": i.sku, "name": i.name}): i for i in order.items}
    wanted: list[dict[str, Any]] = []
    for item in items:
        line = lines.get(_line_key({"sku": item.sku, "name": item.name}))
        if line is None:
            raise CommerceRejected(f"order {order.number} has no item {item.name!r}")
        entry = {"sku": line.sku, "name": line.name, "quantity": line.quantity}
        if entry not in wanted:
            wanted.append(entry)
    if not wanted:
        raise CommerceRejected("a return needs at least one item")
    return wanted


def _plain(value: Any) -> Any:
    """A column value as JSON can hold it."""
    return (
        value if value is None or isinstance(value, str | int | float | dict | list) else str(value)
    )


def _event(raw: dict[str, Any]) -> TrackingEventView:
    at = datetime.fromisoformat(raw["at"])
    return TrackingEventView(
        at=at if at.tzinfo else at.replace(tzinfo=UTC),
        location=raw.get("location"),
        description=raw.get("description") or "",
    )


def order_view(order: Order, tags: Mapping[str, tuple[str, ...]] | None = None) -> OrderView:
    """``order`` as a view; ``tags``: the catalogue tags of its products by SKU, when known."""
    tags = tags or {}
    address = AddressView(**order.shipping_address) if order.shipping_address else None
    return OrderView(
        number=order.number,
        status=OrderStatus(order.status),
        payment_status=order.payment_status,
        currency=order.currency,
        total=order.total,
        placed_at=order.placed_at,
        customer_email=order.customer.email,
        customer_name=order.customer.name,
        customer_postal_code=order.customer.postal_code,
        shipping_address=address,
        items=tuple(
            OrderItemView(
                sku=i.sku,
                name=i.name,
                quantity=i.quantity,
                unit_price=i.unit_price,
                tags=tags.get(i.sku or "", ()),
            )
            for i in order.items
        ),
        shipments=tuple(
            ShipmentView(
                carrier=s.carrier,
                tracking_number=s.tracking_number,
                tracking_url=s.tracking_url,
                status=s.status,
                shipped_at=s.shipped_at,
                estimated_delivery=s.estimated_delivery,
                delivered_at=s.delivered_at,
                events=tuple(_event(e) for e in s.events or ()),
            )
            for s in order.shipments
        ),
        refunds=tuple(
            RefundView(amount=r.amount, status=r.status, created_at=r.created_at)
            for r in order.refunds
        ),
        payment_failure_reason=order.payment_failure_reason,
        hold_reason=order.hold_reason,
    )


class DatabaseCatalogSource:
    """Products from shopdesk's own database; fuzzy ranking in Python (catalogues are small)."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def get_product(self, sku: str) -> ProductView | None:
        query = select(Product).where(Product.sku == sku)
        product = (await self._session.execute(query)).scalar_one_or_none()
        return None if product is None else product_view(product)

    async def find_products(self, query: str, *, limit: int = 5) -> list[ProductView]:
        from rapidfuzz import fuzz, utils

        wanted = utils.default_process(query)
        if not wanted:
            return []
        products = (await self._session.execute(select(Product))).scalars().all()
        scored = []
        for product in products:
            text = " ".join([product.name, " ".join(product.tags or ())])
            score = max(
                fuzz.token_set_ratio(wanted, utils.default_process(text)),
                fuzz.partial_ratio(wanted, utils.default_process(product.name)),
            )
            if score >= 70:
                scored.append((score, product.sku, product))
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [product_view(p) for _, _, p in scored[:limit]]


def product_view(product: Product) -> ProductView:
    return ProductView(
        sku=product.sku,
        name=product.name,
        price=product.price,
        currency=product.currency,
        stock=product.stock,
        description=product.description,
        tags=tuple(product.tags or ()),
        url=(product.extra or {}).get("url"),
    )
