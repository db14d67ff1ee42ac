"""Self-service flows: one module per capability, found through :data:`FLOWS`.

A flow is started by its intents (``Flow.intents``) and resumed while ``state.flow`` names it
(the shopper is answering its question: an order number, an email, a new address). It returns
a :class:`~shopdesk.dialogue.context.TurnResult` and never does I/O itself: orders come through
``ctx.orders`` behind the gate (``dialogue.gate.need_order``), writes through ``ctx.actions``.

A write is never done in the turn that proposes it: the flow sets ``state.pending`` and
``awaiting="confirm"``, and the engine calls the flow's ``confirm`` when the shopper says yes.
There the flow checks the policy again on the order as it is *now*, and writes with
``ctx.action_key`` as the idempotency key.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState, PendingAction

Run = Callable[[DialogueState, NLUResult, TurnContext], Awaitable[TurnResult]]
Confirm = Callable[[DialogueState, PendingAction, TurnContext], Awaitable[TurnResult]]


@dataclass(frozen=True)
class Flow:
    name: str
    intents: frozenset[str]
    run: Run
    confirm: Confirm | None = None


def offer_person(state: DialogueState, events: tuple[str, ...] = ()) -> TurnResult:
    """The shop's system cannot do this now (or at all): nothing changed, a person is offered."""
    offer = state.model_copy(update={"flow": None, "awaiting": HANDOFF_OFFER, "pending": None})
    return TurnResult(offer, [Reply(key=ReplyKey.ACTION_UNAVAILABLE)], events=events)


def _registry() -> dict[str, Flow]:
    # Imported here: the flow modules import this package for the Flow type.
    from shopdesk.dialogue.flows import (
        account,
        address,
        cancel,
        change_order,
        contact,
        erasure,
        faq,
        feedback,
        invoice,
        newsletter,
        payments,
        policy_info,
        products,
        returns,
        shipping,
    )

    flows = [
        cancel.FLOW,
        invoice.FLOW,
        address.FLOW,
        change_order.FLOW,
        *returns.FLOWS,
        payments.FLOW,
        shipping.FLOW,
        policy_info.FLOW,
        account.FLOW,
        contact.FLOW,
        products.FLOW,
        *newsletter.FLOWS,
        erasure.FLOW,
        feedback.FLOW,
        faq.FLOW,
    ]
    return {flow.name: flow for flow in flows}


FLOWS: dict[str, Flow] = {}


def flows() -> dict[str, Flow]:
    if not FLOWS:
        FLOWS.update(_registry())
    return FLOWS


def flow_for_intent(intent: str) -> Flow | None:
    return next((f for f in flows().values() if intent in f.intents), None)
