"""Complaints and reviews are kept for the shop, once, with the verified order if any."""

from __future__ import annotations

from test_engine import ORDER, MemoryOrders, nlu

from shopdesk.core.replies import ReplyKey
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState


class MemoryRecords:
    def __init__(self) -> None:
        self.feedback: list[tuple[str, str, str | None, str]] = []

    async def record_feedback(
        self,
        kind: str,
        text: str,
        *,
        email: str | None,
        order_number: str | None,
        rating: int | None,
        idempotency_key: str,
    ) -> None:
        self.feedback.append((kind, text, order_number, idempotency_key))

    async def request_erasure(self, email: str, *, idempotency_key: str) -> str:
        raise NotImplementedError

    async def set_newsletter(self, email: str, subscribed: bool) -> bool:
        raise NotImplementedError


def context(records: MemoryRecords, key: str = "message:1") -> TurnContext:
    return TurnContext(orders=MemoryOrders(ORDER), records=records, action_key=key)


LONG = "the parcel arrived soaked and the lamp inside was broken into pieces"


async def test_a_complaint_that_says_what_happened_is_kept_and_a_person_offered() -> None:
    records = MemoryRecords()
    result = await step(DialogueState(), nlu(LONG, "complaint"), context(records))
    assert result.replies[0].params["variant"] == "complaint_kept"
    assert result.state.awaiting == HANDOFF_OFFER
    assert records.feedback == [("complaint", LONG, None, "message:1")]


async def test_a_bare_request_asks_first_then_keeps_the_answer() -> None:
    records = MemoryRecords()
    asked = await step(DialogueState(), nlu("I want to leave a review", "review"), context(records))
    assert asked.replies[0].params["variant"] == "ask_review" and records.feedback == []
    kept = await step(
        asked.state,
        nlu("lovely mugs", "out_of_scope", confidence=0.3),
        context(records, "message:2"),
    )
    assert kept.replies[0].params["variant"] == "review_kept"
    assert records.feedback == [("review", "lovely mugs", None, "message:2")]


async def test_the_verified_order_is_attached() -> None:
    records = MemoryRecords()
    state = DialogueState(
        order_number="HX4417", verified_orders=("HX4417",), email="ana@example.com"
    )
    await step(state, nlu(LONG, "complaint"), context(records))
    assert records.feedback[0][2] == "HX4417"


async def test_without_records_nothing_is_promised() -> None:
    result = await step(DialogueState(), nlu(LONG, "complaint"), TurnContext(orders=MemoryOrders()))
    assert result.replies[0].key is ReplyKey.ACTION_UNAVAILABLE
