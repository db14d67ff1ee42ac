"""Account questions: forgotten password, signing up, editing or switching the account, trouble
registering. The bot cannot see accounts; it explains the way and gives the shop's links. Where
the shop has no link to give, or something is not working, it offers a person."""

from __future__ import annotations

from shopdesk.core.nlu import NLUResult
from shopdesk.core.policy import Links
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState

NAME = "account"

# Which of the shop's links answers each question.
_LINK = {
    Intent.RECOVER_PASSWORD: "password_reset",
    Intent.CREATE_ACCOUNT: "sign_up",
    Intent.EDIT_ACCOUNT: "account",
    Intent.SWITCH_ACCOUNT: "account",
    Intent.REGISTRATION_PROBLEMS: "sign_up",
}


def answer(intent: Intent, links: Links) -> tuple[Reply, bool]:
    """The guidance for ``intent``; True when the reply ends by offering a person."""
    url: str | None = getattr(links, _LINK[intent])
    if url is None:
        return Reply(key=ReplyKey.ACCOUNT_HELP, params={"variant": f"{intent}_no_link"}), True
    params = {"variant": intent.value, "url": url}
    # Registration trouble may need someone to look at the account: offered either way.
    return Reply(key=ReplyKey.ACCOUNT_HELP, params=params), intent == Intent.REGISTRATION_PROBLEMS


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    intent = Intent(nlu.intent) if nlu.intent in _LINK else Intent.RECOVER_PASSWORD
    reply, offers_person = answer(intent, ctx.policy.links)
    awaiting = HANDOFF_OFFER if offers_person else None
    return TurnResult(state.model_copy(update={"flow": None, "awaiting": awaiting}), [reply])


FLOW = Flow(name=NAME, intents=frozenset(_LINK), run=run)
