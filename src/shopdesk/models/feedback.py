"""What shoppers ask of the shop about themselves and tell it: feedback, erasure, newsletter."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column

from shopdesk.models.base import Base, utcnow


class Feedback(Base):
    """What a shopper told the shop: a complaint or review left in chat (tied to an order when the
    shopper verified one), or a rating from the widget: thumbs on one bot answer, CSAT of a closed
    conversation."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    # "complaint" | "review" | "answer_rating" | "csat"
    kind: Mapped[str] = mapped_column(String(20))
    email: Mapped[str | None] = mapped_column(String(320))
    order_number: Mapped[str | None] = mapped_column(String(64), index=True)
    text: Mapped[str] = mapped_column(Text)
    rating: Mapped[int | None]
    conversation_id: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class ErasureRequest(Base):
    """A verified customer asked for their account and data to be deleted (GDPR art. 17)."""

    __tablename__ = "erasure_requests"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), index=True)
    status: Mapped[str] = mapped_column(String(20), default="pending")
    reference: Mapped[str] = mapped_column(String(20), unique=True)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    idempotency_key: Mapped[str | None] = mapped_column(String(200), unique=True)


class NewsletterSubscription(Base):
    """The newsletter choice of one email address; the latest choice wins."""

    __tablename__ = "newsletter_subscriptions"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(320), unique=True)
    subscribed: Mapped[bool]
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
