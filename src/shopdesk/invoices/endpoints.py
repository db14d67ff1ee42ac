"""GET /v1/invoices/{token}: the invoice PDF behind a signed link the bot handed out.

The token is the only credential (the shopper verified the order in the chat to get it), so a
bad, tampered or expired token, an order that no longer exists and one that has no invoice all
answer 404, with a message that says which of "not valid" or "expired" it was.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response

from shopdesk.commerce.builtin import DatabaseOrderSource
from shopdesk.dialogue.flows.invoice import has_invoice
from shopdesk.invoices.links import PATH, InvalidInvoiceLink, link_secret, verify_invoice_token
from shopdesk.invoices.pdf import render_invoice
from shopdesk.kit.errors import NotFound
from shopdesk.settings import Settings

router = APIRouter(prefix=PATH, tags=["invoices"])
ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"description": "The link is not valid or has expired"},
    503: {"description": "A dependency is down (see Retry-After)"},
}


@router.get(
    "/{token}",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}, **ERRORS},
)
async def get_invoice(token: str, request: Request) -> Response:
    """The order's invoice as a PDF download."""
    runtime = request.app.state.runtime
    settings: Settings = runtime.settings
    try:
        link = verify_invoice_token(link_secret(settings), token, now=datetime.now(UTC))
    except InvalidInvoiceLink as exc:  # ExpiredInvoiceLink too, with its own message
        raise NotFound(str(exc)) from exc
    async with runtime.sessionmaker() as session:
        order = await DatabaseOrderSource(session).get_order(link.order_key)
    if order is None or not has_invoice(order):
        raise NotFound("There is no invoice for this link.")
    pdf = render_invoice(order, link.locale, shop_name=settings.shop_name)
    return Response(
        content=pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="invoice-{link.order_key}.pdf"',
            # Personal data: not for shared caches, and not kept past the link's life.
            "Cache-Control": "private, no-store",
        },
    )
