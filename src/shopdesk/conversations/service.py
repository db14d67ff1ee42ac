"""The path of one customer message (see docs/ARCHITECTURE.md).

receive(): persist the inbound message first (idempotency key / client id), then, if the bot
owns the conversation, understand it, take one dialogue step, compose the replies in the
conversation's language, persist them with the new state and publish everything on the bus.
Turns of one conversation run one at a time: an in-process lock plus, on PostgreSQL, a row lock.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.exc import SQLAlchemyError

from shopdesk.auth.customer_token import InvalidCustomerToken, verify_customer_token
from shopdesk.auth.tokens import new_token, token_digest, token_matches
from shopdesk.commerce.builtin import DatabaseCatalogSource, DatabaseOrderActions
from shopdesk.commerce.platform_returns import PlatformTurn, ReturnsLedger
from shopdesk.commerce.records import DatabaseShopperRecords
from shopdesk.conversations.handover import (
    AGENTS_CHANNEL,
    HandoverSteps,
    new_id,
    queue_event,
    utc_now,
)
from shopdesk.conversations.repository import ConversationRepository
from shopdesk.conversations.runtime import Runtime
from shopdesk.conversations.schemas import message_out
from shopdesk.core.handoff import Action
from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import ConversationState, Intent, Role, normalize_locale
from shopdesk.dialogue import escalation
from shopdesk.dialogue.engine import TurnContext, choose_locale, step
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState
from shopdesk.kit.db import transaction
from shopdesk.kit.errors import InvalidRequest, NotFound, RateLimited, Unauthorized
from shopdesk.models import Conversation, IdempotencyRecord, Message

log = logging.getLogger("shopdesk.conversations")
MINUTE = 60.0
# Which wording offers a person, per escalation reason.
_OFFER_VARIANT = {
    escalation.Reason.NEGATIVE: "offer_upset",
    escalation.Reason.TREND: "offer_upset",
    escalation.Reason.THEFT: "offer_theft",
    escalation.Reason.LONG: "offer_long",
}
# The conversation states in which the bot answers the shopper (closed: it reopens).
_BOT_ANSWERS = frozenset({ConversationState.BOT, ConversationState.CLOSED})
# Called once the inbound message is stored: (message, whether the bot will answer it).
OnAccepted = Callable[[Message, bool], Awaitable[None]]


@dataclass
class Turn:
    conversation: Conversation
    inbound: Message
    replies: list[Message]
    replayed: bool = False  # the same message had been received before: nothing was processed


class _AnsweredElsewhere(Exception):
    """Another turn answered the message while this one ran: this one's writes are dropped."""


def channel_for(conversation_id: str) -> str:
    return f"conv:{conversation_id}"


class ConversationService(HandoverSteps):
    def __init__(self, runtime: Runtime) -> None:
        self.rt = runtime

    # -- creating and reading -------------------------------------------------------------

    async def create(
        self, *, locale: str | None, channel: str, customer_token: str | None
    ) -> tuple[Conversation, str, list[Message]]:
        settings = self.rt.settings
        chosen = normalize_locale(locale) or settings.default_locale
        token = new_token()
        async with transaction(self.rt.sessionmaker) as session:
            repo = ConversationRepository(session)
            customer_id = None
            if customer_token:
                email = self._customer_email_from_token(customer_token)
                customer = await repo.customer_by_email(email)
                customer_id = customer.id if customer else None
            conversation = Conversation(
                id=new_id(),
                token_hash=token_digest(token),
                state=ConversationState.BOT,
                locale=chosen,
                channel=channel,
                customer_id=customer_id,
                dialogue=DialogueState(locale=chosen).model_dump(mode="json"),
                created_at=utc_now(),
                updated_at=utc_now(),
            )
            repo.add(conversation)
            greeting = self._bot_message(conversation, Reply(key=ReplyKey.GREETING), chosen)
            repo.add(greeting)
        return conversation, token, [greeting]

    def _customer_email_from_token(self, customer_token: str) -> str:
        secret = self.rt.settings.customer_token_secret
        if not secret:
            raise InvalidRequest("customer_token given, but this shop has not configured one")
        try:
            return verify_customer_token(customer_token, secret)
        except InvalidCustomerToken as exc:
            raise Unauthorized(str(exc)) from exc

    async def authorize(self, conversation_id: str, token: str | None) -> Conversation:
        async with self.rt.sessionmaker() as session:
            conversation = await ConversationRepository(session).get(conversation_id)
        return self._check_token(conversation, token)

    @staticmethod
    def _check_token(conversation: Conversation | None, token: str | None) -> Conversation:
        if conversation is None:
            raise NotFound("No conversation with that id.")
        if not token_matches(token, conversation.token_hash):
            raise Unauthorized("Missing or wrong conversation token.")
        return conversation

    async def transcript(
        self, conversation_id: str, token: str | None, *, after: str | None = None
    ) -> tuple[Conversation, list[Message]]:
        async with self.rt.sessionmaker() as session:
            repo = ConversationRepository(session)
            conversation = self._check_token(await repo.get(conversation_id), token)
            after_seq = 0
            if after:
                anchor = await repo.message_by_id(conversation_id, after)
                after_seq = anchor.seq if anchor else 0
            return conversation, list(await repo.messages(conversation_id, after_seq=after_seq))

    # -- one turn -------------------------------------------------------------------------

    async def check_rate(self, conversation_id: str, client_key: str) -> None:
        settings = self.rt.settings
        per_client = await self.rt.counter.hit(f"rl:msg:client:{client_key}", MINUTE)
        per_conv = await self.rt.counter.hit(f"rl:msg:conv:{conversation_id}", MINUTE)
        if per_client > settings.messages_per_minute_per_client:
            raise RateLimited("Too many messages from this client; slow down.", retry_after=60)
        if per_conv > settings.messages_per_minute_per_conversation:
            raise RateLimited("Too many messages in this conversation; slow down.", retry_after=60)

    async def receive(
        self,
        conversation_id: str,
        token: str | None,
        text: str,
        *,
        client_key: str,
        idempotency_key: str | None = None,
        client_id: str | None = None,
        on_accepted: OnAccepted | None = None,
    ) -> Turn | dict[str, Any]:
        """Handle one customer message. Returns the stored answer for a repeated idempotency key."""
        if idempotency_key and not client_id:
            # A retried request finds its first message even if the first attempt died mid-turn.
            client_id = f"idem:{idempotency_key}"
        async with self.rt.locks.hold(conversation_id):
            accepted = await self._accept(conversation_id, token, text, idempotency_key, client_id)
            if isinstance(accepted, list):
                # Earlier messages were stored but never answered (a crash, an outage): answer
                # them first, so that turns stay in the order the shopper wrote them.
                await self._answer_earlier(conversation_id, accepted, client_key)
                accepted = await self._accept(
                    conversation_id, token, text, idempotency_key, client_id, earlier=False
                )
            assert not isinstance(accepted, list)
            if isinstance(accepted, dict):
                return accepted
            if on_accepted is not None:
                bot_owned = accepted.conversation.state in {"bot", "closed"}
                await on_accepted(accepted.inbound, bot_owned and not accepted.replayed)
            if accepted.replayed and accepted.inbound.processed_at is not None:
                return accepted
            if accepted.replayed:
                # Stored by an attempt that died before answering: answer it now, once.
                return await self._process(
                    conversation_id, accepted.inbound.id, client_key, idempotency_key
                )
            await self.rt.bus.publish(
                channel_for(conversation_id),
                {"type": "message", "message": message_out(accepted.inbound)},
            )
            return await self._process(
                conversation_id,
                accepted.inbound.id,
                client_key,
                idempotency_key,
                accepted=accepted,
            )

    async def _accept(
        self,
        conversation_id: str,
        token: str | None,
        text: str,
        idempotency_key: str | None,
        client_id: str | None,
        *,
        earlier: bool = True,
    ) -> Turn | dict[str, Any] | list[str]:
        """Store the message (or find it stored); the ids of unanswered earlier ones instead."""
        async with transaction(self.rt.sessionmaker) as session:
            repo = ConversationRepository(session)
            found, waiting = await repo.get_with_unanswered(conversation_id)
            conversation = self._check_token(found, token)
            if earlier and waiting and (unanswered := await repo.unanswered(conversation_id)):
                return unanswered
            if idempotency_key:
                stored = await repo.idempotent_response(conversation_id, idempotency_key)
                if stored is not None:
                    return stored
            if client_id:
                seen = await repo.message_by_client_id(conversation_id, client_id)
                if seen is not None:
                    replies = list(await repo.replies_after(conversation_id, seen.seq))
                    return Turn(conversation, seen, replies, replayed=True)
            inbound = Message(
                id=new_id(),
                conversation_id=conversation_id,
                role=Role.CUSTOMER,
                text=text,
                locale=conversation.locale,
                quick_replies=[],
                client_id=client_id,
                created_at=utc_now(),
            )
            await repo.insert_messages([inbound])
        return Turn(conversation, inbound, [])

    async def _answer_earlier(
        self, conversation_id: str, message_ids: list[str], client_key: str
    ) -> None:
        for message_id in message_ids:
            try:
                await self._process(conversation_id, message_id, client_key, None)
            except (SQLAlchemyError, OSError):
                raise  # the database is away: this turn cannot be taken either
            except Exception:
                # One message that cannot be answered must not block the conversation; the
                # recovery sweep tries it again later.
                log.exception("could not answer earlier message %s", message_id)

    async def _process(
        self,
        conversation_id: str,
        inbound_id: str,
        client_key: str,
        idempotency_key: str | None,
        *,
        accepted: Turn | None = None,
    ) -> Turn:
        """Answer one stored customer message, once.

        ``accepted``: the conversation and message just stored by ``_accept`` under the lock
        this turn still holds (every writer of a conversation takes it), so they are not read
        again; without it (recovery, a retried message) both are read here.
        """
        events: list[dict[str, Any]] = []
        # Understanding is pure and the longest step: done before the transaction, it holds no
        # row lock, nor SQLite's single writer slot (see kit.db.transaction).
        understood = None
        if accepted is not None and accepted.conversation.state in _BOT_ANSWERS:
            understood = await self._understand(accepted.conversation, accepted.inbound)
        try:
            async with transaction(self.rt.sessionmaker) as session:
                repo = ConversationRepository(session)
                if accepted is None:
                    loaded = await self._load_unanswered(repo, conversation_id, inbound_id)
                    if isinstance(loaded, Turn):
                        return loaded
                    conversation, inbound = loaded
                else:
                    conversation, inbound = accepted.conversation, accepted.inbound
                inbound.processed_at = utc_now()
                conversation.updated_at = utc_now()
                started_as = conversation.state
                if conversation.state == ConversationState.CLOSED:
                    # A closed conversation reopens when the shopper writes again.
                    self._move(repo, conversation, Action.REOPEN, actor="customer", reason=None)
                    events.append({"type": "state", "state": conversation.state})
                replies: list[Message] = []
                if conversation.state == ConversationState.BOT:
                    replies = await self._bot_turn(
                        repo, conversation, inbound, client_key, events, understood
                    )
                elif self._awaiting_callback(conversation):
                    replies = await self._callback_contact(repo, conversation, inbound)
                await repo.insert_messages(replies)
                await repo.save_turn(conversation)
                if not await repo.mark_answered(inbound):
                    raise _AnsweredElsewhere  # rolls back everything this turn wrote
                turn = Turn(conversation, inbound, replies)
                if idempotency_key:
                    record = IdempotencyRecord(
                        conversation_id=conversation_id,
                        key=idempotency_key,
                        response=turn_body(turn),
                        created_at=utc_now(),
                    )
                    repo.add(record)
        except _AnsweredElsewhere:
            async with self.rt.sessionmaker() as session:
                answered = await self._load_unanswered(
                    ConversationRepository(session), conversation_id, inbound_id
                )
            assert isinstance(answered, Turn)
            return answered
        channel = channel_for(conversation_id)
        for reply in replies:
            await self.rt.bus.publish(channel, {"type": "message", "message": message_out(reply)})
        for event in events:
            await self.rt.bus.publish(channel, event)
        if conversation.state != started_as:
            await self.rt.bus.publish(AGENTS_CHANNEL, queue_event(conversation))
        return turn

    @staticmethod
    async def _load_unanswered(
        repo: ConversationRepository, conversation_id: str, inbound_id: str
    ) -> tuple[Conversation, Message] | Turn:
        """The conversation and its unanswered message; the turn that answered it, if one did."""
        conversation = await repo.get(conversation_id, for_update=True)
        inbound = await repo.message_by_id(conversation_id, inbound_id)
        assert conversation is not None and inbound is not None
        if inbound.processed_at is not None:
            # Already answered (a recovery sweep raced a live turn): never answer twice.
            answered = list(await repo.replies_after(conversation_id, inbound.seq))
            return Turn(conversation, inbound, answered, replayed=True)
        # The turn writes them with explicit statements (ConversationRepository), not a flush.
        repo.session.expunge(conversation)
        repo.session.expunge(inbound)
        return conversation, inbound

    async def _understand(
        self, conversation: Conversation, inbound: Message
    ) -> tuple[DialogueState, NLUResult]:
        """The dialogue state and the NLU's reading of the message (waits for the model)."""
        state = DialogueState.model_validate(conversation.dialogue or {})
        pipeline = await self.rt.nlu.get()
        # Relative dates ("yesterday") count from when the shopper wrote, not from when a
        # recovery sweep happens to process the message.
        written = inbound.created_at or datetime.now(UTC)
        return state, pipeline.understand(inbound.text, hint_locale=state.locale, now=written)

    async def recover_pending(self, *, older_than: timedelta = timedelta(seconds=30)) -> int:
        """Answer customer messages stored but never processed (the process died mid-turn).

        Only messages older than ``older_than`` are taken, so a turn that another process is
        running right now is left to it; ``_process`` skips anything already answered.
        """
        async with self.rt.sessionmaker() as session:
            pending = await ConversationRepository(session).unprocessed(utc_now() - older_than)
        for conversation_id, message_id in pending:
            async with self.rt.locks.hold(conversation_id):
                await self._process(conversation_id, message_id, "recovery", None)
        return len(pending)

    async def sweep_pending(self, every: float) -> None:
        """Every ``every`` seconds, answer what :meth:`recover_pending` finds that old (forever).

        A message acknowledged just before a crash, or whose turn failed while the database was
        away, is answered even if the shopper never sends it again.
        """
        while True:
            await asyncio.sleep(every)
            try:
                recovered = await self.recover_pending(older_than=timedelta(seconds=every))
            except Exception as exc:  # the database may be down: the next sweep tries again
                log.warning("recovery sweep failed: %s", type(exc).__name__)
                continue
            if recovered:
                log.info("answered %d message(s) left unanswered", recovered)

    async def _bot_turn(
        self,
        repo: ConversationRepository,
        conversation: Conversation,
        inbound: Message,
        client_key: str,
        events: list[dict[str, Any]],
        understood: tuple[DialogueState, NLUResult] | None,
    ) -> list[Message]:
        """The bot's answer (not yet stored); ``understood``: from ``_understand``, if done."""
        rt = self.rt
        state, nlu = understood or await self._understand(conversation, inbound)
        written = inbound.created_at or datetime.now(UTC)
        inbound.intent, inbound.confidence = nlu.intent, nlu.confidence
        inbound.sentiment = nlu.sentiment
        # The escalation policy looks at the message before the dialogue does (DESIGN).
        policy = self.escalation_policy()
        handoff = dict(conversation.handoff or {})
        history = escalation.History.from_json(handoff.get("history"))
        expecting = state.awaiting is not None
        decision = escalation.decide(
            nlu,
            history,
            escalation.CustomerFacts(vip=await self._is_vip(repo, conversation)),
            policy,
            fallback_count=state.fallback_count,
            expecting_answer=expecting,
        )
        history = escalation.observe(history, nlu, policy, expecting_answer=expecting)
        if decision.transfer:
            handoff["history"] = history.to_json()
            conversation.handoff = handoff
            locale = state.locale if state.locale_pinned else choose_locale(state.locale, nlu)
            moved = state.model_copy(
                update={
                    "locale": locale,
                    "turns": state.turns + 1,
                    "flow": None,
                    "awaiting": None,
                    "pending": None,
                }
            )
            conversation.dialogue = moved.model_dump(mode="json")
            conversation.locale = inbound.locale = locale
            inbound.intent = Intent.CONTACT_HUMAN_AGENT
            urgent = decision.reason != escalation.Reason.REQUEST
            urgent_reply = Reply(key=ReplyKey.HANDOFF, params={"variant": "urgent"})
            handed = await self._queue(
                repo, conversation, decision, urgent_reply if urgent else None, written, events
            )
            message = self._bot_message(conversation, handed, conversation.locale)
            message.intent = Intent.CONTACT_HUMAN_AGENT
            return [message]
        token_email = None
        if conversation.customer_id is not None:
            token_email = await repo.customer_email(conversation.customer_id)
        fail_key = f"verify-fail:client:{client_key}"
        window = rt.settings.failed_verification_window_seconds
        client_failures = await rt.counter.count(fail_key, window)
        actions: Any = rt.connector
        catalog: Any = rt.connector
        if actions is None:  # the built-in shop: our tables, in this turn's transaction
            actions = DatabaseOrderActions(
                repo.session,
                actor=f"customer:{conversation.id}",
                returns_portal=rt.policy.links.returns_portal,
            )
            catalog = DatabaseCatalogSource(repo.session)
        elif hasattr(actions, "open_return"):  # an HTTP platform: returns kept in our table
            ledger = ReturnsLedger(
                repo.session,
                actor=f"customer:{conversation.id}",
                returns_portal=rt.policy.links.returns_portal,
            )
            actions = PlatformTurn(actions, ledger)
        ctx = TurnContext(
            orders=actions,
            max_failed_verifications=rt.settings.max_failed_verifications_per_conversation,
            client_throttled=client_failures >= rt.settings.max_failed_verifications_per_client,
            token_email=token_email,
            policy=rt.policy,
            actions=actions,
            catalog=catalog,
            records=DatabaseShopperRecords(repo.session),
            now=written,
            # The inbound message is processed once; its id keys any write this turn makes.
            action_key=f"message:{inbound.id}",
            escalation=policy,
            knowledge=await rt.knowledge.index(),
        )
        result = await step(state, nlu, ctx)
        inbound.intent = result.intent
        if "verification_failed" in result.events:
            await rt.counter.hit(fail_key, window)

        new_state = result.state
        said = list(result.replies)
        # The reason a person was offered for last turn, if this message answers that offer.
        offer = handoff.pop("offer", None) if state.awaiting == HANDOFF_OFFER else None
        free = new_state.awaiting is None and new_state.pending is None
        if decision.action == "none" and handoff.get("deferred"):
            decision = escalation.Decision("offer", 0, handoff["deferred"])
        if decision.action == "offer" and decision.reason and not free:
            # The bot asked something (an order number): the offer waits for a free moment.
            handoff["deferred"] = decision.reason
        if decision.action == "offer" and decision.reason and free and not result.handoff_reason:
            handoff.pop("deferred", None)
            # Low priority: the bot answers, then asks whether the shopper wants a person.
            variant = _OFFER_VARIANT.get(decision.reason, "offer_stuck")
            said.append(Reply(key=ReplyKey.HANDOFF, params={"variant": variant}))
            new_state = new_state.model_copy(update={"awaiting": HANDOFF_OFFER})
            history = escalation.offered(history, decision.reason)
            handoff["offer"] = decision.reason  # a "yes" queues it for this reason
        handoff["history"] = history.to_json()
        conversation.handoff = handoff
        inbound.locale = new_state.locale
        conversation.locale = new_state.locale
        conversation.dialogue = new_state.model_dump(mode="json")
        if result.handoff_reason:
            reason = offer if offer in escalation.PRIORITY else result.handoff_reason
            priority = escalation.PRIORITY.get(reason, escalation.PRIORITY["customer_request"])
            asked = escalation.Decision("transfer", priority, reason)
            queued = await self._queue(repo, conversation, asked, None, written, events)
            if queued.key is ReplyKey.HANDOFF:  # nobody there: that is what the shopper hears
                said = [r for r in said if r.key is not ReplyKey.HANDOFF_QUEUED] + [queued]
        replies = [self._bot_message(conversation, r, new_state.locale) for r in said]
        for reply in replies:
            reply.intent = result.intent
        return replies


def turn_body(turn: Turn) -> dict[str, Any]:
    return {
        "id": turn.conversation.id,
        "state": turn.conversation.state,
        "locale": turn.conversation.locale,
        "messages": [message_out(m) for m in turn.replies],
    }
