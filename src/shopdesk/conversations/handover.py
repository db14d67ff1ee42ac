"""Handing a conversation over: the escalation policy applied on the message path, the queue,
callback tickets while nobody is there, and the bot's messages themselves.

``ConversationService`` (service.py) is built on these steps; they read and write through the
turn's repository and never commit (the service's transaction does).
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any, TypeVar

from sqlalchemy import select

from shopdesk.conversations.repository import ConversationRepository
from shopdesk.conversations.runtime import Runtime
from shopdesk.core.handoff import Action, apply
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import ConversationState, Role
from shopdesk.dialogue import escalation
from shopdesk.invoices.links import with_invoice_link
from shopdesk.models import (
    AgentPresence,
    Conversation,
    Customer,
    HandoffEvent,
    HandoffTicket,
    Message,
)
from shopdesk.responses.composer import compose
from shopdesk.responses.formatting import format_moment

_T = TypeVar("_T")
# Queue changes for every agent's console (see handoff.service).
AGENTS_CHANNEL = "agents"
# An agent is online this long after their last heartbeat (handoff.service writes presence).
PRESENCE_SECONDS = 90


def utc_now() -> datetime:
    return datetime.now(UTC)


def new_id() -> str:
    return str(uuid.uuid4())


class HandoverSteps:
    rt: Runtime

    def escalation_policy(self) -> escalation.EscalationPolicy:
        settings, shop = self.rt.settings, self.rt.policy.handoff
        # The shop's policy file wins over the server's settings, key by key.
        return escalation.EscalationPolicy(
            anger=_first(shop.anger, settings.handoff_anger),
            negative=_first(shop.negative, settings.handoff_negative),
            long_conversation_turns=_first(
                shop.long_conversation_turns, settings.handoff_long_conversation_turns
            ),
            keywords=_first(shop.legal_words, settings.handoff_legal_words),
        )

    @staticmethod
    async def _is_vip(repo: ConversationRepository, conversation: Conversation) -> bool:
        if conversation.customer_id is None:
            return False
        customer = await repo.session.get(Customer, conversation.customer_id)
        return bool(customer and customer.vip)

    @staticmethod
    def _move(
        repo: ConversationRepository,
        conversation: Conversation,
        action: Action,
        *,
        actor: str,
        reason: str | None,
    ) -> None:
        """One state-machine step taken on the message path, audited like the agents' ones."""
        outcome = apply(conversation.state, conversation.agent_id, action)
        if not outcome.changed:
            return
        repo.add(
            HandoffEvent(
                conversation_id=conversation.id,
                action=action.value,
                actor=actor,
                from_state=conversation.state,
                to_state=outcome.state,
                from_agent=conversation.agent_id,
                to_agent=None,
                reason=reason,
                at=utc_now(),
            )
        )
        conversation.state = outcome.state
        conversation.agent_id = None
        if outcome.state == ConversationState.BOT:
            conversation.priority = None
            conversation.handoff = {**(conversation.handoff or {}), "callback": None}

    async def _queue(
        self,
        repo: ConversationRepository,
        conversation: Conversation,
        decision: escalation.Decision,
        reply: Reply | None,
        now: datetime,
        events: list[dict[str, Any]],
    ) -> Reply:
        """Queue the conversation; what to tell the shopper (nobody there: how to reach them)."""
        self._move(repo, conversation, Action.REQUEST, actor="bot", reason=decision.reason)
        conversation.queued_at = utc_now()
        conversation.handoff_reason = decision.reason
        conversation.priority = decision.priority
        events.append({"type": "state", "state": conversation.state})
        hours = self.rt.policy.business_hours
        open_now = hours.is_open(now)
        if not self.rt.settings.handoff_callback_tickets or (
            open_now and await self._agents_online(repo, now)
        ):
            return reply or Reply(key=ReplyKey.HANDOFF_QUEUED)
        conversation.handoff = {**(conversation.handoff or {}), "callback": "awaiting"}
        when = None if open_now else hours.next_opening(now)
        if when is None:
            return Reply(key=ReplyKey.HANDOFF, params={"variant": "offline_asap"})
        shown = self._moment(when, conversation.locale)
        return Reply(key=ReplyKey.HANDOFF, params={"variant": "offline", "when": shown})

    def _moment(self, when: datetime, locale: str) -> str:
        return format_moment(when, locale, self.rt.policy.business_hours.zone())

    @staticmethod
    async def _agents_online(repo: ConversationRepository, now: datetime) -> bool:
        since = max(now, utc_now()) - timedelta(seconds=PRESENCE_SECONDS)
        query = select(AgentPresence.agent_id).where(
            AgentPresence.status == "online", AgentPresence.last_seen >= since
        )
        return (await repo.session.execute(query.limit(1))).first() is not None

    @staticmethod
    def _awaiting_callback(conversation: Conversation) -> bool:
        return (
            conversation.state == ConversationState.QUEUED
            and (conversation.handoff or {}).get("callback") == "awaiting"
        )

    async def _callback_contact(
        self, repo: ConversationRepository, conversation: Conversation, inbound: Message
    ) -> list[Message]:
        """While nobody is there: an email or phone number in the message files a ticket.

        Anything else waits quietly for the team, like any queued message.
        """
        pipeline = await self.rt.nlu.get()
        written = inbound.created_at or utc_now()
        nlu = pipeline.understand(inbound.text, hint_locale=conversation.locale, now=written)
        inbound.sentiment = nlu.sentiment
        found = nlu.first("email") or nlu.first("phone")
        if found is None:
            return []
        when = self.rt.policy.business_hours.next_opening(written)
        repo.session.add(
            HandoffTicket(
                conversation_id=conversation.id,
                reason=conversation.handoff_reason,
                locale=conversation.locale,
                contact_kind=found.type,
                contact=found.value,
                callback_after=when,
                status="open",
                created_at=utc_now(),
                extra={},
            )
        )
        conversation.handoff = {**(conversation.handoff or {}), "callback": "ticket"}
        params: dict[str, Any] = {"variant": "ticket_asap", "contact": found.value}
        if when is not None and when > written:
            when_text = self._moment(when, conversation.locale)
            params = {**params, "variant": "ticket", "when": when_text}
        said = Reply(key=ReplyKey.HANDOFF, params=params)
        return [self._bot_message(conversation, said, conversation.locale)]

    def _bot_message(self, conversation: Conversation, reply: Reply, locale: str) -> Message:
        # An invoice reply names its order; the signed download link is made here, not in the
        # pure dialogue, which holds no secrets.
        reply = with_invoice_link(reply, self.rt.settings, locale=locale, now=utc_now())
        composed = compose(reply, locale, shop_name=self.rt.settings.shop_name)
        return Message(
            id=new_id(),
            conversation_id=conversation.id,
            role=Role.BOT,
            text=composed.text,
            locale=locale,
            quick_replies=list(composed.quick_replies),
            card=composed.card,
            created_at=utc_now(),
            processed_at=utc_now(),
        )


def _first(preferred: _T | None, fallback: _T) -> _T:
    return fallback if preferred is None else preferred


def queue_event(conversation: Conversation) -> dict[str, Any]:
    """What agents' consoles hear when a conversation joins or leaves the queue."""
    return {
        "type": "queue",
        "action": "state",
        "conversation_id": conversation.id,
        "state": conversation.state,
        "agent_id": conversation.agent_id,
        "priority": conversation.priority,
        "reason": conversation.handoff_reason,
    }
