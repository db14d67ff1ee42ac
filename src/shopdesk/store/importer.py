"""Load an import document and upsert it into the database.

Records are matched by natural key: customer email, product sku, order number (canonicalized with
``order_number_key``, so "hx-1001" updates "HX1001"), article slug + locale. A record in the file
is the whole truth about that record: its columns, its ``extra`` and, for an order, its items,
shipments and refunds replace what was stored. Records absent from the file are left alone.

Writes are bulk statements (INSERT ... RETURNING, UPDATE by primary key), not ORM objects: the
unit of work costs about a millisecond per order, which is minutes for 100,000 orders. Objects
of these tables already loaded in the session are therefore not refreshed by an import.

The import runs in the caller's transaction and never commits. Everything, including the checks
that need the database, is validated before the first write, so an invalid document writes nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

import orjson
from sqlalchemy import ColumnElement, Table, delete, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk import models
from shopdesk.store import schemas
from shopdesk.store.errors import Issue, StoreImportError
from shopdesk.store.fields import shown
from shopdesk.store.rows import CHILD_MODELS, children, order_values, simple_values
from shopdesk.store.validation import check_document, no_gc, parse_document, record_label

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


def _table(model: type[Any]) -> Table:
    return cast(Table, model.__table__)


def _differs(row: Mapping[Any, Any], values: Mapping[Any, Any]) -> bool:
    return any(row[name] != value for name, value in values.items())


async def import_document(
    session: AsyncSession,
    doc: schemas.StoreDocument,
    *,
    progress: Progress | None = None,
) -> ImportSummary:
    """Upsert ``doc`` in the caller's transaction (never commits).

    ``progress(done, total)`` is called at the start and after each chunk; total is the number of
    records in the document. Raises StoreImportError, before any write, if the document is invalid.
    """
    issues = check_document(doc)
    customer_ids = await _existing_customer_ids(session, doc, issues)
    if issues:
        raise StoreImportError.from_issues(issues)

    summary = ImportSummary()
    # The document is millions of objects; each full GC pass would scan them all again (40 % of
    # the import time). Nothing here creates cycles worth collecting before the import ends.
    with no_gc():
        await _write(session, doc, customer_ids, summary, _Ticker(doc.record_count, progress))
    return summary


async def _write(
    session: AsyncSession,
    doc: schemas.StoreDocument,
    customer_ids: dict[str, int],
    summary: ImportSummary,
    tick: _Ticker,
) -> None:
    Customer, Product, Article = models.Customer, models.Product, models.Article
    for customers in _chunks(doc.customers):
        where = Customer.email.in_([c.email for c in customers])
        ids = await _upsert(session, Customer, ("email",), where, customers, summary.customers)
        customer_ids.update({email: id_ for (email,), id_ in ids.items()})
        tick(len(customers))
    for products in _chunks(doc.products):
        where = Product.sku.in_([p.sku for p in products])
        await _upsert(session, Product, ("sku",), where, products, summary.products)
        tick(len(products))
    for articles in _chunks(doc.articles):
        # Selecting by slug alone also fetches other locales of the slug: harmless, keys decide.
        where = Article.slug.in_({a.slug for a in articles})
        await _upsert(session, Article, ("slug", "locale"), where, articles, summary.articles)
        tick(len(articles))
    # Orders last: they need the ids of the customers written above.
    for orders in _chunks(doc.orders):
        await _upsert_orders(session, orders, customer_ids, summary.orders)
        tick(len(orders))


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
    """Ids of customers that orders reference but the file does not contain; report unknown ones."""
    in_file = {c.email for c in doc.customers}
    wanted = sorted({o.customer_email for o in doc.orders} - in_file)
    found: dict[str, int] = {}
    Customer = models.Customer
    for chunk in _chunks(wanted):
        query = select(Customer.email, Customer.id).where(Customer.email.in_(chunk))
        found.update({email: id_ for email, id_ in (await session.execute(query)).tuples()})
    for index, order in enumerate(doc.orders):
        email = order.customer_email
        if email not in in_file and email not in found:
            message = f"no customer with email {shown(email)} in the file or the database"
            issues.append(Issue(record_label("orders", index, order), "customer_email", message))
    return found


async def _upsert(
    session: AsyncSession,
    model: type[Any],
    key: tuple[str, ...],
    where: ColumnElement[bool],
    records: Sequence[schemas.Customer] | Sequence[schemas.Product] | Sequence[schemas.Article],
    counts: KindSummary,
) -> dict[tuple[Any, ...], int]:
    """Insert or update one chunk of a simple kind; returns {key tuple: id} for every record."""
    table = _table(model)
    existing = {
        tuple(row[k] for k in key): row
        for row in (await session.execute(select(table).where(where))).mappings()
    }
    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    ids: dict[tuple[Any, ...], int] = {}
    for record in records:
        values = simple_values(record)
        row = existing.get(tuple(values[k] for k in key))
        if row is None:
            inserts.append(values)
            counts.created += 1
            continue
        ids[tuple(values[k] for k in key)] = row["id"]
        if _differs(row, values):
            updates.append({"id": row["id"], **values})
            counts.updated += 1
        else:
            counts.unchanged += 1
    if updates:
        await session.execute(update(model), updates)
    if inserts:
        returning = insert(table).returning(table.c.id, *(table.c[k] for k in key))
        for id_, *key_values in (await session.execute(returning, inserts)).tuples():
            ids[tuple(key_values)] = id_
    return ids


async def _children_of(
    session: AsyncSession, order_ids: list[int]
) -> dict[str, dict[int, list[Mapping[Any, Any]]]]:
    """{kind: {order id: rows by position}} for the orders of one chunk."""
    result: dict[str, dict[int, list[Mapping[Any, Any]]]] = {}
    for kind, model in CHILD_MODELS.items():
        table = _table(model)
        query = select(table).where(table.c.order_id.in_(order_ids))
        grouped: dict[int, list[Mapping[Any, Any]]] = {}
        for row in (await session.execute(query.order_by(table.c.position))).mappings():
            grouped.setdefault(row["order_id"], []).append(row)
        result[kind] = grouped
    return result


def _same_children(rows: list[Mapping[Any, Any]], wanted: list[dict[str, Any]]) -> bool:
    return len(rows) == len(wanted) and not any(map(_differs, rows, wanted))


async def _upsert_orders(
    session: AsyncSession,
    chunk: Sequence[schemas.Order],
    customer_ids: dict[str, int],
    counts: KindSummary,
) -> None:
    """Orders of one chunk; changed item/shipment/refund lists are replaced as a whole."""
    Order = models.Order
    values = [order_values(r, customer_ids[r.customer_email]) for r in chunk]
    query = select(_table(Order)).where(Order.number_key.in_([v["number_key"] for v in values]))
    existing = {row["number_key"]: row for row in (await session.execute(query)).mappings()}
    current = (
        await _children_of(session, [row["id"] for row in existing.values()]) if existing else {}
    )

    inserts: list[dict[str, Any]] = []
    updates: list[dict[str, Any]] = []
    replaced: dict[str, list[int]] = {kind: [] for kind in CHILD_MODELS}
    new_children: dict[str, list[dict[str, Any]]] = {kind: [] for kind in CHILD_MODELS}
    pending: list[tuple[str, dict[str, list[dict[str, Any]]]]] = []  # children of new orders
    for record, order in zip(chunk, values, strict=True):
        wanted = children(record)
        row = existing.get(order["number_key"])
        if row is None:
            inserts.append(order)
            pending.append((order["number_key"], wanted))
            counts.created += 1
            continue
        changed = _differs(row, order)
        if changed:
            updates.append({"id": row["id"], **order})
        for kind in CHILD_MODELS:
            if not _same_children(current[kind].get(row["id"], []), wanted[kind]):
                replaced[kind].append(row["id"])
                new_children[kind] += [{**c, "order_id": row["id"]} for c in wanted[kind]]
                changed = True
        if changed:
            counts.updated += 1
        else:
            counts.unchanged += 1

    if updates:
        await session.execute(update(Order), updates)
    for kind, order_ids in replaced.items():
        if order_ids:
            model = CHILD_MODELS[kind]
            await session.execute(
                delete(model).where(model.order_id.in_(order_ids)),
                execution_options={"synchronize_session": False},
            )
    if inserts:
        returning = insert(_table(Order)).returning(Order.id, Order.number_key)
        new_ids = {key: id_ for id_, key in (await session.execute(returning, inserts)).tuples()}
        for key, wanted in pending:
            for kind, rows in wanted.items():
                new_children[kind] += [{**c, "order_id": new_ids[key]} for c in rows]
    for kind, rows in new_children.items():
        if rows:
            await session.execute(insert(_table(CHILD_MODELS[kind])), rows)
