"""return_item, get_refund and track_refund, pure: hand-made NLU results, in-memory orders."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from decimal import Decimal

from shopdesk.commerce.protocols import CommerceUnavailable
from shopdesk.core.nlu import Entity, NLUResult
from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ReturnView,
    ShipmentView,
    order_number_key,
)
from shopdesk.core.policy import Refunds, Returns, ShopPolicy
from shopdesk.core.replies import Money, Reply, ReplyKey
from shopdesk.core.types import SUPPORTED_LOCALES, OrderStatus
from shopdesk.dialogue.context import TurnContext
from shopdesk.dialogue.engine import step
from shopdesk.dialogue.flows.returns import add_business_days, named_items
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState
from shopdesk.responses.catalog import catalog
from shopdesk.responses.composer import compose

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
DELIVERED = datetime(2026, 11, 10, 15, tzinfo=UTC)

MUG = OrderItemView(sku="MUG-01", name="Stoneware mug", quantity=2, unit_price=Decimal("18"))
SHIRT = OrderItemView(sku="SH-1", name="Linen shirt", quantity=1, unit_price=Decimal("40"))
CARD = OrderItemView(
    sku="GC-1", name="Gift card", quantity=1, unit_price=Decimal("25"), tags=("gift-card",)
)


def order(
    number: str = "TS9001",
    status: OrderStatus = OrderStatus.DELIVERED,
    *,
    items: tuple[OrderItemView, ...] = (MUG, SHIRT),
    delivered: datetime | None = DELIVERED,
    refunds: tuple[RefundView, ...] = (),
    payment_status: str = "paid",
) -> OrderView:
    shipments = ()
    if status in (OrderStatus.SHIPPED, OrderStatus.DELIVERED, OrderStatus.RETURNED):
        shipments = (
            ShipmentView(
                carrier="GLS",
                status="delivered" if delivered else "in_transit",
                shipped_at=datetime(2026, 11, 8, tzinfo=UTC),
                delivered_at=delivered,
            ),
        )
    return OrderView(
        number=number,
        status=status,
        payment_status=payment_status,
        currency="EUR",
        total=Decimal("76.00"),
        placed_at=datetime(2026, 11, 7, tzinfo=UTC),
        customer_email="ana@example.com",
        shipping_address=AddressView(postal_code="28013", country="ES"),
        items=items,
        shipments=shipments,
        refunds=refunds,
    )


class Shop:
    """In-memory orders and writes: create_return is idempotent per key, like a connector."""

    def __init__(self, *orders: OrderView, fail: bool = False) -> None:
        self.orders = {order_number_key(o.number): o for o in orders}
        self.returns: dict[str, ReturnView] = {}
        self.calls: list[tuple[str, tuple[str, ...], str, str]] = []
        self.fail = fail

    async def get_order(self, number_key: str) -> OrderView | None:
        return self.orders.get(number_key)

    async def cancel_order(
        self, number_key: str, *, reason: str | None, idempotency_key: str
    ) -> OrderView:
        raise AssertionError("not expected")

    async def update_shipping_address(
        self, number_key: str, address: AddressView, *, idempotency_key: str
    ) -> OrderView:
        raise AssertionError("not expected")

    async def create_return(
        self,
        number_key: str,
        items: Sequence[OrderItemView],
        reason: str,
        *,
        idempotency_key: str,
    ) -> ReturnView:
        if self.fail:
            raise CommerceUnavailable("down")
        names = tuple(i.name for i in items)
        self.calls.append((number_key, names, reason, idempotency_key))
        if idempotency_key not in self.returns:
            self.returns[idempotency_key] = ReturnView(
                reference=f"R-{len(self.returns) + 1:04d}",
                items=tuple(items),
                label_url=f"https://shop.example/returns/R-{len(self.returns) + 1:04d}",
                status="requested",
            )
        return self.returns[idempotency_key]


def nlu(text: str, intent: str = "out_of_scope", *entities: Entity) -> NLUResult:
    return NLUResult(
        text=text,
        normalized=text.lower(),
        language="en",
        language_confidence=0.9,
        intent=intent,
        confidence=0.9,
        entities=entities,
    )


def number(value: str) -> Entity:
    return Entity(type="order_number", value=value, raw=value, start=0, end=len(value))


def email(value: str) -> Entity:
    return Entity(type="email", value=value, raw=value, start=10, end=10 + len(value))


def ctx(
    shop: Shop, *, policy: ShopPolicy | None = None, key: str = "m:1", **kw: object
) -> TurnContext:
    return TurnContext(
        orders=shop,
        actions=shop,
        policy=policy or ShopPolicy(),
        now=kw.pop("now", NOW),  # type: ignore[arg-type]
        action_key=key,
        **kw,  # type: ignore[arg-type]
    )


def verified(number_key: str = "TS9001") -> DialogueState:
    return DialogueState(order_number=number_key, verified_orders=(number_key,))


def variant(result: object, index: int = 0) -> str:
    return str(result.replies[index].params.get("variant"))  # type: ignore[attr-defined]


# --- return_item ------------------------------------------------------------------------------


async def test_a_whole_return_from_asking_to_the_label() -> None:
    shop = Shop(order())
    first = await step(DialogueState(), nlu("I want to return my order", "return_item"), ctx(shop))
    assert first.replies[0].key is ReplyKey.ASK_ORDER_AND_EMAIL
    assert first.state.flow == "return_item"

    message = nlu(
        "TS9001 ana@example.com", "out_of_scope", number("TS9001"), email("ana@example.com")
    )
    second = await step(first.state, message, ctx(shop))
    [ask] = second.replies
    assert ask.key is ReplyKey.RETURN_ITEM and ask.params["variant"] == "ask_reason"
    assert ask.params["items"] == ["Stoneware mug", "Linen shirt"]
    assert second.state.awaiting == "return_reason" and second.events == ("verified",)

    third = await step(second.state, nlu("it doesn't fit", "complaint"), ctx(shop))
    [proposal] = third.replies
    assert proposal.params["variant"] == "confirm_free"
    assert proposal.params["reason"] == "it doesn't fit"
    assert third.state.awaiting == CONFIRM and third.state.pending is not None
    assert third.state.pending.params["reason"] == "it doesn't fit"
    assert shop.calls == []  # nothing written before the yes

    done = await step(third.state, nlu("yes", "affirm"), ctx(shop, key="m:4"))
    [reply] = done.replies
    assert reply.params["variant"] == "done_free"
    assert reply.params["reference"] == "R-0001"
    assert reply.params["label_url"] == "https://shop.example/returns/R-0001"
    assert (reply.params["low"], reply.params["high"]) == (5, 10)
    assert shop.calls == [("TS9001", ("Stoneware mug", "Linen shirt"), "it doesn't fit", "m:4")]
    assert done.events == ("return_created",)


async def test_named_items_are_the_ones_returned() -> None:
    shop = Shop(order())
    result = await step(
        verified(), nlu("I'd like to send back the linen shrit", "return_item"), ctx(shop)
    )
    assert result.replies[0].params["items"] == ["Linen shirt"]


async def test_item_names_said_before_verification_are_remembered() -> None:
    shop = Shop(order())
    first = await step(DialogueState(), nlu("return the mug please", "return_item"), ctx(shop))
    message = nlu(
        "TS9001 ana@example.com", "out_of_scope", number("TS9001"), email("ana@example.com")
    )
    second = await step(first.state, message, ctx(shop))
    assert second.replies[0].params["items"] == ["Stoneware mug"]


async def test_mixed_eligibility_names_what_cannot_go_back() -> None:
    shop = Shop(order(items=(MUG, CARD)))
    result = await step(verified(), nlu("return my stuff", "return_item"), ctx(shop))
    [reply] = result.replies
    assert reply.params["variant"] == "ask_reason_partial"
    assert reply.params["items"] == ["Stoneware mug"]
    assert reply.params["excluded"] == ["Gift card"]


async def test_only_non_returnable_items_are_refused() -> None:
    shop = Shop(order(items=(CARD,)))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    assert variant(result) == "not_returnable"
    assert result.replies[0].params["items"] == ["Gift card"]
    assert result.state.awaiting is None


async def test_a_shop_policy_tag_list_decides() -> None:
    shop = Shop(order(items=(CARD,)))
    policy = ShopPolicy(returns=Returns(non_returnable_tags=()))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop, policy=policy))
    assert variant(result) == "ask_reason"


async def test_after_the_window_nothing_is_returned() -> None:
    shop = Shop(order(delivered=datetime(2026, 10, 1, tzinfo=UTC)))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    [reply] = result.replies
    assert reply.params["variant"] == "window_passed"
    assert reply.params["deadline"] == date(2026, 10, 31) and reply.params["days"] == 30


async def test_the_last_day_of_the_window_still_counts() -> None:
    shop = Shop(order(delivered=datetime(2026, 10, 23, 23, tzinfo=UTC)))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    assert variant(result) == "ask_reason"


async def test_already_returned_refunded_and_cancelled_are_refused() -> None:
    for status, expected in [
        (OrderStatus.RETURNED, "already_returned"),
        (OrderStatus.REFUNDED, "already_refunded"),
        (OrderStatus.CANCELLED, "cancelled"),
    ]:
        shop = Shop(order(status=status))
        result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
        assert variant(result) == expected, status


async def test_not_delivered_yet_offers_a_cancellation_that_a_yes_starts() -> None:
    shop = Shop(order(status=OrderStatus.PAID, delivered=None))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    assert variant(result) == "not_delivered_cancel"
    assert result.state.awaiting == CONFIRM
    yes = await step(result.state, nlu("yes", "affirm"), ctx(shop))
    # The cancellation flow takes over and states its own terms before anything happens.
    assert yes.replies[0].key is ReplyKey.CANCEL_ORDER
    assert yes.state.pending is not None and yes.state.pending.kind == "cancel_order"


async def test_on_its_way_points_to_tracking() -> None:
    shop = Shop(order(status=OrderStatus.SHIPPED, delivered=None))
    result = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    assert variant(result) == "not_delivered_track"
    assert result.replies[0].params["status"] is OrderStatus.SHIPPED


async def test_a_paid_label_is_said_so() -> None:
    shop = Shop(order())
    policy = ShopPolicy(returns=Returns(free_label=False))
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop, policy=policy))
    second = await step(first.state, nlu("broken"), ctx(shop, policy=policy))
    assert variant(second) == "confirm_paid"
    done = await step(second.state, nlu("yes", "affirm"), ctx(shop, policy=policy))
    assert variant(done) == "done_paid"


async def test_no_is_nothing_written() -> None:
    shop = Shop(order())
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    second = await step(first.state, nlu("too big"), ctx(shop))
    no = await step(second.state, nlu("no", "deny"), ctx(shop))
    assert no.replies[0].key is ReplyKey.ACTION_DROPPED and shop.calls == []


async def test_the_window_is_checked_again_at_the_yes() -> None:
    shop = Shop(order(delivered=datetime(2026, 10, 24, tzinfo=UTC)))
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    second = await step(first.state, nlu("too big"), ctx(shop))
    later = datetime(2026, 11, 25, tzinfo=UTC)
    done = await step(second.state, nlu("yes", "affirm"), ctx(shop, now=later))
    assert variant(done) == "window_passed" and shop.calls == []


async def test_a_reason_that_sounds_like_a_refund_request_is_still_the_reason() -> None:
    shop = Shop(order())
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    second = await step(first.state, nlu("it broke, I want my money back", "get_refund"), ctx(shop))
    assert variant(second) == "confirm_free"


async def test_a_retried_yes_opens_one_return() -> None:
    shop = Shop(order())
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    second = await step(first.state, nlu("too big"), ctx(shop))
    once = await step(second.state, nlu("yes", "affirm"), ctx(shop, key="m:9"))
    again = await step(second.state, nlu("yes", "affirm"), ctx(shop, key="m:9"))
    assert once.replies == again.replies and len(shop.returns) == 1


async def test_a_shop_system_failure_changes_nothing_and_offers_a_person() -> None:
    shop = Shop(order(), fail=True)
    first = await step(verified(), nlu("return it", "return_item"), ctx(shop))
    second = await step(first.state, nlu("too big"), ctx(shop))
    done = await step(second.state, nlu("yes", "affirm"), ctx(shop))
    assert done.replies[0].key is ReplyKey.ACTION_UNAVAILABLE
    assert done.state.awaiting == HANDOFF_OFFER


async def test_without_writes_a_person_is_offered() -> None:
    shop = Shop(order())
    context = TurnContext(orders=shop, now=NOW)
    result = await step(verified(), nlu("return it", "return_item"), context)
    assert result.replies[0].key is ReplyKey.ACTION_UNAVAILABLE


def test_item_names_are_matched_fuzzily_and_best_first() -> None:
    cotton = OrderItemView(name="Cotton shirt", quantity=1)
    items = [MUG, SHIRT, cotton]
    assert named_items("the linen shirt", items) == [SHIRT]
    assert named_items("both shirts", items) == [SHIRT, cotton]
    assert named_items("the stonewear mug", items) == [MUG]
    assert named_items("I want to return my order", items) == []


# --- get_refund -------------------------------------------------------------------------------


async def test_get_refund_asks_for_the_order_first() -> None:
    result = await step(DialogueState(), nlu("I want a refund", "get_refund"), ctx(Shop(order())))
    assert result.replies[0].key is ReplyKey.ASK_ORDER_AND_EMAIL
    assert result.state.flow == "get_refund"


async def test_delivered_without_refund_offers_a_return_that_a_yes_starts() -> None:
    shop = Shop(order())
    result = await step(verified(), nlu("I want a refund", "get_refund"), ctx(shop))
    assert result.replies[0].key is ReplyKey.GET_REFUND and variant(result) == "delivered"
    yes = await step(result.state, nlu("yes", "affirm"), ctx(shop))
    assert yes.replies[0].key is ReplyKey.RETURN_ITEM and variant(yes) == "ask_reason"


async def test_refunds_already_made_are_said_with_their_dates() -> None:
    refund = RefundView(
        amount=Decimal("36"), status="processed", created_at=datetime(2026, 11, 20, tzinfo=UTC)
    )
    shop = Shop(order(refunds=(refund,)))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(shop))
    assert [variant(result, i) for i in range(2)] == ["already", "processed"]
    assert result.replies[0].params["amount"] == Money(amount=Decimal("36"), currency="EUR")


async def test_cancelled_order_refund_comes_from_the_cancellation() -> None:
    refund = RefundView(
        amount=Decimal("76"), status="pending", created_at=datetime(2026, 11, 21, tzinfo=UTC)
    )
    shop = Shop(order(status=OrderStatus.CANCELLED, refunds=(refund,)))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(shop))
    assert [variant(result, i) for i in range(2)] == ["cancelled_refund", "pending"]
    unpaid = Shop(order(status=OrderStatus.CANCELLED, payment_status="pending"))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(unpaid))
    assert variant(result) == "cancelled_unpaid"


async def test_not_shipped_offers_a_cancellation() -> None:
    shop = Shop(order(status=OrderStatus.PROCESSING, delivered=None))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(shop))
    assert variant(result) == "not_shipped" and result.state.awaiting == CONFIRM
    yes = await step(result.state, nlu("yes", "affirm"), ctx(shop))
    assert yes.replies[0].key is ReplyKey.CANCEL_ORDER


async def test_get_refund_on_the_way_and_unpaid() -> None:
    shipped = Shop(order(status=OrderStatus.SHIPPED, delivered=None))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(shipped))
    assert variant(result) == "on_its_way"
    failed = Shop(order(status=OrderStatus.PAYMENT_FAILED, delivered=None, payment_status="failed"))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(failed))
    assert variant(result) == "nothing_charged"


async def test_get_refund_after_the_window_says_so() -> None:
    shop = Shop(order(delivered=datetime(2026, 9, 1, tzinfo=UTC)))
    result = await step(verified(), nlu("refund?", "get_refund"), ctx(shop))
    assert result.replies[0].key is ReplyKey.RETURN_ITEM and variant(result) == "window_passed"


# --- track_refund -----------------------------------------------------------------------------


def test_business_days_skip_weekends() -> None:
    friday = date(2026, 11, 20)
    assert add_business_days(friday, 1) == date(2026, 11, 23)
    assert add_business_days(friday, 5) == date(2026, 11, 27)


async def test_track_refund_gives_the_expected_arrival() -> None:
    refund = RefundView(
        amount=Decimal("36"), status="processed", created_at=datetime(2026, 11, 20, tzinfo=UTC)
    )
    shop = Shop(order(refunds=(refund,)))
    policy = ShopPolicy(refunds=Refunds(processing_days=(3, 5)))
    result = await step(
        verified(), nlu("where is my refund", "track_refund"), ctx(shop, policy=policy)
    )
    [reply] = result.replies
    assert reply.key is ReplyKey.TRACK_REFUND and reply.params["variant"] == "processed"
    assert reply.params["date"] == date(2026, 11, 20)
    assert (reply.params["earliest"], reply.params["latest"]) == (
        date(2026, 11, 25),
        date(2026, 11, 27),
    )


async def test_a_late_refund_offers_a_person() -> None:
    refund = RefundView(
        amount=Decimal("36"), status="processed", created_at=datetime(2026, 10, 1, tzinfo=UTC)
    )
    shop = Shop(order(refunds=(refund,)))
    result = await step(verified(), nlu("where is my refund", "track_refund"), ctx(shop))
    assert variant(result) == "processed_late" and result.state.awaiting == HANDOFF_OFFER


async def test_no_refund_says_why() -> None:
    cases = [
        (order(), "none_delivered"),
        (order(status=OrderStatus.RETURNED), "none_returned"),
        (order(status=OrderStatus.CANCELLED), "none_cancelled"),
        (order(status=OrderStatus.SHIPPED, delivered=None), "none"),
    ]
    for shown, expected in cases:
        result = await step(verified(), nlu("refund status", "track_refund"), ctx(Shop(shown)))
        assert variant(result) == expected, shown.status


async def test_every_variant_renders_in_every_language() -> None:

    params: dict[str, object] = {
        "order_number": "TS9001",
        "status": OrderStatus.SHIPPED,
        "days": 30,
        "delivered": DELIVERED,
        "deadline": date(2026, 12, 10),
        "items": ["Stoneware mug", "Linen shirt"],
        "excluded": ["Gift card"],
        "reason": "too big",
        "reference": "R-0001",
        "label_url": "https://shop.example/returns/R-0001",
        "low": 5,
        "high": 10,
        "amount": Money(amount=Decimal("36"), currency="EUR"),
        "date": date(2026, 11, 20),
        "earliest": date(2026, 11, 27),
        "latest": date(2026, 12, 4),
    }

    for locale in SUPPORTED_LOCALES:
        for name in catalog(locale):
            key, _, rest = name.partition(".")
            if key not in ("return_item", "get_refund", "track_refund"):
                continue
            reply = Reply(key=ReplyKey(key), params={"variant": rest, **params})
            text = compose(reply, locale, shop_name="Test Shop").text
            assert "{" not in text and "}" not in text, (locale, name)


async def test_without_writes_nothing_is_offered_that_cannot_be_done() -> None:
    paid = Shop(order(status=OrderStatus.PAID, delivered=None))
    result = await step(
        verified(), nlu("return it", "return_item"), TurnContext(orders=paid, now=NOW)
    )
    assert variant(result) == "not_delivered" and result.state.awaiting is None
    delivered = Shop(order())
    result = await step(
        verified(), nlu("refund", "get_refund"), TurnContext(orders=delivered, now=NOW)
    )
    assert variant(result) == "delivered_info" and result.state.awaiting is None


async def test_get_refund_for_returned_and_refunded_orders_without_records() -> None:
    for status, expected in [
        (OrderStatus.RETURNED, "returned"),
        (OrderStatus.REFUNDED, "refunded"),
    ]:
        result = await step(
            verified(), nlu("refund", "get_refund"), ctx(Shop(order(status=status)))
        )
        assert variant(result) == expected
    cancelled = Shop(order(status=OrderStatus.CANCELLED))
    result = await step(verified(), nlu("refund", "get_refund"), ctx(cancelled))
    assert variant(result) == "cancelled_pending"


class NoReturns:
    """A connector that reads orders and can cancel, but cannot open returns."""

    def __init__(self, shown: OrderView) -> None:
        self.shop = Shop(shown)

    async def get_order(self, number_key: str) -> OrderView | None:
        return await self.shop.get_order(number_key)


async def test_a_connector_without_returns_offers_a_person_not_a_crash() -> None:
    connector = NoReturns(order())
    context = TurnContext(orders=connector, actions=connector, now=NOW)  # type: ignore[arg-type]
    result = await step(verified(), nlu("return it", "return_item"), context)
    assert result.replies[0].key is ReplyKey.ACTION_UNAVAILABLE
    refund = await step(verified(), nlu("refund", "get_refund"), context)
    assert variant(refund) == "delivered_info"
