"""Shopper ratings: thumbs up/down on a bot answer, and CSAT (1-5) for the conversation.

Both live in the ``feedback`` table beside complaints and reviews (kinds ``answer_rating`` and
``csat``). ``idempotency_key`` names what was rated — one answer, or the conversation — so
rating again changes the row instead of adding one: a widget that resends after a reconnect,
or a shopper who changes their mind, never counts twice.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from shopdesk.conversations.repository import ConversationRepository
from shopdesk.conversations.service import ConversationService
from shopdesk.core.types import Role
from shopdesk.kit.db import transaction
from shopdesk.kit.errors import InvalidRequest
from shopdesk.models import Feedback

ANSWER_RATINGS = {"up": 1, "down": -1}
ANSWER_RATING = "answer_rating"
CSAT = "csat"


def answer_rating_value(rating: object) -> int:
    if not isinstance(rating, str) or rating not in ANSWER_RATINGS:
        raise InvalidRequest('rating must be "up" or "down".')
    return ANSWER_RATINGS[rating]


def csat_score(score: object) -> int:
    # bool is an int in Python; `true` is not a score.
    if isinstance(score, bool) or not isinstance(score, int) or not 1 <= score <= 5:
        raise InvalidRequest("score must be an integer from 1 to 5.")
    return score


async def rate_answer(
    service: ConversationService,
    conversation_id: str,
    token: str | None,
    message_id: object,
    rating: object,
) -> None:
    """Record thumbs up/down on one of the bot's answers in this conversation."""
    value = answer_rating_value(rating)
    await service.authorize(conversation_id, token)
    if not isinstance(message_id, str) or not 1 <= len(message_id) <= 64:
        raise InvalidRequest("message_id must name a bot answer of this conversation.")
    async with service.rt.sessionmaker() as session:
        message = await ConversationRepository(session).message_by_id(conversation_id, message_id)
    if message is None or message.role != Role.BOT:
        raise InvalidRequest("message_id must name a bot answer of this conversation.")
    # The answer's text is kept with the rating: the shop's team reads what was rated.
    key = f"{ANSWER_RATING}:{message_id}"
    await _upsert(service, conversation_id, key, ANSWER_RATING, message.text, value)


async def rate_conversation(
    service: ConversationService, conversation_id: str, token: str | None, score: object
) -> None:
    """Record the shopper's satisfaction score (1-5); the latest score counts."""
    value = csat_score(score)
    await service.authorize(conversation_id, token)
    await _upsert(service, conversation_id, f"{CSAT}:{conversation_id}", CSAT, "", value)


async def _upsert(
    service: ConversationService,
    conversation_id: str,
    key: str,
    kind: str,
    text: str,
    rating: int,
) -> None:
    # Two rows for one key can only be raced into existence by two processes at once; the
    # loser's unique-key error means the row now exists, so the second attempt updates it.
    for attempt in range(2):
        try:
            async with transaction(service.rt.sessionmaker) as session:
                query = select(Feedback).where(Feedback.idempotency_key == key)
                row = (await session.execute(query)).scalar_one_or_none()
                if row is not None:
                    row.rating = rating
                    return
                session.add(
                    Feedback(
                        kind=kind,
                        text=text,
                        rating=rating,
                        conversation_id=conversation_id,
                        idempotency_key=key,
                    )
                )
            return
        except IntegrityError:
            if attempt:
                raise
