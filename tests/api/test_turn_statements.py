"""What a bot turn costs the database, counted (never timed), and what it must still guarantee.

A turn is two transactions: the customer's message is committed before anything else happens
(crash safety), then the answer, the new state and "answered" are written together.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pytest
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.app import build_runtime, close_runtime
from shopdesk.conversations.service import ConversationService, Turn
from shopdesk.kit.db import create_sessionmaker, transaction
from shopdesk.models import Message
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings
from shopdesk.store import import_document, parse_document
from support.store_doc import store_document

LOOKUP = "where is my order TS5003? buyer3@example.com"


@dataclass
class Statements:
    sql: list[str] = field(default_factory=list)
    commits: int = 0


@contextmanager
def counted(engine: AsyncEngine) -> Iterator[Statements]:
    """Every statement and commit the engine sends while the block runs."""
    seen = Statements()

    def statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        seen.sql.append(sql)

    def commit(_conn: Any) -> None:
        seen.commits += 1

    event.listen(engine.sync_engine, "before_cursor_execute", statement)
    event.listen(engine.sync_engine, "commit", commit)
    try:
        yield seen
    finally:
        event.remove(engine.sync_engine, "before_cursor_execute", statement)
        event.remove(engine.sync_engine, "commit", commit)


@pytest.fixture
async def service(
    database_url: str, engine: AsyncEngine, nlu_pipeline: Pipeline
) -> AsyncIterator[ConversationService]:
    async with transaction(create_sessionmaker(engine)) as session:
        await import_document(session, parse_document(store_document()))
    runtime = await build_runtime(Settings(database_url=database_url), nlu=nlu_pipeline)
    service = ConversationService(runtime)
    # The first turn loads the catalogue and the FAQ index: not part of what is counted.
    await say(service, "hello")
    yield service
    await close_runtime(runtime)


@dataclass
class Chat:
    service: ConversationService
    id: str
    token: str

    async def say(self, text: str, **kwargs: Any) -> Turn:
        turn = await self.service.receive(self.id, self.token, text, client_key="t", **kwargs)
        assert isinstance(turn, Turn)
        return turn


async def open_chat(service: ConversationService) -> Chat:
    conversation, token, _ = await service.create(locale="en", channel="t", customer_token=None)
    return Chat(service, conversation.id, token)


async def say(service: ConversationService, text: str) -> Turn:
    return await (await open_chat(service)).say(text)


def turn_only(seen: Statements) -> tuple[list[str], int]:
    """Statements and commits of the turn itself: PostgreSQL's per-conversation advisory lock
    (kit.locks) is taken and released on a connection of its own, in autocommit mode."""
    return [s for s in seen.sql if "pg_advisory" not in s], seen.commits


async def test_a_verified_order_lookup_takes_seven_statements_in_two_commits(
    service: ConversationService,
) -> None:
    chat = await open_chat(service)
    with counted(service.rt.engine) as seen:
        turn = await chat.say(LOOKUP)
    assert turn.replies[0].card is not None  # the order was found and shown
    sql, commits = turn_only(seen)
    # conversation (and whether a message awaits an answer), INSERT message | order, product
    # tags, INSERT reply, UPDATE conversation, UPDATE message
    assert len(sql) <= 7, "\n".join(sql)
    assert commits == 2


async def test_a_greeting_takes_five_statements(service: ConversationService) -> None:
    chat = await open_chat(service)
    with counted(service.rt.engine) as seen:
        turn = await chat.say("hello")
    assert turn.replies
    sql, commits = turn_only(seen)
    assert len(sql) <= 5, "\n".join(sql)
    assert commits == 2


async def test_the_message_is_committed_before_the_turn_is_processed(
    service: ConversationService,
) -> None:
    seen_before_answer: list[tuple[str, Any]] = []

    async def stored(message: Message, bot_answers: bool) -> None:
        # Another connection sees it: it survives a crash from here on.
        async with service.rt.sessionmaker() as session:
            query = select(Message.text, Message.processed_at).where(Message.id == message.id)
            seen_before_answer.extend((await session.execute(query)).tuples())

    turn = await (await open_chat(service)).say(LOOKUP, on_accepted=stored)
    assert seen_before_answer == [(LOOKUP, None)]
    async with service.rt.sessionmaker() as session:
        stored_row = await session.get(Message, turn.inbound.seq)
    assert stored_row is not None
    assert stored_row.processed_at is not None
    assert stored_row.intent == turn.inbound.intent == "track_order"


async def test_a_repeated_client_id_is_answered_from_storage_without_writes(
    service: ConversationService,
) -> None:
    chat = await open_chat(service)
    first = await chat.say(LOOKUP, client_id="c1")
    with counted(service.rt.engine) as seen:
        again = await chat.say(LOOKUP, client_id="c1")
    assert again.replayed
    assert again.inbound.id == first.inbound.id
    assert [m.id for m in again.replies] == [m.id for m in first.replies]
    assert not [s for s in seen.sql if s.lstrip().upper().startswith(("INSERT", "UPDATE"))]


async def test_a_message_answered_meanwhile_is_not_answered_again(
    service: ConversationService,
) -> None:
    """The live turn does not read its message again; "answered" is a conditional UPDATE."""
    chat = await open_chat(service)
    accepted = await service._accept(chat.id, chat.token, "hello", None, "c-race")
    assert isinstance(accepted, Turn)
    # What another process answering the same message first would leave behind:
    async with transaction(service.rt.sessionmaker) as session:
        stored = await session.get(Message, accepted.inbound.seq)
        assert stored is not None
        stored.processed_at = accepted.inbound.created_at
        session.add(
            Message(
                id="answer-from-elsewhere",
                conversation_id=chat.id,
                role="bot",
                text="Hi!",
                locale="en",
                quick_replies=[],
                created_at=accepted.inbound.created_at,
            )
        )
    turn = await service._process(chat.id, accepted.inbound.id, "t", None, accepted=accepted)
    assert turn.replayed
    assert [m.id for m in turn.replies] == ["answer-from-elsewhere"]
    async with service.rt.sessionmaker() as session:
        query = select(Message.role).where(Message.conversation_id == chat.id)
        roles = list((await session.execute(query.order_by(Message.seq))).scalars())
    assert roles == ["bot", "customer", "bot"]  # greeting, the message, one answer
