"""newsletter_subscription: subscribe or unsubscribe the shopper's own, verified email.

The email is never taken on the shopper's word: it is the one a valid customer token names,
or the one on an order the shopper has verified through the gate. Whether they want in or out
comes from the words of the message (unsubscribe, darse de baja, abmelden...); without such
words, in. The change is made only after a yes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.gate import need_order
from shopdesk.dialogue.state import CONFIRM, DialogueState, PendingAction

NAME = "newsletter_subscription"
# While the gate asks for an order and email on behalf of an unsubscription, the flow waits
# under this name, so the shopper's next message ("buyer2@example.com") still means "out".
UNSUBSCRIBE_NAME = "newsletter_unsubscribe"

# Stems: "cancel" covers cancel, cancelar, cancellare; checked before the subscribe words,
# which they contain ("unsubscribe", "désabonner", "disiscrivere").
_OUT = re.compile(
    r"\b(?:unsubscrib|un-subscrib|stop|cancel|opt(?:\s|-)?out|remove me|no longer|no more|"
    r"any ?more|don'?t want|do not want|"  # en
    r"baja|desuscrib|dejar de recibir|no quiero|anular|"  # es
    r"d[ée]sabonn|d[ée]sinscri|d[ée]sincri|arr[êe]t|ne plus|ne veux plus|r[ée]silie|annul|"  # fr
    r"abmeld|abbestell|austrag|k[üu]ndig|nicht mehr|keine?n? newsletter|"  # de
    r"descadastr|desinscrev|deixar de receber|n[ãa]o quero|sair da|"  # pt
    r"disiscriv|disdi|non voglio|togliet|togli)",
    re.IGNORECASE,
)
_IN = re.compile(
    r"\b(?:subscrib|sign (?:me )?up|join|suscrib|apunt|abonn|inscri|anmeld|abonnier|"
    r"subscrev|inscrev|assin|iscriv|abbon)",
    re.IGNORECASE,
)


def wants_subscription(text: str) -> bool | None:
    """True for "sign me up", False for "unsubscribe me", None when the words say neither."""
    if _OUT.search(text):
        return False
    if _IN.search(text):
        return True
    return None


@dataclass(frozen=True)
class Identity:
    state: DialogueState
    email: str
    events: tuple[str, ...]


async def verified_email(
    state: DialogueState, ctx: TurnContext, flow: str
) -> Identity | TurnResult:
    """The shopper's own email, proven, or the turn that asks for an order to prove it.

    An email merely typed in chat is not proof: it is the email of a valid customer token, or
    the email on an order the shopper has verified (the gate's ``need_order``).
    """
    if ctx.token_email:
        return Identity(state, ctx.token_email, ())
    found = await need_order(state, ctx, flow)
    if isinstance(found, TurnResult):
        return found
    events = ("verified",) if found.newly else ()
    return Identity(found.state, found.order.customer_email, events)


def _reply(variant: str, email: str) -> Reply:
    return Reply(key=ReplyKey.NEWSLETTER, params={"variant": variant, "email": email})


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    if ctx.records is None:
        return offer_person(state)
    said = wants_subscription(nlu.text)
    subscribe = said if said is not None else state.flow != UNSUBSCRIBE_NAME
    found = await verified_email(state, ctx, NAME if subscribe else UNSUBSCRIBE_NAME)
    if isinstance(found, TurnResult):
        return found
    pending = PendingAction(kind=NAME, params={"subscribe": subscribe, "email": found.email})
    asking = found.state.model_copy(update={"flow": None, "awaiting": CONFIRM, "pending": pending})
    variant = "confirm_subscribe" if subscribe else "confirm_unsubscribe"
    return TurnResult(asking, [_reply(variant, found.email)], events=found.events)


async def confirm(state: DialogueState, pending: PendingAction, ctx: TurnContext) -> TurnResult:
    email = str(pending.params.get("email") or "")
    if ctx.records is None or not email:
        return offer_person(state)
    subscribe = bool(pending.params.get("subscribe", True))
    before = await ctx.records.set_newsletter(email, subscribe)
    if before == subscribe:
        return TurnResult(state, [_reply("already", email)])
    variant = "subscribed" if subscribe else "unsubscribed"
    return TurnResult(state, [_reply(variant, email)], events=(f"newsletter_{variant}",))


FLOWS = (
    Flow(
        name=NAME,
        intents=frozenset({Intent.NEWSLETTER_SUBSCRIPTION}),
        run=run,
        confirm=confirm,
    ),
    # Only resumed (flow_for_intent finds the one above first): the same flow, heading out.
    Flow(name=UNSUBSCRIBE_NAME, intents=frozenset({Intent.NEWSLETTER_SUBSCRIPTION}), run=run),
)
FLOW = FLOWS[0]
