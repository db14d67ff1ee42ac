"""contact_customer_service: when the team is there (the policy's business hours), how to reach
it (the contact link), and an offer to connect a person right now."""

from __future__ import annotations

from datetime import time

from shopdesk.core.nlu import NLUResult
from shopdesk.core.policy import BusinessHours
from shopdesk.core.replies import HoursSpan, OpeningHours, Reply, ReplyKey
from shopdesk.core.types import Intent
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.flows import Flow
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState

NAME = "contact"
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _span(text: str) -> tuple[time, time]:
    start, end = text.strip().split("-")
    (h1, m1), (h2, m2) = start.split(":"), end.split(":")
    # "24:00" (validated by the policy) is midnight at the end of the day.
    return time(int(h1), int(m1)), time(int(h2) % 24, int(m2))


def opening_hours(hours: BusinessHours) -> OpeningHours | None:
    """Consecutive days with the same hours grouped ("Monday to Friday"); None when closed."""
    spans: list[HoursSpan] = []
    for index, day in enumerate(_WEEKDAYS):
        if day not in hours.days:
            continue
        opens, closes = _span(hours.days[day])
        last = spans[-1] if spans else None
        if last and last.last_day == index - 1 and (last.opens, last.closes) == (opens, closes):
            spans[-1] = last.model_copy(update={"last_day": index})
        else:
            spans.append(HoursSpan(first_day=index, last_day=index, opens=opens, closes=closes))
    return OpeningHours(timezone=hours.timezone, spans=tuple(spans)) if spans else None


async def run(state: DialogueState, nlu: NLUResult, ctx: TurnContext) -> TurnResult:
    hours = opening_hours(ctx.policy.business_hours)
    link = ctx.policy.links.contact
    variant = ("hours" if hours else "no_hours") + ("_link" if link else "")
    params: dict[str, object] = {"variant": variant}
    if hours:
        params["hours"] = hours
    if link:
        params["url"] = link
    offer = state.model_copy(update={"flow": None, "awaiting": HANDOFF_OFFER})
    return TurnResult(offer, [Reply(key=ReplyKey.CONTACT_INFO, params=params)])


FLOW = Flow(name=NAME, intents=frozenset({Intent.CONTACT_CUSTOMER_SERVICE}), run=run)
