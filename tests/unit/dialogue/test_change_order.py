"""The change_order flow, pure: the policy, the item and quantity slots, the read-back, the
re-check on yes, and a person (with the request as handoff reason) for what it cannot do."""

from __future__ import annotations

from decimal import Decimal

import pytest
from test_engine import ORDER, MemoryOrders, email_entity, nlu, order_entity

from shopdesk.commerce.protocols import CommerceUnavailable, CommerceUnsupported
from shopdesk.core.orders import OrderItemView, OrderView, order_number_key
from shopdesk.core.policy import OrderChanges, ShopPolicy
from shopdesk.core.replies import Money, ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.flows.change_order_words import choice_in, kind_of, quantity_in
from shopdesk.dialogue.state import CONFIRM, HANDOFF_OFFER, DialogueState

MUG = OrderItemView(sku="MUG", name="Stoneware mug", quantity=2, unit_price=Decimal("18.00"))
NAPKIN = OrderItemView(sku="NAP", name="Linen napkin", quantity=4, unit_price=Decimal("6.50"))
PAID = ORDER.model_copy(
    update={"status": OrderStatus.PAID, "payment_status": "paid", "items": (MUG, NAPKIN)}
)


class MemoryActions(MemoryOrders):
    def __init__(self, *orders: OrderView, fail: Exception | None = None) -> None:
        super().__init__(*orders)
        self.fail = fail
        self.writes: list[tuple[str, str, int, int | None, str]] = []

    async def change_item_quantity(
        self,
        number_key: str,
        sku_or_line: str,
        new_quantity: int,
        *,
        expected_quantity: int | None = None,
        key: str,
    ) -> OrderView:
        if self.fail is not None:
            raise self.fail
        self.writes.append((number_key, sku_or_line, new_quantity, expected_quantity, key))
        order = self.orders[number_key]
        items = tuple(
            i.model_copy(update={"quantity": new_quantity}) if i.sku == sku_or_line else i
            for i in order.items
        )
        done = order.model_copy(update={"items": tuple(i for i in items if i.quantity)})
        self.orders[number_key] = done
        return done


def context(shop: MemoryActions, **kwargs: object) -> TurnContext:
    return TurnContext(orders=shop, actions=shop, action_key="message:9", **kwargs)  # type: ignore[arg-type]


def ask(text: str) -> object:
    """``text`` with the order number in it, and the email on the order after it."""
    start = text.index("HX4417")
    email = len(text) + 1
    return nlu(
        f"{text} ana@example.com",
        "change_order",
        entities=(order_entity("HX4417", start=start), email_entity("ana@example.com", email)),
    )


async def _say(state: DialogueState, text: str, shop: MemoryActions, **kw: object) -> object:
    return await step(state, ask(text), context(shop, **kw))  # type: ignore[arg-type]


async def test_a_lower_quantity_is_read_back_then_written_on_yes() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ask("I only want 1 mug in HX4417"), context(shop))  # type: ignore[arg-type]
    [reply] = asked.replies
    assert reply.key is ReplyKey.CHANGE_ORDER and reply.params["variant"] == "confirm_lower_refund"
    assert (reply.params["old"], reply.params["new"]) == (2, 1)
    assert reply.params["amount"] == Money(amount=Decimal("18.00"), currency="EUR")
    assert asked.state.awaiting == CONFIRM and shop.writes == []
    done = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert done.replies[0].params["variant"] == "done_lower_refund"
    assert shop.writes == [("HX4417", "MUG", 1, 2, "message:9")]
    assert done.events == ("order_changed",)


async def test_no_means_nothing_written() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ask("remove the napkins from HX4417"), context(shop))  # type: ignore[arg-type]
    assert asked.replies[0].params["variant"] == "confirm_remove_refund"
    assert asked.replies[0].params["amount"].amount == Decimal("26.00")
    dropped = await step(asked.state, nlu("no", "deny"), context(shop))
    assert dropped.replies[0].key is ReplyKey.ACTION_DROPPED and shop.writes == []


async def test_removing_some_keeps_the_rest() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ask("remove 3 napkins from HX4417"), context(shop))  # type: ignore[arg-type]
    assert (asked.replies[0].params["old"], asked.replies[0].params["new"]) == (4, 1)


@pytest.mark.parametrize(
    "text", ["can I add another mug to HX4417", "change the size of the mug in HX4417"]
)
async def test_adding_or_swapping_offers_a_person_with_the_request(text: str) -> None:
    shop = MemoryActions(PAID)
    offered = await step(DialogueState(), ask(text), context(shop))  # type: ignore[arg-type]
    assert offered.replies[0].params["variant"] == "to_person"
    assert offered.state.awaiting == HANDOFF_OFFER
    context_line = offered.state.handoff_context or ""
    assert context_line.startswith("change_order HX4417: ") and len(context_line) <= 64
    queued = await step(offered.state, nlu("yes", "affirm"), context(shop))
    assert queued.handoff_reason == context_line
    assert queued.state.handoff_context is None and shop.writes == []


async def test_more_than_ordered_is_an_addition_for_a_person() -> None:
    shop = MemoryActions(PAID)
    offered = await step(DialogueState(), ask("I want 5 mugs in HX4417"), context(shop))  # type: ignore[arg-type]
    assert offered.replies[0].params["variant"] == "to_person"


async def test_a_plain_offer_of_a_person_keeps_the_plain_reason() -> None:
    state = DialogueState(awaiting=HANDOFF_OFFER)
    queued = await step(state, nlu("yes", "affirm"), context(MemoryActions(PAID)))
    assert queued.handoff_reason == "customer_request"


async def test_an_unclear_item_is_asked_for_then_how_many() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ask("change my order HX4417"), context(shop))  # type: ignore[arg-type]
    assert asked.replies[0].params["variant"] == "ask_item"
    assert asked.replies[0].params["items"] == ["Stoneware mug (2)", "Linen napkin (4)"]
    picked = await step(asked.state, nlu("the second one", "change_order"), context(shop))
    assert picked.replies[0].params["variant"] == "ask_quantity"
    assert picked.replies[0].params["item"] == "Linen napkin"
    counted = await step(picked.state, nlu("two", "out_of_scope", confidence=0.3), context(shop))
    assert counted.replies[0].params["variant"] == "confirm_lower_refund"
    assert counted.replies[0].params["new"] == 2


@pytest.mark.parametrize(
    ("status", "variant", "person"),
    [
        (OrderStatus.SHIPPED, "on_its_way", False),
        (OrderStatus.CANCELLED, "already_cancelled", False),
        (OrderStatus.PROCESSING, "not_possible", True),
    ],
)
async def test_the_status_decides(status: OrderStatus, variant: str, person: bool) -> None:
    shop = MemoryActions(PAID.model_copy(update={"status": status}))
    refused = await step(DialogueState(), ask("remove the mug from HX4417"), context(shop))  # type: ignore[arg-type]
    assert refused.replies[0].params["variant"] == variant
    assert (refused.state.awaiting == HANDOFF_OFFER) is person
    assert shop.writes == []


async def test_a_shop_that_forbids_changes_offers_a_person() -> None:
    policy = ShopPolicy(order_changes=OrderChanges(allow_decrease=False))
    shop = MemoryActions(PAID)
    result = await step(
        DialogueState(),
        ask("remove the mug from HX4417"),  # type: ignore[arg-type]
        context(shop, policy=policy),
    )
    assert result.replies[0].params["variant"] == "not_allowed"
    assert result.state.awaiting == HANDOFF_OFFER


async def test_the_gate_comes_first() -> None:
    shop = MemoryActions(PAID)
    message = nlu(
        "remove the mug from HX4417",
        "change_order",
        entities=(order_entity("HX4417", start=20),),
    )
    asked = await step(DialogueState(), message, context(shop))
    assert asked.replies[0].key is ReplyKey.ASK_EMAIL
    assert shop.lookups == [] and shop.writes == []


async def test_an_order_that_moved_on_is_not_changed() -> None:
    shop = MemoryActions(PAID)
    asked = await step(DialogueState(), ask("I only want 1 mug in HX4417"), context(shop))  # type: ignore[arg-type]
    shop.orders[order_number_key(PAID.number)] = PAID.model_copy(
        update={"items": (MUG.model_copy(update={"quantity": 3}), NAPKIN)}
    )
    done = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert done.replies[0].params["variant"] == "changed" and shop.writes == []


async def test_a_platform_without_item_edits_hands_over_with_context() -> None:
    shop = MemoryActions(PAID, fail=CommerceUnsupported("shopify: GraphQL"))
    asked = await step(DialogueState(), ask("I only want 1 mug in HX4417"), context(shop))  # type: ignore[arg-type]
    offered = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert offered.replies[0].params["variant"] == "to_person"
    assert offered.state.awaiting == HANDOFF_OFFER
    assert "HX4417" in (offered.state.handoff_context or "")


async def test_a_platform_outage_changes_nothing_and_offers_a_person() -> None:
    shop = MemoryActions(PAID, fail=CommerceUnavailable("down"))
    asked = await step(DialogueState(), ask("I only want 1 mug in HX4417"), context(shop))  # type: ignore[arg-type]
    offered = await step(asked.state, nlu("yes", "affirm"), context(shop))
    assert offered.replies[0].key is ReplyKey.ACTION_UNAVAILABLE


@pytest.mark.parametrize(
    ("text", "kind", "quantity"),
    [
        ("quiero quitar las tazas", "remove", None),
        ("solo quiero dos tazas", None, 2),
        ("je veux ajouter une tasse", "add", None),
        ("ich möchte eine andere Größe", "swap", None),
        ("só quero três canecas", None, 3),
        ("voglio togliere i tovaglioli", "remove", None),
        ("order 18.00 total", None, None),
    ],
)
def test_words_in_six_languages(text: str, kind: str | None, quantity: int | None) -> None:
    assert kind_of(text) == kind
    assert quantity_in(text) == quantity


def test_articles_count_only_as_answers() -> None:
    assert quantity_in("quiero una taza") is None
    assert quantity_in("una", bare_answer=True) == 1
    assert quantity_in("solo una") == 1


def test_picking_from_the_list() -> None:
    assert choice_in("2", 3) == 1 and choice_in("la primera", 3) == 0
    assert choice_in("5", 3) is None and choice_in("the second one please thanks", 3) is None
