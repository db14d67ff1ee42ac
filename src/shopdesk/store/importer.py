"""Load an import document and upsert it into the database.

Records are matched by natural key: customer email, product sku, order number (canonicalized with
``order_number_key``, so "hx-1001" updates "HX1001"), article slug + locale. A record in the file
is the whole truth about that record: its columns, its ``extra`` and, for an order, its items,
shipments and refunds replace what was stored. Records absent from the file are left alone.

The import runs in the caller's transaction and never commits. Everything, including the checks
that need the database, is validated before the first write, so an invalid document writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from pathlib import Path
from typing import Any, TypeVar

import orjson
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import selectinload

from shopdesk import models
from shopdesk.core.orders import order_number_key
from shopdesk.store import schemas
from shopdesk.store.errors import Issue, StoreImportError
from shopdesk.store.fields import shown
from shopdesk.store.validation import check_document, parse_document, record_label

# Rows per query and flush: large enough to amortize round trips, small enough to stay well under
# the bind-parameter limits of SQLite and asyncpg and to keep memory flat for 100,000 orders.
CHUNK = 1000

Progress = Callable[[int, int], None]
T = TypeVar("T")


@dataclass
class KindSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __str__(self) -> str:
        return f"{self.created} created, {self.updated} updated, {self.unchanged} unchanged"


@dataclass
class ImportSummary:
    customers: KindSummary = field(default_factory=KindSummary)
    products: KindSummary = field(default_factory=KindSummary)
    orders: KindSummary = field(default_factory=KindSummary)
    articles: KindSummary = field(default_factory=KindSummary)

    @property
    def created(self) -> int:
        return sum(k.created for k in self.kinds().values())

    @property
    def updated(self) -> int:
        return sum(k.updated for k in self.kinds().values())

    def kinds(self) -> dict[str, KindSummary]:
        return {
            "customers": self.customers,
            "products": self.products,
            "orders": self.orders,
            "articles": self.articles,
        }

    def __str__(self) -> str:
        return "; ".join(f"{name}: {kind}" for name, kind in self.kinds().items())


def load_document(path: str | Path) -> schemas.StoreDocument:
    """Read and validate an import file; StoreImportError names the first problem."""
    name = str(path)
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise StoreImportError(name, None, f"cannot read file: {exc.strerror or exc}") from None
    try:
        raw = orjson.loads(data.removeprefix(b"\xef\xbb\xbf"))  # tolerate a UTF-8 BOM
    except orjson.JSONDecodeError as exc:
        message = f"invalid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        raise StoreImportError(name, None, message) from None
    return parse_document(raw)


def _chunks(items: Sequence[T]) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), CHUNK):
        yield items[start : start + CHUNK]


def _assign(row: Any, values: dict[str, Any]) -> bool:
    """Set the values that differ; True when anything changed (so unchanged rows are not written)."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


async def import_document(
    session: AsyncSession,
    doc: schemas.StoreDocument,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Upsert ``doc`` in the caller's transaction (flushes, never commits).

    ``progress(done, total)`` is called after each chunk; total is the number of records in the
    document. Raises StoreImportError, before any write, when the document is invalid.
    """
    issues = check_document(doc)
    customer_ids = await _existing_customer_ids(session, doc, issues)
    if issues:
        raise StoreImportError.from_issues(issues)

    summary = ImportSummary()
    tick = _Ticker(doc.record_count, progress)
    for chunk in _chunks(doc.customers):
        customer_ids.update(await _upsert_customers(session, chunk, summary.customers))
        tick(len(chunk))
    for chunk in _chunks(doc.products):
        await _upsert_products(session, chunk, summary.products)
        tick(len(chunk))
    for chunk in _chunks(doc.articles):
        await _upsert_articles(session, chunk, summary.articles)
        tick(len(chunk))
    for chunk in _chunks(doc.orders):
        await _upsert_orders(session, chunk, customer_ids, summary.orders)
        tick(len(chunk))
    return summary


class _Ticker:
    def __init__(self, total: int, progress: Progress | None) -> None:
        self.done, self.total, self.progress = 0, total, progress
        if progress:
            progress(0, total)

    def __call__(self, count: int) -> None:
        self.done += count
        if self.progress:
            self.progress(self.done, self.total)


async def _existing_customer_ids(
    session: AsyncSession, doc: schemas.StoreDocument, issues: list[Issue]
) -> dict[str, int]:
    """Ids of customers that orders reference but the file does not contain; report the unknown."""
    in_file = {c.email for c in doc.customers}
    wanted = sorted({o.customer_email for o in doc.orders} - in_file)
    found: dict[str, int] = {}
    for chunk in _chunks(wanted):
        rows = await session.execute(
            select(models.Customer.email, models.Customer.id).where(
                models.Customer.email.in_(chunk)
            )
        )
        found.update({email: id_ for email, id_ in rows.tuples()})
    for index, order in enumerate(doc.orders):
        email = order.customer_email
        if email not in in_file and email not in found:
            issues.append(
                Issue(
                    record_label("orders", index, order),
                    "customer_email",
                    f"no customer with email {shown(email)} in the file or the database",
                )
            )
    return found


async def _upsert_customers(
    session: AsyncSession, chunk: Sequence[schemas.Customer], counts: KindSummary
) -> dict[str, int]:
    emails = [c.email for c in chunk]
    query = select(models.Customer).where(models.Customer.email.in_(emails))
    existing = {row.email: row for row in await session.scalars(query)}
    rows = []
    for record in chunk:
        values = record.model_dump(exclude={"extra"}) | {"extra": record.extra}
        rows.append(_upsert_row(session, existing.get(record.email), models.Customer, values, counts))
    await session.flush()
    return {row.email: row.id for row in rows}


async def _upsert_products(
    session: AsyncSession, chunk: Sequence[schemas.Product], counts: KindSummary
) -> None:
    query = select(models.Product).where(models.Product.sku.in_([p.sku for p in chunk]))
    existing = {row.sku: row for row in await session.scalars(query)}
    for record in chunk:
        values = record.model_dump(exclude={"extra"}) | {"extra": record.extra}
        _upsert_row(session, existing.get(record.sku), models.Product, values, counts)
    await session.flush()


async def _upsert_articles(
    session: AsyncSession, chunk: Sequence[schemas.Article], counts: KindSummary
) -> None:
    # Selecting by slug alone over-fetches other locales of the same slug, which is harmless.
    query = select(models.Article).where(models.Article.slug.in_({a.slug for a in chunk}))
    existing = {(row.slug, row.locale): row for row in await session.scalars(query)}
    for record in chunk:
        values = record.model_dump(exclude={"extra"}) | {"extra": record.extra}
        _upsert_row(session, existing.get((record.slug, record.locale)), models.Article, values, counts)
    await session.flush()


def _upsert_row(
    session: AsyncSession, row: Any, model: type[Any], values: dict[str, Any], counts: KindSummary
) -> Any:
    if row is None:
        row = model(**values)
        session.add(row)
        counts.created += 1
    elif _assign(row, values):
        counts.updated += 1
    else:
        counts.unchanged += 1
    return row


def _order_values(record: schemas.Order, customer_id: int) -> dict[str, Any]:
    address = record.shipping_address
    return {
        "number": record.number,
        "number_key": order_number_key(record.number),
        "customer_id": customer_id,
        "placed_at": record.placed_at,
        "status": record.status.value,
        "payment_status": record.payment_status.value if record.payment_status else None,
        "currency": record.currency,
        "total": record.total,
        "shipping_address": address.model_dump(mode="json") if address else None,
        "payment_failure_reason": record.payment_failure_reason,
        "hold_reason": record.hold_reason,
        "extra": record.extra,
    }


def _item_values(position: int, item: schemas.OrderItem) -> dict[str, Any]:
    return {
        "position": position,
        "sku": item.sku,
        "name": item.name,
        "quantity": item.quantity,
        "unit_price": item.unit_price,
        "extra": item.extra,
    }


def _event(event: schemas.TrackingEvent) -> dict[str, Any]:
    # One spelling of the instant ("+00:00", never "Z") keeps re-imports byte-for-byte unchanged.
    return {
        "at": event.at.astimezone(UTC).isoformat(),
        "location": event.location,
        "description": event.description,
        **(event.model_extra or {}),
    }


def _shipment_values(position: int, shipment: schemas.Shipment) -> dict[str, Any]:
    return {
        "position": position,
        "carrier": shipment.carrier,
        "tracking_number": shipment.tracking_number,
        "tracking_url": shipment.tracking_url,
        "status": shipment.status.value,
        "shipped_at": shipment.shipped_at,
        "estimated_delivery": shipment.estimated_delivery,
        "delivered_at": shipment.delivered_at,
        "events": [_event(e) for e in shipment.events],
        "extra": shipment.extra,
    }


def _refund_values(position: int, refund: schemas.Refund) -> dict[str, Any]:
    return {
        "position": position,
        "amount": refund.amount,
        "status": refund.status.value,
        "created_at": refund.created_at,
        "extra": refund.extra,
    }


def _children(record: schemas.Order) -> dict[str, list[dict[str, Any]]]:
    return {
        "items": [_item_values(i, item) for i, item in enumerate(record.items)],
        "shipments": [_shipment_values(i, s) for i, s in enumerate(record.shipments)],
        "refunds": [_refund_values(i, r) for i, r in enumerate(record.refunds)],
    }


_CHILD_MODELS: dict[str, type[Any]] = {
    "items": models.OrderItem,
    "shipments": models.Shipment,
    "refunds": models.Refund,
}


def _replace_children(row: models.Order, wanted: dict[str, list[dict[str, Any]]]) -> bool:
    """Replace a collection only when it differs, so an unchanged re-import writes nothing."""
    changed = False
    for name, model in _CHILD_MODELS.items():
        current = getattr(row, name)
        same = len(current) == len(wanted[name]) and all(
            all(getattr(child, k) == v for k, v in values.items())
            for child, values in zip(current, wanted[name], strict=True)
        )
        if not same:
            setattr(row, name, [model(**values) for values in wanted[name]])
            changed = True
    return changed


async def _upsert_orders(
    session: AsyncSession,
    chunk: Sequence[schemas.Order],
    customer_ids: dict[str, int],
    counts: KindSummary,
) -> None:
    keys = [order_number_key(o.number) for o in chunk]
    query = (
        select(models.Order)
        .where(models.Order.number_key.in_(keys))
        # Relationships are lazy="raise": load the three collections up front, one query each.
        .options(
            selectinload(models.Order.items),
            selectinload(models.Order.shipments),
            selectinload(models.Order.refunds),
        )
    )
    existing = {row.number_key: row for row in await session.scalars(query)}
    for key, record in zip(keys, chunk, strict=True):
        values = _order_values(record, customer_ids[record.customer_email])
        children = _children(record)
        row = existing.get(key)
        if row is None:
            built = {name: [m(**v) for v in children[name]] for name, m in _CHILD_MODELS.items()}
            session.add(models.Order(**values, **built))
            counts.created += 1
        elif _assign(row, values) | _replace_children(row, children):
            counts.updated += 1
        else:
            counts.unchanged += 1
    await session.flush()
