"""The verification gate: order facts are shown only to someone who proved they own the order.

Proof is the email on the order, the postal code of the order (delivery address or customer's),
or a signed customer token for the order's customer. Comparisons are constant-time so timing
does not tell a near miss from a far one.
"""

from __future__ import annotations

import hmac

from shopdesk.core.orders import OrderView


def postal_key(value: str) -> str:
    return "".join(ch for ch in value.upper() if ch.isalnum())


def _same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode("utf-8"), b.encode("utf-8"))


def owns_order(
    order: OrderView,
    *,
    email: str | None = None,
    postal_code: str | None = None,
    token_email: str | None = None,
) -> bool:
    order_email = order.customer_email.strip().lower()
    for claimed in (email, token_email):
        if claimed and _same(claimed.strip().lower(), order_email):
            return True
    if postal_code:
        claimed_postal = postal_key(postal_code)
        known = [order.customer_postal_code]
        if order.shipping_address is not None:
            known.append(order.shipping_address.postal_code)
        for candidate in known:
            if candidate and claimed_postal and _same(claimed_postal, postal_key(candidate)):
                return True
    return False
