"""delete_account: a verified customer asks for their account and data to be erased.

The bot says first what erasure means (orders and invoices are kept as long as the law
requires; the account and marketing data go), and records the request only after a yes. The
shopper gets a reference; asking again while a request is open gives the same one.
"""

from __future__ import annotations

from shopdesk.core.nlu import NLUResult
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow, offer_person
from shopdesk.dialogue.flows.newsletter import verified_email
from shopdesk.dialogue.state import CONFIRM, DialogueState, PendingAction

NAME = "delete_account"


def _reply(variant: str, **params: object) -> Reply:
    return Reply(key=ReplyKey.ERASURE, params={"variant": variant, **params})


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    if ctx.records is None:
        return offer_person(state)
    found = await verified_email(state, ctx, NAME)
    if isinstance(found, TurnResult):
        return found
    pending = PendingAction(kind=NAME, params={"email": found.email})
    asking = found.state.model_copy(update={"flow": None, "awaiting": CONFIRM, "pending": pending})
    return TurnResult(asking, [_reply("confirm", email=found.email)], events=found.events)


async def confirm(state: DialogueState, pending: PendingAction, ctx: TurnContext) -> TurnResult:
    email = str(pending.params.get("email") or "")
    if ctx.records is None or not email:
        return offer_person(state)
    reference = await ctx.records.request_erasure(email, idempotency_key=ctx.action_key)
    reply = _reply("requested", email=email, reference=reference)
    return TurnResult(state, [reply], events=("erasure_requested",))


FLOW = Flow(name=NAME, intents=frozenset({Intent.DELETE_ACCOUNT}), run=run, confirm=confirm)
