"""The invoice flow, pure: the gate first, then a link marker for paid orders only."""

from __future__ import annotations

from test_engine import ORDER, MemoryOrders, email_entity, nlu, order_entity

from shopdesk.core.orders import OrderView
from shopdesk.core.replies import ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.dialogue.engine import TurnContext, step
from shopdesk.dialogue.flows.invoice import INVOICE_FOR, has_invoice
from shopdesk.dialogue.state import DialogueState
from shopdesk.dialogue.topics import TOPIC_OF

PAID = ORDER.model_copy(update={"status": OrderStatus.SHIPPED, "payment_status": "paid"})


def context(*orders: OrderView) -> TurnContext:
    return TurnContext(orders=MemoryOrders(*orders))  # type: ignore[arg-type]


def ask(intent: str = "get_invoice") -> object:
    return nlu(
        "invoice for HX4417 ana@example.com",
        intent,
        entities=(order_entity("HX4417", start=12), email_entity("ana@example.com", 19)),
    )


async def test_a_paid_order_gets_the_link_marker_not_a_link() -> None:
    result = await step(DialogueState(), ask(), context(PAID))  # type: ignore[arg-type]
    [reply] = result.replies
    assert reply.key is ReplyKey.INVOICE
    # The pure layer names the order; the I/O layer signs the link (no secrets here).
    assert reply.params == {"variant": "ready", "order_number": "HX-4417", INVOICE_FOR: "HX4417"}
    assert "url" not in reply.params
    assert result.intent == "get_invoice" and result.events == ("verified",)
    assert result.state.flow is None and result.state.verified_orders == ("HX4417",)


async def test_check_invoice_is_served_by_the_same_flow() -> None:
    result = await step(DialogueState(), ask("check_invoice"), context(PAID))  # type: ignore[arg-type]
    assert result.replies[0].params["variant"] == "ready"
    assert result.intent == "check_invoice"


async def test_nothing_about_the_order_before_verification() -> None:
    shop = context(PAID)
    first = await step(DialogueState(), nlu("I need my invoice", "get_invoice"), shop)
    assert [r.key for r in first.replies] == [ReplyKey.ASK_ORDER_AND_EMAIL]
    assert first.state.flow == "invoice"
    number = await step(first.state, nlu("HX4417", entities=(order_entity("HX4417"),)), shop)
    assert [r.key for r in number.replies] == [ReplyKey.ASK_EMAIL]
    wrong = await step(
        number.state, nlu("eve@example.com", entities=(email_entity("eve@example.com", 0),)), shop
    )
    assert [r.key for r in wrong.replies] == [ReplyKey.ORDER_NOT_FOUND]
    assert all(INVOICE_FOR not in r.params for r in wrong.replies)
    right = await step(
        wrong.state, nlu("ana@example.com", entities=(email_entity("ana@example.com", 0),)), shop
    )
    assert right.replies[0].params[INVOICE_FOR] == "HX4417"
    assert right.intent in ("check_invoice", "get_invoice")  # the engine names a resumed flow


async def test_an_unpaid_order_has_no_invoice_yet() -> None:
    for payment, status in (
        ("pending", OrderStatus.PENDING),
        ("failed", OrderStatus.PAYMENT_FAILED),
    ):
        order = ORDER.model_copy(update={"status": status, "payment_status": payment})
        result = await step(DialogueState(), ask(), context(order))  # type: ignore[arg-type]
        [reply] = result.replies
        assert reply.params == {"variant": "not_paid", "order_number": "HX-4417"}


async def test_cancelled_before_payment_has_no_invoice() -> None:
    order = ORDER.model_copy(update={"status": OrderStatus.CANCELLED, "payment_status": "pending"})
    result = await step(DialogueState(), ask(), context(order))  # type: ignore[arg-type]
    assert result.replies[0].params == {"variant": "cancelled_unpaid", "order_number": "HX-4417"}


async def test_a_refund_does_not_take_the_invoice_away() -> None:
    refunded = ORDER.model_copy(
        update={"status": OrderStatus.CANCELLED, "payment_status": "refunded"}
    )
    result = await step(DialogueState(), ask(), context(refunded))  # type: ignore[arg-type]
    assert result.replies[0].params["variant"] == "ready"


def test_without_a_payment_status_the_order_status_decides() -> None:
    def order(status: OrderStatus) -> OrderView:
        return ORDER.model_copy(update={"status": status, "payment_status": None})

    assert has_invoice(order(OrderStatus.DELIVERED))
    assert has_invoice(order(OrderStatus.REFUNDED))
    assert not has_invoice(order(OrderStatus.PENDING))
    assert not has_invoice(order(OrderStatus.PAYMENT_FAILED))
    assert not has_invoice(order(OrderStatus.CANCELLED))


async def test_an_already_verified_order_needs_no_proof_again() -> None:
    state = DialogueState(order_number="HX4417", verified_orders=("HX4417",))
    result = await step(state, nlu("and the invoice?", "get_invoice"), context(PAID))
    assert result.replies[0].params[INVOICE_FOR] == "HX4417"
    assert result.events == ()


def test_invoice_intents_left_the_no_flow_topics() -> None:
    assert "get_invoice" not in TOPIC_OF and "check_invoice" not in TOPIC_OF
