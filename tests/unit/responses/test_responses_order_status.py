"""ORDER_STATUS replies state the order's facts, in every locale, and only those facts."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from responses_orders import (
    DELIVERED_AT,
    LOCALES,
    NUMBER,
    assert_contract_shape,
    base,
    day,
    facts_for,
    money,
    order_for,
    shipment,
)

from shopdesk.core.orders import OrderView, RefundView
from shopdesk.core.replies import ComposedMessage, Reply, ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.responses import compose, order_status_card
from shopdesk.responses.catalog import catalog, label, message
from shopdesk.responses.formatting import status_name


def status_reply(order: OrderView, locale: str) -> ComposedMessage:
    return compose(Reply(key=ReplyKey.ORDER_STATUS, order=order), locale, shop_name="Lumen & Co")


def assert_clean(text: str) -> None:
    # No unfilled template and no missing value rendered as a word.
    assert "{" not in text and "}" not in text
    assert "None" not in text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("status", list(OrderStatus))
def test_states_the_facts(status: OrderStatus, locale: str) -> None:
    order = order_for(status)
    reply = status_reply(order, locale)
    for fact in facts_for(status, locale):
        assert fact in reply.text, f"{status}/{locale}: missing {fact!r} in {reply.text!r}"
    assert_clean(reply.text)
    assert reply.card == order_status_card(order)
    assert_contract_shape(reply.card)
    assert reply.quick_replies == (
        label(locale, "track_another_order"),
        label(locale, "talk_to_person"),
    )


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("status", list(OrderStatus))
def test_says_what_the_status_is(status: OrderStatus, locale: str) -> None:
    """A headline names the order and its status; the status's own sentence opens the details."""
    order = order_for(status)
    headline, details = status_reply(order, locale).text.split("\n", 1)
    expected = catalog(locale)["order_status.headline"].format(
        order_number=order.number, status=status_name(status, locale)
    )
    assert headline == expected
    key = {OrderStatus.PENDING: "pending_payment"}.get(status, status.value)
    template = catalog(locale)[f"order_status.{key}"]
    opening = template.split("{order_number}")[0]
    assert details.startswith(opening)


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("status", list(OrderStatus))
def test_never_fails_on_a_bare_order(status: OrderStatus, locale: str) -> None:
    bare = base(status, payment_status=None, items=(), shipping_address=None, customer_name=None)
    reply = status_reply(bare, locale)
    assert NUMBER in reply.text
    assert_clean(reply.text)
    assert_contract_shape(reply.card or {})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize(
    "status", [OrderStatus.SHIPPED, OrderStatus.OUT_FOR_DELIVERY, OrderStatus.DELIVERED]
)
def test_shipment_with_nothing_but_a_status(status: OrderStatus, locale: str) -> None:
    empty = shipment(
        carrier=None,
        tracking_number=None,
        tracking_url=None,
        estimated_delivery=None,
        events=(),
        shipped_at=None,
    )
    text = status_reply(base(status, shipments=(empty,)), locale).text
    assert NUMBER in text
    assert_clean(text)


@pytest.mark.parametrize("locale", LOCALES)
def test_facts_not_in_the_data_are_not_stated(locale: str) -> None:
    processing = status_reply(order_for(OrderStatus.PROCESSING), locale).text
    assert "DHL" not in processing and "http" not in processing
    no_url = shipment(tracking_url=None, estimated_delivery=None)
    shipped = status_reply(base(OrderStatus.SHIPPED, shipments=(no_url,)), locale).text
    assert "http" not in shipped
    assert day(date(2026, 11, 6), locale) not in shipped
    assert catalog(locale)["order_status.estimated_delivery"].split("{")[0] not in shipped


@pytest.mark.parametrize("locale", LOCALES)
def test_pending_without_pending_payment_does_not_mention_payment(locale: str) -> None:
    text = status_reply(base(OrderStatus.PENDING, payment_status=None), locale).text
    details = text.split("\n", 1)[1]  # after the headline
    assert details.startswith(catalog(locale)["order_status.pending"].split("{")[0])


@pytest.mark.parametrize("locale", LOCALES)
def test_several_shipments_are_each_stated(locale: str) -> None:
    first = shipment(status="delivered", delivered_at=DELIVERED_AT)
    second = shipment(
        carrier="GLS",
        tracking_number="GLS778812",
        status="in_transit",
        estimated_delivery=date(2026, 11, 9),
    )
    order = base(OrderStatus.SHIPPED, shipments=(first, second))
    reply = status_reply(order, locale)
    lines = reply.text.splitlines()[1:]  # after the headline
    assert NUMBER in lines[0]
    assert (
        "DHL" in lines[1]
        and "JD014600006281230957" in lines[1]
        and day(DELIVERED_AT.date(), locale) in lines[1]
    )
    assert (
        "GLS" in lines[2] and "GLS778812" in lines[2] and day(date(2026, 11, 9), locale) in lines[2]
    )
    assert [s["tracking_number"] for s in (reply.card or {})["shipments"]] == [
        "JD014600006281230957",
        "GLS778812",
    ]
    assert message(locale, "order_status.delivery_problem") not in reply.text


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("several", [False, True])
def test_delivery_exception_offers_help(locale: str, several: bool) -> None:
    problem = shipment(status="exception")
    shipments = (shipment(tracking_number="OTHER1"), problem) if several else (problem,)
    text = status_reply(base(OrderStatus.SHIPPED, shipments=shipments), locale).text
    assert message(locale, "order_status.delivery_problem") in text


@pytest.mark.parametrize("locale", LOCALES)
def test_delivered_without_date_or_carrier(locale: str) -> None:
    bare = shipment(carrier=None, delivered_at=None, status="delivered")
    text = status_reply(base(OrderStatus.DELIVERED, shipments=(bare,)), locale).text
    assert text.split("\n", 1)[1].startswith(
        message(locale, "order_status.delivered_no_details", order_number=NUMBER)
    )
    assert "JD014600006281230957" in text


@pytest.mark.parametrize("locale", LOCALES)
def test_refund_statuses(locale: str) -> None:
    refunds = (
        RefundView(amount="10.00", status="processed"),
        RefundView(
            amount="5.50", status="processed", created_at=datetime(2026, 12, 1, 9, tzinfo=UTC)
        ),
        RefundView(amount="2.25", status="pending"),
        RefundView(amount="1.00", status="disputed"),
    )
    order = base(OrderStatus.REFUNDED, currency="USD", refunds=refunds)
    text = status_reply(order, locale).text
    for amount in ("10.00", "5.50", "2.25", "1.00"):
        assert money(amount, locale, "USD") in text
    assert day(date(2026, 12, 1), locale) in text
    assert "disputed" in text  # a status we do not know is shown, not guessed


@pytest.mark.parametrize("locale", LOCALES)
def test_event_without_location(locale: str) -> None:
    event = (
        order_for(OrderStatus.SHIPPED).shipments[0].events[0].model_copy(update={"location": None})
    )
    text = status_reply(
        base(OrderStatus.SHIPPED, shipments=(shipment(events=(event,)),)), locale
    ).text
    assert event.description in text
    assert "()" not in text


def test_times_follow_the_given_zone() -> None:
    from zoneinfo import ZoneInfo

    reply = compose(
        Reply(key=ReplyKey.ORDER_STATUS, order=order_for(OrderStatus.SHIPPED)),
        "de",
        shop_name="Lumen",
        tz=ZoneInfo("Europe/Berlin"),
    )
    assert "4. November 2026, 07:05:" in reply.text
    assert "UTC" not in reply.text


def test_order_status_needs_its_order() -> None:
    with pytest.raises(ValueError, match="needs its order"):
        compose(Reply(key=ReplyKey.ORDER_STATUS), "en", shop_name="Lumen")
