"""The agent JSON API (``/v1/agent/...``). Every endpoint authenticates through
:func:`shopdesk.handoff.principal.current_agent`.

Errors follow the chat API: 401 without valid credentials, 403 for a role that may not do it,
404 for an unknown conversation, 409 for a transition the conversation's state does not allow
(repeating one that already happened is a 200 no-op), 422 for a bad body.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request
from pydantic import BaseModel, ConfigDict, Field, field_validator

from shopdesk.conversations.schemas import QueuedConversation, check_text, message_out
from shopdesk.handoff.principal import AgentPrincipal, current_agent
from shopdesk.handoff.service import HandoffService, note_out
from shopdesk.handoff.websocket import router as socket_router
from shopdesk.kit.jsonresponse import JSONResponse
from shopdesk.models import Conversation

router = APIRouter(prefix="/v1/agent", tags=["agent"])
Agent = Annotated[AgentPrincipal, Depends(current_agent)]
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong agent credentials"},
    403: {"description": "Your role may not do this"},
    404: {"description": "Unknown conversation"},
    409: {"description": "Not possible in the conversation's current state"},
    422: {"description": "Invalid body"},
}


def service_of(request: Request) -> HandoffService:
    return HandoffService(request.app.state.runtime)


class _Body(BaseModel):
    model_config = ConfigDict(extra="ignore")


class AgentRef(_Body):
    agent_id: str = Field(min_length=1, max_length=100)
    agent_name: str | None = Field(default=None, max_length=200)


class AgentMessage(_Body):
    text: str
    client_id: str | None = Field(default=None, min_length=1, max_length=100)

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return check_text(value)


class Note(_Body):
    text: str

    @field_validator("text")
    @classmethod
    def _text(cls, value: str) -> str:
        return check_text(value)


class CloseBody(_Body):
    reason: str | None = Field(default=None, max_length=200)


class Presence(_Body):
    status: Literal["online", "away", "offline"] = "online"


def conversation_out(conversation: Conversation) -> dict[str, Any]:
    return {
        "id": conversation.id,
        "state": conversation.state,
        "agent_id": conversation.agent_id,
        "priority": conversation.priority,
        "handoff_reason": conversation.handoff_reason,
    }


@router.get("/conversations", response_model=list[QueuedConversation], responses=ERRORS)
async def list_conversations(
    request: Request,
    agent: Agent,
    state: Annotated[str, Query(pattern="^(bot|queued|agent|closed)$")] = "queued",
) -> JSONResponse:
    """Conversations in a state (default: waiting for a human), the highest priority first."""
    return JSONResponse(await service_of(request).queue(state))


@router.get("/queue", responses=ERRORS)
async def queue(
    request: Request,
    agent: Agent,
    state: Annotated[str, Query(pattern="^(queued|agent)$")] = "queued",
) -> JSONResponse:
    """The queue: priority, wait, language, sentiment and reason of each waiting conversation."""
    return JSONResponse(await service_of(request).queue(state))


@router.get("/conversations/{conversation_id}", responses=ERRORS)
async def context(request: Request, agent: Agent, conversation_id: str) -> JSONResponse:
    """Transcript, verified orders, intents, sentiment trend, language, summary, notes, audit."""
    return JSONResponse(await service_of(request).context(conversation_id))


@router.post("/conversations/{conversation_id}/claim", responses=ERRORS)
async def claim(request: Request, agent: Agent, conversation_id: str) -> JSONResponse:
    return JSONResponse(conversation_out(await service_of(request).claim(conversation_id, agent)))


@router.post("/conversations/{conversation_id}/assign", responses=ERRORS)
async def assign(
    request: Request, agent: Agent, conversation_id: str, body: AgentRef
) -> JSONResponse:
    """Give a conversation to an agent (supervisor or admin)."""
    done = await service_of(request).assign(
        conversation_id, body.agent_id, agent, agent_name=body.agent_name or ""
    )
    return JSONResponse(conversation_out(done))


@router.post("/conversations/{conversation_id}/transfer", responses=ERRORS)
async def transfer(
    request: Request, agent: Agent, conversation_id: str, body: AgentRef
) -> JSONResponse:
    """Pass your conversation to another agent (a supervisor may pass anyone's)."""
    done = await service_of(request).transfer(
        conversation_id, body.agent_id, agent, agent_name=body.agent_name or ""
    )
    return JSONResponse(conversation_out(done))


@router.post("/conversations/{conversation_id}/messages", status_code=201, responses=ERRORS)
async def reply(
    request: Request, agent: Agent, conversation_id: str, body: AgentMessage
) -> JSONResponse:
    """Write to the shopper; a repeated client_id returns the first message."""
    message = await service_of(request).agent_reply(
        conversation_id, agent, body.text, body.client_id
    )
    return JSONResponse(message_out(message), status_code=201)


@router.post("/conversations/{conversation_id}/notes", status_code=201, responses=ERRORS)
async def add_note(
    request: Request, agent: Agent, conversation_id: str, body: Note
) -> JSONResponse:
    """An internal note: agents see it, the shopper never does."""
    note = await service_of(request).add_note(conversation_id, agent, body.text)
    return JSONResponse(note_out(note), status_code=201)


@router.post("/conversations/{conversation_id}/typing", status_code=204, responses=ERRORS)
async def typing(request: Request, agent: Agent, conversation_id: str) -> None:
    await service_of(request).typing(conversation_id, agent)


@router.post("/conversations/{conversation_id}/close", responses=ERRORS)
async def close(
    request: Request, agent: Agent, conversation_id: str, body: CloseBody | None = None
) -> JSONResponse:
    reason = body.reason if body else None
    done = await service_of(request).close(conversation_id, agent, reason)
    return JSONResponse(conversation_out(done))


@router.post("/conversations/{conversation_id}/hand-back", responses=ERRORS)
async def hand_back(request: Request, agent: Agent, conversation_id: str) -> JSONResponse:
    """Give the conversation back to the bot."""
    done = await service_of(request).hand_back(conversation_id, agent)
    return JSONResponse(conversation_out(done))


@router.post("/presence", responses=ERRORS)
async def presence(request: Request, agent: Agent, body: Presence | None = None) -> JSONResponse:
    """Heartbeat: an agent is online for a while after each call (or while on the WebSocket)."""
    service = service_of(request)
    await service.heartbeat(agent, body.status if body else "online")
    return JSONResponse({"agent_id": agent.id, "agents_online": await service.agents_online()})


@router.get("/presence", responses=ERRORS)
async def who_is_online(request: Request, agent: Agent) -> JSONResponse:
    return JSONResponse({"agents_online": await service_of(request).agents_online()})


router.include_router(socket_router)  # WS /v1/agent/ws
