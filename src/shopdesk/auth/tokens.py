"""Conversation bearer tokens: random secrets of which only a SHA-256 digest is stored."""

from __future__ import annotations

import hashlib
import hmac
import secrets


def new_token() -> str:
    return secrets.token_urlsafe(32)


def token_digest(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def token_matches(token: str | None, digest: str) -> bool:
    if not token:
        return False
    return hmac.compare_digest(token_digest(token), digest)
