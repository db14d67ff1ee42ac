"""Customer tokens: a JWT (HS256) the shop signs for a logged-in customer.

The shop's storefront signs ``{"email": ..., "exp": ...}`` (``sub`` is accepted for the email
too) with ``SHOPDESK_CUSTOMER_TOKEN_SECRET``; the widget passes it when it opens a conversation,
and the bot then treats that customer as verified for their own orders.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from typing import Any

import orjson


class InvalidCustomerToken(ValueError):
    pass


def _b64decode(part: str) -> bytes:
    return base64.urlsafe_b64decode(part + "=" * (-len(part) % 4))


def _b64encode(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")


def sign_customer_token(claims: dict[str, Any], secret: str) -> str:
    header = _b64encode(orjson.dumps({"alg": "HS256", "typ": "JWT"}))
    payload = _b64encode(orjson.dumps(claims))
    signing_input = f"{header}.{payload}".encode("ascii")
    signature = hmac.new(secret.encode("utf-8"), signing_input, hashlib.sha256).digest()
    return f"{header}.{payload}.{_b64encode(signature)}"


def verify_customer_token(token: str, secret: str, *, now: float | None = None) -> str:
    """Return the customer's email, or raise InvalidCustomerToken."""
    try:
        header_b64, payload_b64, signature_b64 = token.split(".")
        header = orjson.loads(_b64decode(header_b64))
        claims = orjson.loads(_b64decode(payload_b64))
        signature = _b64decode(signature_b64)
    except (ValueError, orjson.JSONDecodeError) as exc:
        raise InvalidCustomerToken("customer_token is not a well-formed JWT") from exc
    if not isinstance(header, dict) or header.get("alg") != "HS256":
        raise InvalidCustomerToken("customer_token must be signed with HS256")
    expected = hmac.new(
        secret.encode("utf-8"), f"{header_b64}.{payload_b64}".encode("ascii"), hashlib.sha256
    ).digest()
    if not hmac.compare_digest(signature, expected):
        raise InvalidCustomerToken("customer_token signature does not match")
    if not isinstance(claims, dict):
        raise InvalidCustomerToken("customer_token claims must be an object")
    exp = claims.get("exp")
    if exp is not None and (not isinstance(exp, int | float) or exp < (now or time.time())):
        raise InvalidCustomerToken("customer_token has expired")
    email = claims.get("email") or claims.get("sub")
    if not isinstance(email, str) or "@" not in email:
        raise InvalidCustomerToken("customer_token names no customer email")
    return email.strip().lower()
