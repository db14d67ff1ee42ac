"""Signed, expiring invoice links.

A token carries the order number key, the locale to print the invoice in and an expiry (Unix
seconds), signed with HMAC-SHA256 under ``SHOPDESK_INVOICE_LINK_SECRET``. Whoever holds a valid
link gets that one invoice until it expires: the bot hands one out only after the shopper has
verified the order in the chat, and the link says nothing else about the order.

The dialogue layer holds no secrets: its invoice reply names the order in ``invoice_for``, and
:func:`with_invoice_link` (called by the conversation service) swaps that for the signed
``url`` and its lifetime in ``hours`` before the reply is composed.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import logging
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from shopdesk.core.replies import Reply
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.dialogue.flows.invoice import INVOICE_FOR
from shopdesk.responses.catalog import resolve_locale
from shopdesk.settings import Settings

log = logging.getLogger("shopdesk.invoices")

PATH = "/v1/invoices"
# Separates the signature from anything else HMAC'd with the same secret.
_CONTEXT = b"shopdesk invoice link v1\x00"
_MAX_TOKEN_LENGTH = 512
_process_secret: str | None = None


class InvalidInvoiceLink(ValueError):
    """The token was not issued by this shop (malformed, or signed with another key)."""


class ExpiredInvoiceLink(InvalidInvoiceLink):
    """The token was genuine but its time is up."""


@dataclass(frozen=True)
class InvoiceLink:
    order_key: str
    locale: str
    expires_at: datetime


def link_secret(settings: Settings) -> str:
    """The configured secret; without one, a random key for the life of this process."""
    global _process_secret
    if settings.invoice_link_secret:
        return settings.invoice_link_secret
    if _process_secret is None:
        _process_secret = secrets.token_urlsafe(32)
        log.warning(
            "SHOPDESK_INVOICE_LINK_SECRET is not set: invoice links are signed with a random key "
            "for this process only; they stop working when it restarts and are not accepted by "
            "other processes"
        )
    return _process_secret


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _mac(secret: str, payload: bytes) -> bytes:
    return hmac.new(secret.encode("utf-8"), _CONTEXT + payload, hashlib.sha256).digest()


def sign_invoice_token(secret: str, order_key: str, locale: str, expires_at: datetime) -> str:
    if not order_key.isalnum() or not order_key.isascii():
        raise ValueError(f"not an order number key: {order_key!r}")
    if locale not in SUPPORTED_LOCALES:
        raise ValueError(f"unsupported locale: {locale!r}")
    payload = f"{order_key}:{locale}:{int(expires_at.timestamp())}".encode("ascii")
    return f"{_b64encode(payload)}.{_b64encode(_mac(secret, payload))}"


def verify_invoice_token(secret: str, token: str, *, now: datetime) -> InvoiceLink:
    """The link a token stands for; InvalidInvoiceLink or ExpiredInvoiceLink otherwise."""
    if len(token) > _MAX_TOKEN_LENGTH or token.count(".") != 1:
        raise InvalidInvoiceLink("This invoice link is not valid.")
    encoded, signature = token.split(".")
    try:
        payload, given = _b64decode(encoded), _b64decode(signature)
    except (binascii.Error, ValueError) as exc:
        raise InvalidInvoiceLink("This invoice link is not valid.") from exc
    # Constant time: how much of a forged signature matched must not show in the timing.
    if not hmac.compare_digest(_mac(secret, payload), given):
        raise InvalidInvoiceLink("This invoice link is not valid.")
    try:
        order_key, locale, expires = payload.decode("ascii").split(":")
        expires_at = datetime.fromtimestamp(int(expires), UTC)
    except (UnicodeDecodeError, ValueError, OverflowError, OSError) as exc:
        raise InvalidInvoiceLink("This invoice link is not valid.") from exc
    if not order_key.isalnum() or locale not in SUPPORTED_LOCALES:
        raise InvalidInvoiceLink("This invoice link is not valid.")
    if now >= expires_at:
        raise ExpiredInvoiceLink("This invoice link has expired; ask in the chat for a new one.")
    return InvoiceLink(order_key=order_key, locale=locale, expires_at=expires_at)


def invoice_url(settings: Settings, order_key: str, locale: str, *, now: datetime) -> str:
    """A link to the invoice of ``order_key``, valid for ``settings.invoice_link_hours``."""
    expires_at = now + timedelta(hours=settings.invoice_link_hours)
    token = sign_invoice_token(link_secret(settings), order_key, resolve_locale(locale), expires_at)
    return f"{settings.public_url.rstrip('/')}{PATH}/{token}"


def with_invoice_link(reply: Reply, settings: Settings, *, locale: str, now: datetime) -> Reply:
    """``reply`` with its ``invoice_for`` order replaced by a signed ``url`` and ``hours``.

    Any other reply is returned as it is.
    """
    order_key = reply.params.get(INVOICE_FOR)
    if not isinstance(order_key, str):
        return reply
    params = {name: value for name, value in reply.params.items() if name != INVOICE_FOR}
    params["url"] = invoice_url(settings, order_key, locale, now=now)
    params["hours"] = settings.invoice_link_hours
    return reply.model_copy(update={"params": params})
