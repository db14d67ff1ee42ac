"""Signed invoice links: round trip, expiry, tampering, and the reply the service fills in."""

from __future__ import annotations

import base64
import logging
from datetime import UTC, datetime, timedelta

import pytest

from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.invoices import links
from shopdesk.invoices.links import (
    ExpiredInvoiceLink,
    InvalidInvoiceLink,
    link_secret,
    sign_invoice_token,
    verify_invoice_token,
    with_invoice_link,
)
from shopdesk.settings import Settings

SECRET = "test-invoice-secret"
NOW = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(hours=24)


def test_round_trip() -> None:
    token = sign_invoice_token(SECRET, "TS5003", "fr", LATER)
    link = verify_invoice_token(SECRET, token, now=NOW)
    assert (link.order_key, link.locale, link.expires_at) == ("TS5003", "fr", LATER)
    assert token.isascii() and "/" not in token and "=" not in token and "+" not in token


def test_expired_is_told_apart_from_invalid() -> None:
    token = sign_invoice_token(SECRET, "TS5003", "en", LATER)
    verify_invoice_token(SECRET, token, now=LATER - timedelta(seconds=1))
    with pytest.raises(ExpiredInvoiceLink, match="expired"):
        verify_invoice_token(SECRET, token, now=LATER)


def _flip(text: str, at: int) -> str:
    return text[:at] + ("A" if text[at] != "A" else "B") + text[at + 1 :]


def test_tampering_and_other_keys_are_rejected() -> None:
    token = sign_invoice_token(SECRET, "TS5003", "en", LATER)
    payload, signature = token.split(".")
    # Another order, same signature.
    other = base64.urlsafe_b64encode(f"TS5004:en:{int(LATER.timestamp())}".encode()).decode()
    # A later expiry, same signature.
    longer = f"TS5003:en:{int((LATER + timedelta(days=365)).timestamp())}".encode()
    forged = [
        f"{other.rstrip('=')}.{signature}",
        f"{base64.urlsafe_b64encode(longer).decode().rstrip('=')}.{signature}",
        f"{payload}.{_flip(signature, 5)}",
        f"{_flip(payload, 2)}.{signature}",
        f"{payload}.",
        payload,
        "",
        "not a token at all",
        "a.b.c",
        "!!!.???",
        "x" * 10_000,
    ]
    for token_ in forged:
        with pytest.raises(InvalidInvoiceLink) as caught:
            verify_invoice_token(SECRET, token_, now=NOW)
        assert not isinstance(caught.value, ExpiredInvoiceLink)
    with pytest.raises(InvalidInvoiceLink):
        verify_invoice_token("another-secret", token, now=NOW)


def test_only_order_keys_and_our_locales_are_signed() -> None:
    with pytest.raises(ValueError, match="order number key"):
        sign_invoice_token(SECRET, "TS-5003", "en", LATER)
    with pytest.raises(ValueError, match="locale"):
        sign_invoice_token(SECRET, "TS5003", "nl", LATER)


def test_the_reply_gets_a_signed_url_and_loses_the_marker() -> None:
    settings = Settings(
        invoice_link_secret=SECRET, invoice_link_hours=48, public_url="https://help.example.com/"
    )
    reply = Reply(
        key=ReplyKey.INVOICE,
        params={"variant": "ready", "order_number": "TS-5003", "invoice_for": "TS5003"},
    )
    filled = with_invoice_link(reply, settings, locale="de-DE", now=NOW)
    assert "invoice_for" not in filled.params and filled.params["hours"] == 48
    url = filled.params["url"]
    assert url.startswith("https://help.example.com/v1/invoices/")
    link = verify_invoice_token(SECRET, url.rsplit("/", 1)[1], now=NOW)
    assert (link.order_key, link.locale) == ("TS5003", "de")
    assert link.expires_at == NOW + timedelta(hours=48)
    other = Reply(key=ReplyKey.INVOICE, params={"variant": "not_paid", "order_number": "TS5000"})
    assert with_invoice_link(other, settings, locale="en", now=NOW) is other


def test_without_a_secret_one_is_made_per_process_and_said(
    caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(links, "_process_secret", None)
    with caplog.at_level(logging.WARNING, logger="shopdesk.invoices"):
        first = link_secret(Settings())
        again = link_secret(Settings())
    assert first == again and len(first) >= 32
    warnings = [r for r in caplog.records if "INVOICE_LINK_SECRET" in r.getMessage()]
    assert len(warnings) == 1 and "restart" in warnings[0].getMessage()
    assert link_secret(Settings(invoice_link_secret=SECRET)) == SECRET
