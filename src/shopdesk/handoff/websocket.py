"""``WS /v1/agent/ws``: the live side of the agent console.

Server -> agent: ``{"type": "queue", ...}`` whenever a conversation joins, leaves or moves in the
queue, and, for each conversation the agent follows (``subscribe``), its events with their
``conversation_id``: shopper and agent messages, typing (``role`` customer|agent), state changes.
Agent -> server: ``subscribe`` / ``unsubscribe`` ``{"conversation_id"}``, ``typing``
``{"conversation_id"}``, ``message`` ``{"conversation_id", "text", "client_id"}`` (acked with the
message id), ``ping``. Being connected keeps the agent online (a heartbeat on every frame and
every ``HEARTBEAT_SECONDS``).
"""

from __future__ import annotations

import asyncio
import contextlib
from typing import Any

import orjson
from fastapi import APIRouter, WebSocket, WebSocketDisconnect
from sqlalchemy.exc import SQLAlchemyError
from starlette.websockets import WebSocketDisconnected

from shopdesk.conversations.handover import AGENTS_CHANNEL
from shopdesk.conversations.schemas import check_text, message_out
from shopdesk.conversations.service import channel_for
from shopdesk.handoff.principal import AgentPrincipal, current_agent
from shopdesk.handoff.service import HandoffService
from shopdesk.kit.errors import AppError

HEARTBEAT_SECONDS = 30.0
MAX_FRAME = 16_384
MAX_FOLLOWED = 200
# Mounted under /v1/agent by handoff.endpoints.
router = APIRouter()


def _error(code: str, message: str, **extra: Any) -> dict[str, Any]:
    return {"type": "error", "error": {"code": code, "message": message}, **extra}


@router.websocket("/ws")
async def agent_socket(websocket: WebSocket) -> None:
    await websocket.accept()
    try:
        agent = current_agent(websocket)
    except AppError as exc:
        await websocket.send_json(_error(exc.code, exc.message))
        await websocket.close(code=4401)
        return
    service = HandoffService(websocket.app.state.runtime)
    bus = service.rt.bus
    followed: dict[str, asyncio.Task[None]] = {}
    async with bus.subscribe(AGENTS_CHANNEL) as outbox:

        async def follow(conversation_id: str) -> None:
            async with bus.subscribe(channel_for(conversation_id)) as events:
                while True:
                    event = await events.get()
                    outbox.put_nowait({**event, "conversation_id": conversation_id})

        with contextlib.suppress(SQLAlchemyError, OSError):  # the database may be away
            await service.heartbeat(agent)
        tasks = [
            asyncio.create_task(_send_loop(websocket, outbox)),
            asyncio.create_task(_heartbeats(service, agent)),
        ]
        try:
            await _receive_loop(websocket, service, agent, outbox, followed, follow)
        except (WebSocketDisconnect, WebSocketDisconnected):
            # The second: the send loop found the client gone (the socket is already closed).
            pass
        finally:
            for task in [*tasks, *followed.values()]:
                task.cancel()
            for task in [*tasks, *followed.values()]:
                with contextlib.suppress(asyncio.CancelledError, Exception):
                    await task
            with contextlib.suppress(Exception):
                await service.heartbeat(agent, "offline")


async def _send_loop(websocket: WebSocket, outbox: asyncio.Queue[dict[str, Any]]) -> None:
    while True:
        event = await outbox.get()
        await websocket.send_text(orjson.dumps(event).decode())


async def _heartbeats(service: HandoffService, agent: AgentPrincipal) -> None:
    while True:
        await asyncio.sleep(HEARTBEAT_SECONDS)
        with contextlib.suppress(Exception):  # a database hiccup must not drop the socket
            await service.heartbeat(agent)


async def _receive_loop(
    websocket: WebSocket,
    service: HandoffService,
    agent: AgentPrincipal,
    outbox: asyncio.Queue[dict[str, Any]],
    followed: dict[str, asyncio.Task[None]],
    follow: Any,
) -> None:
    while True:
        raw = await websocket.receive_text()
        if len(raw) > MAX_FRAME:
            outbox.put_nowait(_error("payload_too_large", "Frame too large."))
            continue
        try:
            frame = orjson.loads(raw)
        except orjson.JSONDecodeError:
            frame = None
        if not isinstance(frame, dict):
            outbox.put_nowait(_error("invalid_request", "Frames must be JSON objects."))
            continue
        kind = frame.get("type")
        conversation_id = frame.get("conversation_id")
        if kind == "ping":
            with contextlib.suppress(SQLAlchemyError, OSError):
                await service.heartbeat(agent)
            outbox.put_nowait({"type": "pong"})
            continue
        if kind not in {"subscribe", "unsubscribe", "typing", "message"}:
            outbox.put_nowait(_error("invalid_request", f"Unknown frame type {kind!r}."))
            continue
        if not isinstance(conversation_id, str) or not 1 <= len(conversation_id) <= 64:
            outbox.put_nowait(_error("invalid_request", "conversation_id is required."))
            continue
        try:
            if kind == "subscribe":
                await service.context(conversation_id)  # 404 for an unknown conversation
                if conversation_id not in followed and len(followed) < MAX_FOLLOWED:
                    task = asyncio.create_task(follow(conversation_id))
                    followed[conversation_id] = task
                outbox.put_nowait({"type": "subscribed", "conversation_id": conversation_id})
            elif kind == "unsubscribe":
                if conversation_id in followed:
                    followed.pop(conversation_id).cancel()
            elif kind == "typing":
                await service.typing(conversation_id, agent)
            else:
                await _message(service, agent, conversation_id, frame, outbox)
        except AppError as exc:
            outbox.put_nowait(_error(exc.code, exc.message, conversation_id=conversation_id))
        except (SQLAlchemyError, OSError):
            # The database is away: this frame failed, the socket stays (resend it shortly).
            problem = "A service we depend on is unavailable; retry shortly."
            outbox.put_nowait(
                _error("service_unavailable", problem, conversation_id=conversation_id)
            )


async def _message(
    service: HandoffService,
    agent: AgentPrincipal,
    conversation_id: str,
    frame: dict[str, Any],
    outbox: asyncio.Queue[dict[str, Any]],
) -> None:
    client_id = frame.get("client_id")
    if not isinstance(client_id, str) or not 1 <= len(client_id) <= 100:
        outbox.put_nowait(_error("invalid_request", "client_id must be a string of 1..100."))
        return
    text = frame.get("text")
    try:
        text = check_text(text if isinstance(text, str) else "")
    except ValueError as exc:
        outbox.put_nowait(_error("invalid_request", str(exc), client_id=client_id))
        return
    message = await service.agent_reply(conversation_id, agent, text, client_id)
    outbox.put_nowait(
        {
            "type": "ack",
            "client_id": client_id,
            "message_id": message.id,
            "message": message_out(message),
        }
    )
