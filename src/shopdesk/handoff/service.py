"""HandoffService: the agent side of a conversation, with its I/O.

Every ownership change goes through :func:`shopdesk.core.handoff.apply` under the
conversation's lock (in-process, plus an advisory lock on PostgreSQL) and a row lock, is written
to ``handoff_events`` in the same transaction, and is then published on the bus: to the
conversation's channel (the shopper's WebSocket, agents following it) and to the agents' channel
(queue views). Repeating a change is a no-op that writes and publishes nothing.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from shopdesk.conversations.handover import AGENTS_CHANNEL
from shopdesk.conversations.handover import PRESENCE_SECONDS as PRESENCE_SECONDS
from shopdesk.conversations.repository import ConversationRepository
from shopdesk.conversations.runtime import Runtime
from shopdesk.conversations.schemas import message_out
from shopdesk.conversations.service import channel_for
from shopdesk.core.handoff import Action, InvalidTransition, apply
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import ConversationState, Role
from shopdesk.dialogue.escalation import History
from shopdesk.dialogue.state import DialogueState
from shopdesk.handoff.principal import AgentPrincipal
from shopdesk.kit.db import transaction
from shopdesk.kit.errors import Conflict, Forbidden, NotFound
from shopdesk.models import AgentNote, AgentPresence, Conversation, HandoffEvent, Message
from shopdesk.responses.composer import compose

SUMMARY_SENTENCES = 3


def _now() -> datetime:
    return datetime.now(UTC)


def _aware(value: datetime | None) -> datetime | None:
    if value is None:
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


@dataclass
class Change:
    conversation: Conversation
    changed: bool
    events: list[dict[str, Any]]


class HandoffService:
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    # -- transitions ----------------------------------------------------------------------

    async def _transition(
        self,
        conversation_id: str,
        action: Action,
        by: AgentPrincipal | None,
        *,
        agent: AgentPrincipal | str | None = None,
        reason: str | None = None,
        priority: int | None = None,
        check: Any = None,
        on_change: Any = None,
    ) -> Conversation:
        agent_id = agent.id if isinstance(agent, AgentPrincipal) else agent
        said: Message | None = None
        lock = self.rt.locks.hold(conversation_id)
        async with lock, transaction(self.rt.sessionmaker) as session:
            repo = ConversationRepository(session)
            conversation = await repo.get(conversation_id, for_update=True)
            if conversation is None:
                raise NotFound("No conversation with that id.")
            if check is not None:
                check(conversation)
            try:
                outcome = apply(
                    conversation.state, conversation.agent_id, action, agent_id=agent_id
                )
            except InvalidTransition as exc:
                raise Conflict(str(exc)) from exc
            if not outcome.changed:
                return conversation
            before_state, before_agent = conversation.state, conversation.agent_id
            conversation.state = outcome.state
            conversation.agent_id = outcome.agent_id
            conversation.updated_at = _now()
            if outcome.state == ConversationState.QUEUED:
                conversation.queued_at = _now()
                conversation.handoff_reason = reason or conversation.handoff_reason
                conversation.priority = priority if priority is not None else 50
            elif outcome.state != ConversationState.AGENT:
                conversation.priority = None
            if outcome.state != ConversationState.QUEUED:
                # A callback request is over once someone (or the bot) has the conversation.
                conversation.handoff = {**(conversation.handoff or {}), "callback": None}
            if outcome.state == ConversationState.BOT:
                # The bot starts afresh: nothing half-asked from before the handoff.
                dialogue = DialogueState.model_validate(conversation.dialogue or {})
                conversation.dialogue = dialogue.model_copy(
                    update={
                        "awaiting": None,
                        "pending": None,
                        "flow": None,
                        "fallback_count": 0,
                    }
                ).model_dump(mode="json")
            session.add(
                HandoffEvent(
                    conversation_id=conversation_id,
                    action=action.value,
                    actor=f"agent:{by.id}" if by else "bot",
                    from_state=before_state,
                    to_state=outcome.state,
                    from_agent=before_agent,
                    to_agent=outcome.agent_id,
                    reason=reason,
                    at=_now(),
                )
            )
            said = on_change(conversation) if on_change is not None else None
            if said is not None:
                session.add(said)
        await self._publish_state(conversation, action, agent, reason)
        if said is not None:
            event = {"type": "message", "message": message_out(said)}
            await self.rt.bus.publish(channel_for(conversation.id), event)
        return conversation

    async def _publish_state(
        self,
        conversation: Conversation,
        action: Action,
        agent: AgentPrincipal | str | None,
        reason: str | None,
    ) -> None:
        event: dict[str, Any] = {"type": "state", "state": conversation.state}
        if isinstance(agent, AgentPrincipal) and conversation.state == ConversationState.AGENT:
            event["agent"] = {"name": agent.name, "avatar_url": agent.avatar_url}
        await self.rt.bus.publish(channel_for(conversation.id), event)
        await self.rt.bus.publish(
            AGENTS_CHANNEL,
            {
                "type": "queue",
                "action": action.value,
                "conversation_id": conversation.id,
                "state": conversation.state,
                "agent_id": conversation.agent_id,
                "priority": conversation.priority,
                "reason": reason or conversation.handoff_reason,
            },
        )

    async def request(self, conversation_id: str, reason: str, priority: int = 50) -> Conversation:
        """Put a bot conversation in the queue (a no-op when it already waits there)."""
        return await self._transition(
            conversation_id, Action.REQUEST, None, reason=reason, priority=priority
        )

    async def claim(self, conversation_id: str, agent: AgentPrincipal) -> Conversation:
        return await self._transition(conversation_id, Action.CLAIM, agent, agent=agent)

    async def assign(
        self, conversation_id: str, agent_id: str, by: AgentPrincipal, *, agent_name: str = ""
    ) -> Conversation:
        by.require("supervisor")
        named = AgentPrincipal(id=agent_id, name=agent_name or agent_id, role="agent")
        return await self._transition(conversation_id, Action.ASSIGN, by, agent=named)

    async def transfer(
        self, conversation_id: str, to_agent_id: str, by: AgentPrincipal, *, agent_name: str = ""
    ) -> Conversation:
        named = AgentPrincipal(id=to_agent_id, name=agent_name or to_agent_id, role="agent")
        return await self._transition(
            conversation_id, Action.TRANSFER, by, agent=named, check=self._owner_or(by)
        )

    async def hand_back(self, conversation_id: str, agent: AgentPrincipal) -> Conversation:
        """Back to the bot, which says so to the shopper (in their language)."""
        return await self._transition(
            conversation_id,
            Action.HAND_BACK,
            agent,
            check=self._owner_or(agent),
            on_change=self._bot_says_back,
        )

    def _bot_says_back(self, conversation: Conversation) -> Message:
        reply = Reply(key=ReplyKey.HANDOFF, params={"variant": "back_to_bot"})
        composed = compose(reply, conversation.locale, shop_name=self.rt.settings.shop_name)
        return Message(
            id=str(uuid.uuid4()),
            conversation_id=conversation.id,
            role=Role.BOT,
            text=composed.text,
            locale=conversation.locale,
            quick_replies=list(composed.quick_replies),
            card=composed.card,
            created_at=_now(),
            processed_at=_now(),
        )

    async def close(
        self, conversation_id: str, by: AgentPrincipal, reason: str | None = None
    ) -> Conversation:
        return await self._transition(
            conversation_id, Action.CLOSE, by, reason=reason, check=self._owner_or(by)
        )

    @staticmethod
    def _owner_or(agent: AgentPrincipal) -> Any:
        """A check: the conversation is unowned or the agent's, unless a supervisor acts."""

        def check(conversation: Conversation) -> None:
            owner = conversation.agent_id
            if conversation.state != ConversationState.AGENT or owner == agent.id:
                return
            if not agent.at_least("supervisor"):
                raise Forbidden(f"Agent {owner} owns this conversation; a supervisor can step in.")

        return check

    # -- messages and notes ---------------------------------------------------------------

    async def agent_reply(
        self, conversation_id: str, agent: AgentPrincipal, text: str, client_id: str | None
    ) -> Message:
        """The agent's message to the shopper; a repeated ``client_id`` returns the first one."""
        lock = self.rt.locks.hold(conversation_id)
        async with lock, transaction(self.rt.sessionmaker) as session:
            repo = ConversationRepository(session)
            conversation = await repo.get(conversation_id, for_update=True)
            if conversation is None:
                raise NotFound("No conversation with that id.")
            if client_id:
                seen = await repo.message_by_client_id(conversation_id, client_id)
                if seen is not None and seen.role == Role.AGENT:
                    return seen
            if conversation.state != ConversationState.AGENT:
                raise Conflict(
                    f"Claim the conversation before replying: it is {conversation.state}."
                )
            if conversation.agent_id != agent.id and not agent.at_least("supervisor"):
                raise Forbidden(f"Agent {conversation.agent_id} owns this conversation.")
            message = Message(
                id=str(uuid.uuid4()),
                conversation_id=conversation_id,
                role=Role.AGENT,
                text=text,
                locale=conversation.locale,
                quick_replies=[],
                client_id=client_id,
                agent={"id": agent.id, "name": agent.name, "avatar_url": agent.avatar_url},
                created_at=_now(),
                processed_at=_now(),
            )
            conversation.updated_at = _now()
            repo.add(message)
        await self.rt.bus.publish(
            channel_for(conversation_id), {"type": "message", "message": message_out(message)}
        )
        return message

    async def add_note(self, conversation_id: str, agent: AgentPrincipal, text: str) -> AgentNote:
        async with transaction(self.rt.sessionmaker) as session:
            if await ConversationRepository(session).get(conversation_id) is None:
                raise NotFound("No conversation with that id.")
            note = AgentNote(
                conversation_id=conversation_id, agent_id=agent.id, text=text, created_at=_now()
            )
            session.add(note)
        await self.rt.bus.publish(
            AGENTS_CHANNEL,
            {"type": "note", "conversation_id": conversation_id, "note": note_out(note)},
        )
        return note

    async def typing(self, conversation_id: str, agent: AgentPrincipal) -> None:
        await self.rt.bus.publish(
            channel_for(conversation_id),
            {"type": "typing", "role": "agent", "agent": {"name": agent.name}},
        )

    # -- presence -------------------------------------------------------------------------

    async def heartbeat(self, agent: AgentPrincipal, status: str = "online") -> None:
        values = {"name": agent.name, "status": status, "last_seen": _now()}
        for _ in range(2):  # two first heartbeats at once: the loser updates
            try:
                async with transaction(self.rt.sessionmaker) as session:
                    done = await session.execute(
                        update(AgentPresence)
                        .where(AgentPresence.agent_id == agent.id)
                        .values(**values)
                    )
                    if getattr(done, "rowcount", 0) == 0:
                        session.add(AgentPresence(agent_id=agent.id, **values))
                return
            except IntegrityError:
                continue

    async def agents_online(self, now: datetime | None = None) -> int:
        since = (now or _now()) - timedelta(seconds=PRESENCE_SECONDS)
        async with self.rt.sessionmaker() as session:
            query = select(func.count()).where(
                AgentPresence.status == "online", AgentPresence.last_seen >= since
            )
            return int((await session.execute(query)).scalar_one())

    # -- reading --------------------------------------------------------------------------

    async def queue(self, state: str = "queued") -> list[dict[str, Any]]:
        """Conversations in ``state``, the highest priority first, then the longest waiting."""
        now = _now()
        async with self.rt.sessionmaker() as session:
            repo = ConversationRepository(session)
            rows = []
            for conversation in await repo.queued(state):
                last = await repo.last_customer_message(conversation.id)
                queued_at = _aware(conversation.queued_at)
                rows.append(
                    {
                        "id": conversation.id,
                        "state": conversation.state,
                        "locale": conversation.locale,
                        "channel": conversation.channel,
                        "priority": conversation.priority or 0,
                        "queued_at": queued_at.isoformat() if queued_at else None,
                        "wait_seconds": int((now - queued_at).total_seconds())
                        if queued_at
                        else None,
                        "handoff_reason": conversation.handoff_reason,
                        "agent_id": conversation.agent_id,
                        "sentiment": last.sentiment if last else None,
                        "last_customer_message": last.text if last else None,
                    }
                )
        rows.sort(key=_queue_order)
        return rows

    async def context(self, conversation_id: str) -> dict[str, Any]:
        """What an agent needs to take over without asking the shopper to repeat anything."""
        async with self.rt.sessionmaker() as session:
            repo = ConversationRepository(session)
            conversation = await repo.get(conversation_id)
            if conversation is None:
                raise NotFound("No conversation with that id.")
            messages = list(await repo.messages(conversation_id))
            notes = list(await repo.notes(conversation_id))
            events = list(await repo.handoff_events(conversation_id))
            customer = None
            if conversation.customer_id is not None:
                customer = await repo.customer(conversation.customer_id)
        dialogue = DialogueState.model_validate(conversation.dialogue or {})
        shopper = [m for m in messages if m.role == Role.CUSTOMER]
        intents: list[str] = []
        for m in shopper:
            if m.intent and m.intent not in intents:
                intents.append(m.intent)
        queued_at = _aware(conversation.queued_at)
        return {
            "id": conversation.id,
            "state": conversation.state,
            "locale": conversation.locale,
            "channel": conversation.channel,
            "agent_id": conversation.agent_id,
            "priority": conversation.priority,
            "handoff_reason": conversation.handoff_reason,
            "queued_at": queued_at.isoformat() if queued_at else None,
            "customer": None
            if customer is None
            else {"email": customer.email, "name": customer.name, "vip": customer.vip},
            "verified_orders": list(dialogue.verified_orders),
            "intents": intents,
            "sentiment_trend": [m.sentiment for m in shopper if m.sentiment is not None],
            "summary": summarize(shopper, conversation.handoff_reason),
            "transcript": [message_out(m) for m in messages],
            "notes": [note_out(n) for n in notes],
            "events": [event_out(e) for e in events],
            "turns": History.from_json((conversation.handoff or {}).get("history")).turns,
        }


def _queue_order(row: dict[str, Any]) -> tuple[int, str]:
    return -int(row["priority"]), str(row["queued_at"] or "")


def summarize(shopper: list[Message], reason: str | None) -> str:
    """A few of the shopper's own sentences: the first request, the most upset, the last.

    Extractive on purpose: nothing is made up, every word is the shopper's.
    """
    chosen: list[Message] = []
    substantive = [m for m in shopper if len(m.text.split()) >= 3] or shopper
    if substantive:
        chosen.append(substantive[0])
        scored = [m for m in substantive if m.sentiment is not None]
        if scored:
            worst = min(scored, key=lambda m: m.sentiment or 0.0)
            if (worst.sentiment or 0.0) < 0 and worst not in chosen:
                chosen.append(worst)
        if shopper[-1] not in chosen:
            chosen.append(shopper[-1])
    chosen.sort(key=lambda m: m.seq)
    lines = [" ".join(m.text.split())[:300] for m in chosen[:SUMMARY_SENTENCES]]
    prefix = f"[{reason}] " if reason else ""
    return prefix + " / ".join(lines)


def note_out(note: AgentNote) -> dict[str, Any]:
    created = _aware(note.created_at)
    return {
        "id": note.id,
        "agent_id": note.agent_id,
        "text": note.text,
        "created_at": created.isoformat() if created else None,
    }


def event_out(event: HandoffEvent) -> dict[str, Any]:
    at = _aware(event.at)
    return {
        "action": event.action,
        "actor": event.actor,
        "from": event.from_state,
        "to": event.to_state,
        "from_agent": event.from_agent,
        "to_agent": event.to_agent,
        "reason": event.reason,
        "at": at.isoformat() if at else None,
    }
