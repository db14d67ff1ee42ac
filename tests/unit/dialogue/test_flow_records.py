"""The newsletter and account-deletion flows, pure: verified identity, direction, a yes before
any write, and shops that record nothing."""

from __future__ import annotations

import pytest
from test_engine import ORDER, MemoryOrders, email_entity, nlu, order_entity

from shopdesk.core.replies import ReplyKey
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.flows.newsletter import wants_subscription
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState
from shopdesk.dialogue.topics import TOPIC_OF


class MemoryRecords:
    def __init__(self) -> None:
        self.newsletter: dict[str, bool] = {}
        self.erasures: list[tuple[str, str]] = []

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
        raise NotImplementedError

    async def request_erasure(self, email: str, *, idempotency_key: str) -> str:
        self.erasures.append((email, idempotency_key))
        return "E-ABCD1234"

    async def set_newsletter(self, email: str, subscribed: bool) -> bool:
        before = self.newsletter.get(email, False)
        self.newsletter[email] = subscribed
        return before


def context(records: MemoryRecords | None, **kwargs: object) -> TurnContext:
    return TurnContext(
        orders=MemoryOrders(ORDER),
        records=records,
        action_key="message:7",
        **kwargs,  # type: ignore[arg-type]
    )


def _with_proof(text: str, intent: str) -> object:
    start = text.index("HX4417")
    return nlu(
        text,
        intent,
        entities=(
            order_entity("HX4417", start=start),
            email_entity("ana@example.com", text.index("ana@")),
        ),
    )


def _variant(result: object) -> tuple[ReplyKey, object]:
    [reply] = result.replies  # type: ignore[attr-defined]
    return reply.key, reply.params.get("variant")


@pytest.mark.parametrize(
    ("text", "wanted"),
    [
        ("please unsubscribe me from the newsletter", False),
        ("stop sending me the newsletter", False),
        ("quiero darme de baja de la newsletter", False),
        ("je veux me désabonner de la newsletter", False),
        ("ich möchte mich vom Newsletter abmelden", False),
        ("quero cancelar a subscrição da newsletter", False),
        ("voglio disiscrivermi dalla newsletter", False),
        ("sign me up for the newsletter", True),
        ("ich möchte den Newsletter abonnieren", True),
        ("je veux m'abonner à la newsletter", True),
        ("newsletter", None),
    ],
)
def test_direction_from_the_words(text: str, wanted: bool | None) -> None:
    assert wants_subscription(text) is wanted


def test_both_intents_left_the_no_flow_topics() -> None:
    assert not {"delete_account", "newsletter_subscription"} & set(TOPIC_OF)


async def test_subscribes_the_verified_email_after_a_yes() -> None:
    records = MemoryRecords()
    asked = await step(
        DialogueState(),
        _with_proof("subscribe me, order HX4417 ana@example.com", "newsletter_subscription"),
        context(records),
    )
    assert _variant(asked) == (ReplyKey.NEWSLETTER, "confirm_subscribe")
    assert asked.state.awaiting == CONFIRM and records.newsletter == {}
    assert asked.events == ("verified",)
    done = await step(asked.state, nlu("yes", "affirm"), context(records))
    assert _variant(done) == (ReplyKey.NEWSLETTER, "subscribed")
    assert records.newsletter == {"ana@example.com": True}
    again = await step(done.state, nlu("newsletter", "newsletter_subscription"), context(records))
    assert _variant(again) == (ReplyKey.NEWSLETTER, "confirm_subscribe")
    already = await step(again.state, nlu("yes", "affirm"), context(records))
    assert _variant(already) == (ReplyKey.NEWSLETTER, "already")


async def test_unsubscribe_asks_for_proof_and_remembers_the_direction() -> None:
    records = MemoryRecords()
    records.newsletter["ana@example.com"] = True
    asked = await step(
        DialogueState(),
        nlu("unsubscribe me from the newsletter", "newsletter_subscription"),
        context(records),
    )
    assert _variant(asked)[0] is ReplyKey.ASK_ORDER_AND_EMAIL
    proof = await step(
        asked.state, _with_proof("HX4417 ana@example.com", "out_of_scope"), context(records)
    )
    assert _variant(proof) == (ReplyKey.NEWSLETTER, "confirm_unsubscribe")
    assert proof.intent == "newsletter_subscription"
    done = await step(proof.state, nlu("yes", "affirm"), context(records))
    assert _variant(done) == (ReplyKey.NEWSLETTER, "unsubscribed")
    assert records.newsletter == {"ana@example.com": False}


async def test_a_typed_email_alone_is_no_proof() -> None:
    records = MemoryRecords()
    typed = nlu(
        "unsubscribe ana@example.com",
        "newsletter_subscription",
        entities=(email_entity("ana@example.com", 12),),
    )
    asked = await step(DialogueState(), typed, context(records))
    assert _variant(asked)[0] is ReplyKey.ASK_ORDER_NUMBER
    assert asked.state.awaiting != CONFIRM


async def test_a_customer_token_is_proof_enough() -> None:
    records = MemoryRecords()
    asked = await step(
        DialogueState(),
        nlu("please unsubscribe me", "newsletter_subscription"),
        context(records, token_email="ana@example.com"),
    )
    assert _variant(asked) == (ReplyKey.NEWSLETTER, "confirm_unsubscribe")
    assert asked.replies[0].params["email"] == "ana@example.com"


async def test_no_means_no_change() -> None:
    records = MemoryRecords()
    asked = await step(
        DialogueState(),
        nlu("sign me up", "newsletter_subscription"),
        context(records, token_email="ana@example.com"),
    )
    done = await step(asked.state, nlu("no", "deny"), context(records))
    assert _variant(done)[0] is ReplyKey.ACTION_DROPPED and records.newsletter == {}


async def test_erasure_explains_then_records_on_yes() -> None:
    records = MemoryRecords()
    asked = await step(
        DialogueState(),
        _with_proof("delete my account, HX4417 ana@example.com", "delete_account"),
        context(records),
    )
    assert _variant(asked) == (ReplyKey.ERASURE, "confirm")
    assert asked.state.awaiting == CONFIRM and records.erasures == []
    done = await step(asked.state, nlu("yes", "affirm"), context(records))
    assert _variant(done) == (ReplyKey.ERASURE, "requested")
    assert done.replies[0].params["reference"] == "E-ABCD1234"
    assert records.erasures == [("ana@example.com", "message:7")]
    assert done.events == ("erasure_requested",)


async def test_erasure_without_proof_asks_for_the_order() -> None:
    asked = await step(
        DialogueState(), nlu("delete my account", "delete_account"), context(MemoryRecords())
    )
    assert _variant(asked)[0] is ReplyKey.ASK_ORDER_AND_EMAIL
    assert asked.state.flow == "delete_account"


@pytest.mark.parametrize(
    ("text", "intent"),
    [("delete my account", "delete_account"), ("sign me up", "newsletter_subscription")],
)
async def test_a_shop_that_records_nothing_offers_a_person(text: str, intent: str) -> None:
    result = await step(
        DialogueState(), nlu(text, intent), context(None, token_email="ana@example.com")
    )
    assert _variant(result)[0] is ReplyKey.ACTION_UNAVAILABLE
    assert result.state.awaiting == HANDOFF_OFFER
