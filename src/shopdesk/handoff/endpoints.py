"""Agent-side endpoints, authenticated by SHOPDESK_AGENT_API_KEY until console logins exist."""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Header, Query, Request

from shopdesk.conversations.endpoints import bearer
from shopdesk.conversations.repository import ConversationRepository
from shopdesk.conversations.schemas import QueuedConversation
from shopdesk.kit.errors import Unauthorized
from shopdesk.kit.jsonresponse import JSONResponse

router = APIRouter(prefix="/v1/agent", tags=["agent"])


def require_agent(request: Request, authorization: str | None) -> None:
    expected = request.app.state.runtime.settings.agent_api_key
    token = bearer(authorization)
    if not expected:
        raise Unauthorized("Agent access is not configured: set SHOPDESK_AGENT_API_KEY.")
    if not token or not hmac.compare_digest(token.encode(), expected.encode()):
        raise Unauthorized("Missing or wrong agent API key.")


@router.get("/conversations", response_model=list[QueuedConversation])
async def list_conversations(
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    state: Annotated[str, Query(pattern="^(bot|queued|agent|closed)$")] = "queued",
) -> JSONResponse:
    """Conversations in a state (default: waiting for a human), oldest in the queue first."""
    require_agent(request, authorization)
    async with request.app.state.runtime.sessionmaker() as session:
        repo = ConversationRepository(session)
        rows = []
        for conversation in await repo.queued(state):
            rows.append(
                {
                    "id": conversation.id,
                    "state": conversation.state,
                    "locale": conversation.locale,
                    "channel": conversation.channel,
                    "queued_at": conversation.queued_at.isoformat()
                    if conversation.queued_at
                    else None,
                    "handoff_reason": conversation.handoff_reason,
                    "last_customer_message": await repo.last_customer_text(conversation.id),
                }
            )
    return JSONResponse(rows)
