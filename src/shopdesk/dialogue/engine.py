"""One dialogue turn: (state, understood message, context) -> (new state, replies, handoff).

The engine decides what to say, never how: it emits :class:`Reply` values that the responses
layer renders. Order facts reach a reply only through ``dialogue.gate``, which applies the
verification gate; a wrong pair and an unknown order produce the very same reply.
"""

from __future__ import annotations

from dataclasses import replace

from shopdesk.commerce.protocols import CommerceError
from shopdesk.core.nlu import NLUResult
from shopdesk.core.orders import order_number_key
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import SUPPORTED_LOCALES, Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.escalation import should_escalate
from shopdesk.dialogue.flows import Flow, faq, flow_for_intent, flows
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.guard import is_gate_bypass_attempt
from shopdesk.dialogue.languages import requested_locale
from shopdesk.dialogue.slots import carries_lookup_slots, fill_slots
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState
from shopdesk.dialogue.topics import TOPIC_OF

__all__ = ["HANDOFF_OFFER", "TurnContext", "TurnResult", "choose_locale", "step"]

TRACK_FLOW = "track_order"
# state.awaiting values that ask for the lookup slots (see dialogue.gate).
LOOKUP_SLOTS = ("order_number", "email", "order_and_email")
# Switch the reply language only on a confident detection: "ok" or "HX4417" keep it as it is.
LANGUAGE_SWITCH_CONFIDENCE = 0.6
# Below this the classifier's guess at a topic is not worth changing the subject for.
TOPIC_CONFIDENCE = 0.5


def choose_locale(current: str, nlu: NLUResult) -> str:
    detected = nlu.language
    if (
        detected in SUPPORTED_LOCALES
        and detected != current
        and nlu.language_confidence >= LANGUAGE_SWITCH_CONFIDENCE
    ):
        return detected
    return current


async def step(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    try:
        result = await _step(state, nlu, ctx)
    except CommerceError:
        # The shop's system is down or slow: nothing was written (writes catch their own
        # failures), the shopper hears so politely and may have a person.
        offer = state.model_copy(
            update={"awaiting": HANDOFF_OFFER, "pending": None, "turns": state.turns + 1}
        )
        result = TurnResult(offer, [Reply(key=ReplyKey.SYSTEM_UNAVAILABLE)], intent=nlu.intent)
    # Remembered for "can you repeat that?"; an order status is kept as its number only.
    remembered = tuple(_to_remember(r) for r in result.replies)
    return replace(result, state=result.state.model_copy(update={"last_replies": remembered}))


def _to_remember(reply: Reply) -> Reply:
    if reply.order is None:
        return reply
    return Reply(key=reply.key, params={"order_number": order_number_key(reply.order.number)})


async def _step(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    locale = state.locale if state.locale_pinned else choose_locale(state.locale, nlu)
    state = state.model_copy(update={"locale": locale, "turns": state.turns + 1})
    escalation = should_escalate(nlu, fallback_count=state.fallback_count, policy=ctx.escalation)
    if escalation is not None and escalation.priority == "high":
        done = state.model_copy(update={"flow": None, "awaiting": None, "last_intent": nlu.intent})
        reply = Reply(key=ReplyKey.HANDOFF_QUEUED)
        return TurnResult(done, [reply], escalation.reason, intent=Intent.CONTACT_HUMAN_AGENT)

    if nlu.intent == Intent.REPEAT:
        # Says the last turn again and leaves any pending question pending.
        return await _repeat(state.model_copy(update={"last_intent": nlu.intent}), ctx)
    if state.awaiting == HANDOFF_OFFER:
        reason = state.handoff_context or "customer_request"
        state = state.model_copy(update={"awaiting": None, "handoff_context": None})
        if nlu.intent == Intent.AFFIRM:
            done = state.model_copy(update={"flow": None, "last_intent": nlu.intent})
            reply = Reply(key=ReplyKey.HANDOFF_QUEUED)
            return TurnResult(done, [reply], reason, intent=Intent.CONTACT_HUMAN_AGENT)
        if nlu.intent == Intent.DENY:
            done = state.model_copy(update={"last_intent": nlu.intent, "fallback_count": 0})
            return TurnResult(done, [Reply(key=ReplyKey.ANYTHING_ELSE)], intent=nlu.intent)

    if state.awaiting == CONFIRM:
        pending = state.pending
        state = state.model_copy(update={"awaiting": None, "pending": None})
        flow = flows().get(pending.kind) if pending is not None else None
        if pending is not None and flow is not None and flow.confirm is not None:
            if nlu.intent == Intent.AFFIRM:
                done = state.model_copy(update={"last_intent": flow.name, "fallback_count": 0})
                result = await flow.confirm(done, pending, ctx)
                return replace(result, intent=nlu.intent)
            if nlu.intent in (Intent.DENY, Intent.NEVERMIND):
                done = state.model_copy(update={"last_intent": nlu.intent, "fallback_count": 0})
                return TurnResult(done, [Reply(key=ReplyKey.ACTION_DROPPED)], intent=nlu.intent)
        # Anything else: the proposal lapses (nothing is written) and the message is served.

    # While a flow waits for its own answer (an address), that answer is not a new request:
    # whatever the classifier makes of "Calle Mayor 1, 28013 Madrid", it goes to the flow.
    own_answer = state.flow in flows() and state.awaiting not in (None, *LOOKUP_SLOTS)
    flow = _confident_flow(nlu)
    if (own_answer or flow is None) and state.flow in flows():
        resumed = flows()[state.flow]
        # A free-text answer ("it doesn't fit") is not an aside unless clearly one.
        unsure_aside = own_answer and nlu.confidence < TOPIC_CONFIDENCE
        if carries_lookup_slots(nlu) or _continues_flow(nlu) or unsure_aside:
            flow = resumed
    if flow is not None:
        # Its digits are not order numbers either.
        started = (state if own_answer else fill_slots(state, nlu)).model_copy(
            update={"last_intent": nlu.intent, "fallback_count": 0}
        )
        result = await flow.run(started, nlu, ctx)
        served = nlu.intent if nlu.intent in flow.intents else next(iter(sorted(flow.intents)))
        return replace(result, intent=result.intent or served)

    # No flow took it and the classifier is unsure (or sure it is none of ours): a question the
    # shop's articles answer well gets their answer. An order number or an awaited answer is not
    # a question for them.
    if (
        state.awaiting not in LOOKUP_SLOTS
        and not carries_lookup_slots(nlu)
        and not is_gate_bypass_attempt(nlu.text)
    ):
        answered = faq.answer(state, nlu, ctx)
        if answered is not None:
            return answered

    topic = TOPIC_OF.get(nlu.intent)
    if topic is not None and nlu.confidence >= TOPIC_CONFIDENCE:
        # Understood, but no self-service flow yet: say so and offer a person. Any order number
        # or email in the message is kept for a later lookup.
        moved_on = fill_slots(state, nlu).model_copy(
            update={
                "flow": None,
                "awaiting": HANDOFF_OFFER,
                "last_intent": nlu.intent,
                "fallback_count": 0,
            }
        )
        reply = Reply(key=ReplyKey.TOPIC_OFFER, params={"topic": topic})
        return TurnResult(moved_on, [reply], intent=nlu.intent)

    in_flow = state.flow == TRACK_FLOW
    if (
        nlu.intent == Intent.TRACK_ORDER
        or carries_lookup_slots(nlu)
        or (in_flow and _continues_flow(nlu))
    ):
        state = state.model_copy(update={"last_intent": nlu.intent, "fallback_count": 0})
        result = await _track_order(fill_slots(state, nlu), ctx)
        return replace(result, intent=Intent.TRACK_ORDER)

    state = state.model_copy(update={"last_intent": nlu.intent})
    if is_gate_bypass_attempt(nlu.text):
        return TurnResult(state, [Reply(key=ReplyKey.CANNOT_DISCLOSE)], intent=nlu.intent)
    simple = {
        Intent.GREET: ReplyKey.GREET_BACK,
        Intent.THANK_YOU: ReplyKey.THANKS,
        Intent.GOODBYE: ReplyKey.GOODBYE,
        Intent.BOT_CHALLENGE: ReplyKey.BOT_INFO,
        # A yes, no or "not sure" with no question pending: the floor is the shopper's.
        Intent.AFFIRM: ReplyKey.HOW_CAN_I_HELP,
        Intent.DENY: ReplyKey.HOW_CAN_I_HELP,
        Intent.UNSURE: ReplyKey.HOW_CAN_I_HELP,
    }
    if nlu.intent in simple:
        reset = state.model_copy(update={"fallback_count": 0})
        reply = Reply(key=simple[Intent(nlu.intent)])
        return TurnResult(reset, [reply], intent=nlu.intent)
    if nlu.intent == Intent.NEVERMIND:
        return TurnResult(
            _drop_request(state), [Reply(key=ReplyKey.NEVERMIND_ACK)], intent=nlu.intent
        )
    if nlu.intent == Intent.CHANGE_LANGUAGE:
        return _change_language(state, nlu)
    return _fallback(state, nlu)


# Intents that answer the bot or talk about the conversation itself, not about an order: while
# the bot collects the lookup slots, these are served and the question stays pending.
_ASIDES = frozenset(
    {
        Intent.GREET,
        Intent.THANK_YOU,
        Intent.GOODBYE,
        Intent.NEVERMIND,
        Intent.BOT_CHALLENGE,
        Intent.CHANGE_LANGUAGE,
    }
)


def _confident_flow(nlu: NLUResult) -> Flow | None:
    """The flow of the message's intent, if the flow as a whole is likely enough.

    "where can I find the bill" splits between check_invoice and get_invoice, which one flow
    serves: their probabilities add up.
    """
    flow = flow_for_intent(nlu.intent)
    if flow is None:
        return None
    mass = sum(p for intent, p in nlu.intent_ranking if intent in flow.intents)
    return flow if max(mass, nlu.confidence) >= TOPIC_CONFIDENCE else None


def _continues_flow(nlu: NLUResult) -> bool:
    """While collecting slots, anything but a clear change of topic stays in the flow."""
    return nlu.intent not in _ASIDES


def _drop_request(state: DialogueState) -> DialogueState:
    """ "Never mind": no more slot-filling, and an order number not yet verified is forgotten."""
    update: dict[str, object] = {"flow": None, "awaiting": None, "fallback_count": 0}
    if state.order_number is not None and state.order_number not in state.verified_orders:
        update |= {"order_number": None, "order_number_alternatives": ()}
    return state.model_copy(update=update)


def _change_language(state: DialogueState, nlu: NLUResult) -> TurnResult:
    wanted = requested_locale(nlu.text)
    state = state.model_copy(update={"fallback_count": 0})
    if wanted is None:
        return TurnResult(state, [Reply(key=ReplyKey.LANGUAGE_OPTIONS)], intent=nlu.intent)
    switched = state.model_copy(update={"locale": wanted, "locale_pinned": True})
    replies = [Reply(key=ReplyKey.LANGUAGE_CHANGED)]
    if state.awaiting is not None:
        # A question was pending: ask it again, now in the chosen language.
        replies += [r for r in state.last_replies if r.key is not ReplyKey.LANGUAGE_CHANGED]
    return TurnResult(switched, replies, intent=nlu.intent)


async def _repeat(state: DialogueState, ctx: TurnContext) -> TurnResult:
    replies: list[Reply] = []
    for reply in state.last_replies:
        if reply.key is not ReplyKey.ORDER_STATUS:
            replies.append(reply)
            continue
        # Looked up again, and only for an order this conversation has already verified.
        key = str(reply.params.get("order_number") or "")
        order = await ctx.orders.get_order(key) if key in state.verified_orders else None
        if order is not None:
            replies.append(Reply(key=ReplyKey.ORDER_STATUS, order=order))
    if not replies:
        replies = [Reply(key=ReplyKey.HOW_CAN_I_HELP)]
    return TurnResult(state, replies, intent=Intent.REPEAT)


def _fallback(state: DialogueState, nlu: NLUResult) -> TurnResult:
    state = state.model_copy(update={"fallback_count": state.fallback_count + 1})
    # A shop's own intent (trained with `nlu train --data`) is reported by its name.
    custom = nlu.intent not in Intent.__members__.values()
    intent = nlu.intent if custom else Intent.OUT_OF_SCOPE
    return TurnResult(state, [Reply(key=ReplyKey.OUT_OF_SCOPE)], intent=intent)


async def _track_order(state: DialogueState, ctx: TurnContext) -> TurnResult:
    found = await need_order(state, ctx, TRACK_FLOW)
    if isinstance(found, TurnResult):
        return found
    done = found.state.model_copy(update={"flow": None})
    events = ("verified",) if found.newly else ()
    return TurnResult(done, [Reply(key=ReplyKey.ORDER_STATUS, order=found.order)], events=events)
