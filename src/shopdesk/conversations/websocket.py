"""The live channel of the chat API: ``WS /v1/conversations/{id}/ws?token=...&after=...``.

Every outgoing frame goes through one queue per connection (the bus subscription), so acks,
typing indicators, messages and state changes reach the client in the order they happened.
A repeated ``client_id`` is acknowledged with the first message's id and never processed twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from typing import Any

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.exc import SQLAlchemyError
from starlette.websockets import WebSocketDisconnected

from shopdesk.conversations.ratings import rate_answer, rate_conversation
from shopdesk.conversations.schemas import MAX_TEXT, check_text, message_out
from shopdesk.conversations.service import ConversationService, Turn, channel_for
from shopdesk.kit.errors import AppError
from shopdesk.models import Message

router = APIRouter()
log = logging.getLogger("shopdesk.ws")
MAX_FRAME = 16_384


def _error(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"type": "error", "error": {"code": code, "message": message}, **extra}


@router.websocket("/v1/conversations/{conversation_id}/ws")
async def conversation_socket(websocket: WebSocket, conversation_id: str) -> None:
    service: ConversationService = websocket.app.state.conversations
    token = websocket.query_params.get("token")
    after = websocket.query_params.get("after")
    await websocket.accept()
    try:
        await service.authorize(conversation_id, token)
    except AppError as exc:
        await websocket.send_json(_error(exc.code, exc.message))
        await websocket.close(code=4401 if exc.status_code == 401 else 4404)
        return
    except (SQLAlchemyError, OSError) as exc:
        await _unavailable(websocket, exc)
        return

    async with service.rt.bus.subscribe(channel_for(conversation_id)) as outbox:
        own_ids: set[str] = set()  # this socket's own messages: acked, not echoed
        sent_ids: set[str] = set()
        if after is not None:
            try:
                _, missed = await service.transcript(conversation_id, token, after=after)
            except (SQLAlchemyError, OSError) as exc:
                await _unavailable(websocket, exc)
                return
            for message in missed:
                outbox.put_nowait({"type": "message", "message": message_out(message)})
        sender = asyncio.create_task(_send_loop(websocket, outbox, own_ids, sent_ids))
        try:
            await _receive_loop(websocket, service, conversation_id, token, outbox, own_ids)
        except (WebSocketDisconnect, WebSocketDisconnected):
            # The second: the send loop found the client gone (the socket is already closed).
            pass
        finally:
            sender.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await sender


async def _unavailable(websocket: WebSocket, exc: Exception) -> None:
    """The database is away: say so and close with 1013 (try again later); the client resumes."""
    log.warning("socket closed, a dependency failed: %s", type(exc).__name__)
    problem = "A service we depend on is unavailable; reconnect shortly."
    await websocket.send_json(_error("service_unavailable", problem))
    await websocket.close(code=1013)


async def _send_loop(
    websocket: WebSocket,
    outbox: asyncio.Queue[dict[str, Any]],
    own_ids: set[str],
    sent_ids: set[str],
) -> None:
    while True:
        event = await outbox.get()
        if event.get("type") == "typing" and event.get("role") == "customer":
            continue  # the shopper's own typing, on its way to the agents
        if event.get("type") == "message":
            message_id = event["message"]["id"]
            if message_id in own_ids or message_id in sent_ids:
                continue
            sent_ids.add(message_id)
        await websocket.send_text(orjson.dumps(event).decode())


async def _receive_loop(
    websocket: WebSocket,
    service: ConversationService,
    conversation_id: str,
    token: str | None,
    outbox: asyncio.Queue[dict[str, Any]],
    own_ids: set[str],
) -> None:
    client_key = websocket.client.host if websocket.client else "unknown"
    while True:
        raw = await websocket.receive_text()
        if len(raw) > MAX_FRAME:
            outbox.put_nowait(_error("payload_too_large", "Frame too large."))
            continue
        try:
            frame = orjson.loads(raw)
        except orjson.JSONDecodeError:
            outbox.put_nowait(_error("invalid_request", "Frames must be JSON objects."))
            continue
        if not isinstance(frame, dict):
            outbox.put_nowait(_error("invalid_request", "Frames must be JSON objects."))
            continue
        kind = frame.get("type")
        if kind == "message":
            await _handle_message(
                service, conversation_id, token, frame, outbox, own_ids, client_key
            )
        elif kind in {"feedback", "csat"}:
            await _handle_rating(service, conversation_id, token, frame, outbox)
        elif kind == "typing":
            # Not stored: passed on to the agents following the conversation.
            event = {"type": "typing", "role": "customer"}
            await service.rt.bus.publish(channel_for(conversation_id), event)
        else:
            outbox.put_nowait(_error("invalid_request", f"Unknown frame type {kind!r}."))


async def _handle_rating(
    service: ConversationService,
    conversation_id: str,
    token: str | None,
    frame: dict[str, Any],
    outbox: asyncio.Queue[dict[str, Any]],
) -> None:
    try:
        if frame["type"] == "feedback":
            message_id = frame.get("message_id")
            await rate_answer(service, conversation_id, token, message_id, frame.get("rating"))
        else:
            await rate_conversation(service, conversation_id, token, frame.get("score"))
    except AppError as exc:
        outbox.put_nowait(_error(exc.code, exc.message))
    except (SQLAlchemyError, OSError) as exc:
        log.warning("rating not stored, a dependency failed: %s", type(exc).__name__)
        problem = "A service we depend on is unavailable; rate again shortly."
        outbox.put_nowait(_error("service_unavailable", problem))


async def _handle_message(
    service: ConversationService,
    conversation_id: str,
    token: str | None,
    frame: dict[str, Any],
    outbox: asyncio.Queue[dict[str, Any]],
    own_ids: set[str],
    client_key: str,
) -> None:
    text = frame.get("text")
    client_id = frame.get("client_id")
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 100:
        outbox.put_nowait(_error("invalid_request", "client_id must be a string of 1..100."))
        return
    try:
        text = check_text(text if isinstance(text, str) else "")
    except ValueError:
        problem = f"text must be 1..{MAX_TEXT} characters."
        outbox.put_nowait(_error("invalid_request", problem, client_id=client_id))
        return

    async def acknowledge(message: Message, bot_answers: bool) -> None:
        own_ids.add(message.id)
        outbox.put_nowait({"type": "ack", "client_id": client_id, "message_id": message.id})
        if bot_answers:
            outbox.put_nowait({"type": "typing", "role": "bot"})

    try:
        await service.check_rate(conversation_id, client_key)
        turn = await service.receive(
            conversation_id,
            token,
            text,
            client_key=client_key,
            client_id=client_id,
            on_accepted=acknowledge,
        )
        if isinstance(turn, Turn) and turn.replayed:
            # A resent message: re-deliver its answers (the send loop drops what was sent).
            for reply in turn.replies:
                outbox.put_nowait({"type": "message", "message": message_out(reply)})
    except AppError as exc:
        outbox.put_nowait(_error(exc.code, exc.message, client_id=client_id))
    except (SQLAlchemyError, OSError) as exc:
        # The message may or may not be stored: the client resends with the same client_id,
        # which is answered exactly once either way.
        log.warning("turn failed on a dependency: %s", type(exc).__name__)
        problem = "A service we depend on is unavailable; resend the message shortly."
        outbox.put_nowait(_error("service_unavailable", problem, client_id=client_id))
