"""HTTP endpoints of the chat API (customer side)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Header, Request

from shopdesk.conversations.ratings import rate_answer, rate_conversation
from shopdesk.conversations.schemas import (
    ConversationCreated,
    CreateConversation,
    RateAnswer,
    RateConversation,
    SendMessage,
    TurnOut,
    message_out,
)
from shopdesk.conversations.service import ConversationService, turn_body
from shopdesk.kit.errors import InvalidRequest
from shopdesk.kit.jsonresponse import JSONResponse

router = APIRouter(prefix="/v1/conversations", tags=["conversations"])
ERRORS: dict[int | str, dict[str, Any]] = {
    401: {"description": "Missing or wrong conversation token"},
    404: {"description": "Unknown conversation"},
    413: {"description": "Body too large"},
    422: {"description": "Invalid body"},
    429: {"description": "Rate limited (see Retry-After)"},
    503: {"description": "A dependency is down (see Retry-After)"},
}


def service_of(request: Request) -> ConversationService:
    service: ConversationService = request.app.state.conversations
    return service


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, value = authorization.partition(" ")
    return value.strip() if scheme.lower() == "bearer" and value.strip() else None


def client_key(request: Request) -> str:
    return request.client.host if request.client else "unknown"


@router.post("", status_code=201, response_model=ConversationCreated, responses=ERRORS)
async def create_conversation(
    request: Request, body: CreateConversation | None = None
) -> JSONResponse:
    """Open a conversation. The response carries its secret token and the greeting."""
    body = body or CreateConversation()
    conversation, token, messages = await service_of(request).create(
        locale=body.locale, channel=body.channel, customer_token=body.customer_token
    )
    payload = {
        "id": conversation.id,
        "token": token,
        "state": conversation.state,
        "locale": conversation.locale,
        "messages": [message_out(m) for m in messages],
    }
    return JSONResponse(payload, status_code=201)


@router.post("/{conversation_id}/messages", response_model=TurnOut, responses=ERRORS)
async def send_message(
    conversation_id: str,
    body: SendMessage,
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
    idempotency_key: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Send the shopper's message; the response holds the messages this turn produced."""
    if idempotency_key is not None and not 1 <= len(idempotency_key) <= 200:
        raise InvalidRequest("Idempotency-Key must be 1..200 characters.")
    service = service_of(request)
    token = bearer(authorization)
    # The token is checked inside the turn's first transaction; ids are unguessable UUIDs.
    await service.check_rate(conversation_id, client_key(request))
    turn = await service.receive(
        conversation_id,
        token,
        body.text,
        client_key=client_key(request),
        idempotency_key=idempotency_key,
        client_id=body.client_id,
    )
    return JSONResponse(turn if isinstance(turn, dict) else turn_body(turn))


@router.get("/{conversation_id}", response_model=TurnOut, responses=ERRORS)
async def get_conversation(
    conversation_id: str,
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """The whole transcript, oldest first."""
    conversation, messages = await service_of(request).transcript(
        conversation_id, bearer(authorization)
    )
    return JSONResponse(
        {
            "id": conversation.id,
            "state": conversation.state,
            "locale": conversation.locale,
            "messages": [message_out(m) for m in messages],
        }
    )


@router.post("/{conversation_id}/feedback", responses=ERRORS)
async def rate_bot_answer(
    conversation_id: str,
    body: RateAnswer,
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """Thumbs up or down on one bot answer; rating the same answer again replaces the rating."""
    await rate_answer(
        service_of(request), conversation_id, bearer(authorization), body.message_id, body.rating
    )
    return JSONResponse({"message_id": body.message_id, "rating": body.rating})


@router.post("/{conversation_id}/csat", responses=ERRORS)
async def rate_whole_conversation(
    conversation_id: str,
    body: RateConversation,
    request: Request,
    authorization: Annotated[str | None, Header()] = None,
) -> JSONResponse:
    """The shopper's satisfaction score, 1 to 5; the latest score counts."""
    await rate_conversation(service_of(request), conversation_id, bearer(authorization), body.score)
    return JSONResponse({"score": body.score})
