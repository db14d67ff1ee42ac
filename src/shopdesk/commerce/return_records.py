"""Storing a new return with its audit entry: shared by the built-in shop and the platforms.

Both keep returns in shopdesk's own ``returns`` table (a platform's REST API has none to write
to), so the row, the label link and the audit entry are written the same way for both.
"""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.core.orders import OrderItemView, ReturnView
from shopdesk.models import AuditEntry, Return


def label_url(returns_portal: str | None, reference: str) -> str:
    if returns_portal:
        return f"{returns_portal.rstrip('/')}/{reference}"
    return f"/returns/{reference}/label"  # no portal configured: a path for the shop's site


async def add_return(session: AsyncSession, row: Return, *, actor: str, subject: str) -> bool:
    """Add ``row`` and its audit entry in a savepoint; False when the same idempotency key was
    stored first by another process (that first return is then the outcome)."""
    try:
        async with session.begin_nested():
            session.add(row)
            session.add(
                AuditEntry(
                    actor=actor,
                    action="create_return",
                    subject=subject,
                    before={},
                    after={"return": row.reference, "items": row.items},
                    idempotency_key=f"return:{row.idempotency_key}",
                )
            )
    except IntegrityError:
        return False
    return True


def return_view(row: Return) -> ReturnView:
    return ReturnView(
        reference=row.reference,
        items=tuple(
            OrderItemView(sku=i.get("sku"), name=i["name"], quantity=int(i["quantity"]))
            for i in row.items
        ),
        label_url=row.label_url,
        status=row.status,
    )
