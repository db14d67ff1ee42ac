"""The built-in shopper records: feedback, erasure requests and newsletter choices, kept in
shopdesk's own tables.

Like :class:`~shopdesk.commerce.builtin.DatabaseOrderActions`, every write happens in the
caller's session and is only flushed: the request that called commits (or rolls back) it
together with the turn that asked for it. Idempotent per key: a retried message records
nothing more.
"""

from __future__ import annotations

import secrets
import string

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from shopdesk.models import ErasureRequest, Feedback, NewsletterSubscription
from shopdesk.models.base import utcnow

_REFERENCE_ALPHABET = string.ascii_uppercase + string.digits
_OPEN = "pending"


def erasure_reference() -> str:
    """ "E-" and 8 random uppercase letters and digits: unguessable, easy to read out."""
    return "E-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(8))


def _email_key(email: str) -> str:
    return email.strip().lower()


class DatabaseShopperRecords:
    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    async def record_feedback(
        self,
        kind: str,
        text: str,
        *,
        email: str | None,
        order_number: str | None,
        rating: int | None,
        idempotency_key: str,
    ) -> None:
        if idempotency_key:
            query = select(Feedback.id).where(Feedback.idempotency_key == idempotency_key)
            if (await self._session.execute(query)).first() is not None:
                return
        self._session.add(
            Feedback(
                kind=kind,
                text=text,
                email=_email_key(email) if email else None,
                order_number=order_number,
                rating=rating,
                idempotency_key=idempotency_key or None,
            )
        )
        await self._session.flush()

    async def request_erasure(self, email: str, *, idempotency_key: str) -> str:
        email = _email_key(email)
        if idempotency_key:
            query = select(ErasureRequest.reference).where(
                ErasureRequest.idempotency_key == idempotency_key
            )
            done = (await self._session.execute(query)).scalar_one_or_none()
            if done is not None:
                return done
        query = (
            select(ErasureRequest.reference)
            .where(ErasureRequest.email == email, ErasureRequest.status == _OPEN)
            .order_by(ErasureRequest.id)
            .limit(1)
        )
        open_one = (await self._session.execute(query)).scalar_one_or_none()
        if open_one is not None:
            return open_one
        request = ErasureRequest(
            email=email,
            status=_OPEN,
            reference=erasure_reference(),
            idempotency_key=idempotency_key or None,
        )
        self._session.add(request)
        await self._session.flush()
        return request.reference

    async def set_newsletter(self, email: str, subscribed: bool) -> bool:
        email = _email_key(email)
        query = (
            select(NewsletterSubscription)
            .where(NewsletterSubscription.email == email)
            .with_for_update()
        )
        row = (await self._session.execute(query)).scalar_one_or_none()
        if row is None:
            self._session.add(NewsletterSubscription(email=email, subscribed=subscribed))
            await self._session.flush()
            return False
        before = row.subscribed
        if before != subscribed:
            row.subscribed = subscribed
            row.updated_at = utcnow()
            await self._session.flush()
        return before
