"""The cancel flow, pure: policy, confirmation, re-checks and connector failures."""

from __future__ import annotations

from decimal import Decimal

from test_engine import ORDER, MemoryOrders, email_entity, nlu, order_entity

from shopdesk.commerce.protocols import CommerceRejected, CommerceUnavailable
from shopdesk.core.orders import AddressView, OrderView, order_number_key
from shopdesk.core.policy import Cancellation, Fee, ShopPolicy
from shopdesk.core.replies import Money, ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState

PAID = ORDER.model_copy(update={"status": OrderStatus.PAID, "payment_status": "paid"})


class MemoryActions(MemoryOrders):
    def __init__(self, *orders: OrderView, fail: Exception | None = None) -> None:
        super().__init__(*orders)
        self.fail = fail
        self.writes: list[tuple[str, str]] = []

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        if self.fail is not None:
            raise self.fail
        self.writes.append((number_key, idempotency_key))
        done = self.orders[number_key].model_copy(
            update={"status": OrderStatus.CANCELLED, "payment_status": "refunded"}
        )
        self.orders[number_key] = done
        return done

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        raise NotImplementedError


def context(shop: MemoryActions, **kwargs: object) -> TurnContext:
    return TurnContext(orders=shop, actions=shop, action_key="message:7", **kwargs)  # type: ignore[arg-type]


ASK = nlu(
    "cancel HX4417 ana@example.com",
    "cancel_order",
    entities=(order_entity("HX4417", start=7), email_entity("ana@example.com", 14)),
)


async def test_proposes_with_the_refund_then_cancels_on_yes() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ASK, context(shop))
    [reply] = asked.replies
    assert reply.key is ReplyKey.CANCEL_ORDER and reply.params["variant"] == "confirm_refund"
    assert reply.params["refund"] == Money(amount=Decimal("36.00"), currency="EUR")
    assert asked.state.awaiting == CONFIRM and shop.writes == []
    done = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert done.replies[0].params["variant"] == "done_refund"
    assert shop.writes == [("HX4417", "message:7")]
    assert done.events == ("order_cancelled",) and done.state.pending is None


async def test_a_fee_from_the_policy_is_stated_and_deducted() -> None:
    policy = ShopPolicy(
        cancellation=Cancellation(fee=Fee(amount=Decimal("2"), percent=Decimal("10")))
    )
    asked = await step(DialogueState(), ASK, context(MemoryActions(PAID), policy=policy))
    params = asked.replies[0].params
    assert params["variant"] == "confirm_fee"
    assert params["fee"].amount == Decimal("5.60") and params["refund"].amount == Decimal("30.40")


async def test_no_writes_without_a_yes() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ASK, context(shop))
    dropped = await step(asked.state, nlu("no", "deny"), context(shop))
    assert dropped.replies[0].key is ReplyKey.ACTION_DROPPED and shop.writes == []
    lapsed = await step(asked.state, nlu("what's the weather", "out_of_scope"), context(shop))
    assert shop.writes == [] and lapsed.state.pending is None


async def test_an_order_that_shipped_since_the_question_is_not_cancelled() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ASK, context(shop))
    shop.orders["HX4417"] = PAID.model_copy(update={"status": OrderStatus.SHIPPED})
    done = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert done.replies[0].params["variant"] == "on_its_way" and shop.writes == []


async def test_policy_that_forbids_processing_orders_refuses_them() -> None:
    policy = ShopPolicy(cancellation=Cancellation(allowed_statuses=(OrderStatus.PENDING,)))
    processing = PAID.model_copy(update={"status": OrderStatus.PROCESSING})
    asked = await step(DialogueState(), ASK, context(MemoryActions(processing), policy=policy))
    assert asked.replies[0].params["variant"] == "not_possible"


async def test_connector_down_or_refusing_changes_nothing_and_offers_a_person() -> None:
    for failure in (CommerceUnavailable("timeout", retry_after=3), CommerceRejected("nope")):
        shop = MemoryActions(PAID, fail=failure)
        asked = await step(DialogueState(), ASK, context(shop))
        done = await step(asked.state, nlu("yes", "affirm"), context(shop))
        assert done.replies[0].key is ReplyKey.ACTION_UNAVAILABLE
        assert done.state.awaiting == HANDOFF_OFFER
        assert shop.orders[order_number_key(PAID.number)].status is OrderStatus.PAID


async def test_without_write_access_the_bot_offers_a_person() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ASK, TurnContext(orders=shop))
    assert asked.replies[0].key is ReplyKey.ACTION_UNAVAILABLE


async def test_nothing_about_the_order_before_the_gate() -> None:
    wrong = nlu(
        "cancel HX4417 eve@example.com",
        "cancel_order",
        entities=(order_entity("HX4417", start=7), email_entity("eve@example.com", 14)),
    )
    result = await step(DialogueState(), wrong, context(MemoryActions(PAID)))
    assert [r.key for r in result.replies] == [ReplyKey.ORDER_NOT_FOUND]
