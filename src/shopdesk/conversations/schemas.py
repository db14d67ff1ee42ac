"""Request and response bodies of the chat API (../shared/contracts/chat-api.md)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shopdesk.models import Message

MAX_TEXT = 2000
# C0/C1 control characters other than tab and newlines carry no meaning in a chat message, and
# PostgreSQL cannot store NUL at all: they are removed before anything else sees the text.
_CONTROL = dict.fromkeys(
    [c for c in range(32) if c not in (9, 10, 13)] + [127, *range(128, 160)], None
)
State = Literal["bot", "queued", "agent", "closed"]


class CreateConversation(BaseModel):
    model_config = ConfigDict(extra="ignore")

    locale: str | None = Field(default=None, max_length=35, examples=["es"])
    channel: str = Field(default="web", min_length=1, max_length=32)
    customer_token: str | None = Field(default=None, max_length=4096)


class SendMessage(BaseModel):
    model_config = ConfigDict(extra="ignore")

    text: str = Field(description="1..2000 characters after trimming")
    client_id: str | None = Field(
        default=None,
        min_length=1,
        max_length=100,
        description="The widget's id for this message, as on the WebSocket: a message first sent "
        "over the socket and retried over HTTP is stored once.",
    )

    @field_validator("text")
    @classmethod
    def _trimmed_length(cls, value: str) -> str:
        return check_text(value)


def clean_text(value: str) -> str:
    return value.translate(_CONTROL).strip()


def check_text(value: str) -> str:
    """The message text as stored: control characters removed, trimmed, 1..MAX_TEXT long."""
    value = clean_text(value)
    if not value:
        raise ValueError("text must not be empty")
    if len(value) > MAX_TEXT:
        raise ValueError(f"text must be at most {MAX_TEXT} characters")
    return value


class RateAnswer(BaseModel):
    """Thumbs up/down on a bot answer (the widget's HTTP fallback of the ``feedback`` frame)."""

    model_config = ConfigDict(extra="ignore")

    message_id: str = Field(min_length=1, max_length=64)
    rating: Literal["up", "down"]


class RateConversation(BaseModel):
    """CSAT (the widget's HTTP fallback of the ``csat`` frame)."""

    model_config = ConfigDict(extra="ignore")

    score: int = Field(ge=1, le=5, strict=True)


class MessageOut(BaseModel):
    id: str
    role: str
    text: str
    created_at: str
    locale: str
    intent: str | None
    quick_replies: list[str]
    card: dict[str, Any] | None


class ConversationCreated(BaseModel):
    id: str
    token: str
    state: State
    locale: str
    messages: list[MessageOut]


class TurnOut(BaseModel):
    id: str
    state: State
    locale: str
    messages: list[MessageOut]


class QueuedConversation(BaseModel):
    id: str
    state: State
    locale: str
    channel: str
    queued_at: str | None
    handoff_reason: str | None
    last_customer_message: str | None


def message_out(message: Message) -> dict[str, Any]:
    body: dict[str, Any] = {
        "id": message.id,
        "role": message.role,
        "text": message.text,
        "created_at": message.created_at.isoformat(),
        "locale": message.locale,
        "intent": message.intent,
        "quick_replies": list(message.quick_replies or []),
        "card": message.card,
    }
    if message.agent:
        # Extension of the contract's Message: who the person answering is.
        body["agent"] = {
            "name": message.agent.get("name"),
            "avatar_url": message.agent.get("avatar_url"),
        }
    return body
