"""Every order status in every language: the exact facts, after verification, in the language."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from babel.dates import format_date
from babel.numbers import format_currency

from shopdesk.responses.formatting import status_name
from support.store_doc import LOCALES, STATUSES, order_by_status

ASK = {
    "en": "Hi, where is my order?",
    "es": "Hola, ¿dónde está mi pedido?",
    "fr": "Bonjour, où est ma commande ?",
    "de": "Hallo, wo ist meine Bestellung?",
    "pt": "Olá, onde está a minha encomenda?",
    "it": "Ciao, dov'è il mio ordine?",
}
ONE_SHOT = {
    "en": "Where is my order {n}? My email is {e}",
    "es": "¿Dónde está mi pedido {n}? Mi correo es {e}",
    "fr": "Où en est ma commande {n} ? Mon e-mail est {e}",
    "de": "Wo ist meine Bestellung {n}? Meine E-Mail ist {e}",
    "pt": "Onde está a minha encomenda {n}? O meu email é {e}",
    "it": "Dov'è il mio ordine {n}? La mia email è {e}",
}


# Portuguese money and dates read as in Portugal ("18,00 €"); plain "pt" in Babel is Brazil's.
BABEL_LOCALE = {"pt": "pt_PT"}


def expected_facts(status: str, lang: str) -> list[str]:
    locale = BABEL_LOCALE.get(lang, lang)
    order = order_by_status(status)
    facts = [order["number"], status_name(status, lang)]
    if status in {"shipped", "out_for_delivery", "delivered"}:
        shipment = order["shipments"][0]
        facts += [shipment["carrier"], shipment["tracking_number"]]
        if status in {"shipped", "out_for_delivery"}:
            eta = date.fromisoformat(shipment["estimated_delivery"])
            facts.append(format_date(eta, format="long", locale=locale))
            facts.append(shipment["events"][-1]["description"])
        if status == "delivered":
            facts.append(format_date(date(2026, 11, 4), format="long", locale=locale))
    if order["refunds"]:
        facts.append(format_currency(Decimal("36.00"), "EUR", locale=locale))
    if status == "payment_failed":
        facts.append(order["payment_failure_reason"])
    if status == "on_hold":
        facts.append(order["hold_reason"])
    return facts


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("status", STATUSES)
async def test_status_facts_across_two_turns(open_chat, status: str, locale: str) -> None:
    order = order_by_status(status)
    chat = await open_chat()
    first = await chat.say(ASK[locale])
    assert first["locale"] == locale
    assert order["number"] not in first["messages"][0]["text"]
    answer = await chat.say(f"{order['number']} {order['customer_email']}")
    [message] = answer["messages"]
    assert message["locale"] == locale
    assert message["intent"] == "track_order"
    for fact in expected_facts(status, locale):
        assert fact in message["text"], (fact, message["text"])
    card = message["card"]
    assert card["type"] == "order_status"
    assert card["order_number"] == order["number"] and card["status"] == status
    assert card["items"] == [{"name": "Stoneware mug", "quantity": 2}]
    if order["shipments"]:
        shipment = order["shipments"][0]
        assert card["carrier"] == shipment["carrier"]
        assert card["tracking_number"] == shipment["tracking_number"]
        assert card["tracking_url"] == shipment["tracking_url"]
        assert card["estimated_delivery"] == shipment["estimated_delivery"]
        assert [e["description"] for e in card["events"]] == [
            e["description"] for e in shipment["events"]
        ]
    else:
        assert card["tracking_number"] is None and card["events"] == []


@pytest.mark.parametrize("locale", LOCALES)
async def test_one_message_with_number_and_email(open_chat, locale: str) -> None:
    order = order_by_status("shipped")
    chat = await open_chat()
    text = ONE_SHOT[locale].format(n=order["number"], e=order["customer_email"])
    [message] = (await chat.say(text))["messages"]
    assert message["locale"] == locale
    assert order["shipments"][0]["tracking_number"] in message["text"]


@pytest.mark.parametrize(
    "typed", ["TS5003", "#ts5003", "TS-5003", "ts 5003", "order ts5003 please"]
)
async def test_order_number_forms(open_chat, typed: str) -> None:
    order = order_by_status("shipped")
    chat = await open_chat()
    await chat.say(typed)
    text = await chat.reply_text(order["customer_email"])
    assert order["shipments"][0]["tracking_number"] in text


async def test_email_first_then_number(open_chat) -> None:
    order = order_by_status("delivered")
    chat = await open_chat()
    await chat.say("I want to know about my order")
    await chat.say(order["customer_email"])
    text = await chat.reply_text(order["number"])
    assert order["shipments"][0]["tracking_number"] in text


async def test_postal_code_verifies_too(open_chat) -> None:
    order = order_by_status("shipped")
    chat = await open_chat()
    await chat.say(f"where is order {order['number']}")
    text = await chat.reply_text(order["shipping_address"]["postal_code"])
    assert order["shipments"][0]["tracking_number"] in text


async def test_verified_order_answers_follow_up_without_new_proof(open_chat) -> None:
    order = order_by_status("out_for_delivery")
    chat = await open_chat()
    await chat.say(f"{order['number']} {order['customer_email']}")
    text = await chat.reply_text("and where is my package now?")
    assert order["shipments"][0]["tracking_number"] in text


async def test_reply_language_follows_the_shopper(open_chat) -> None:
    chat = await open_chat(locale="en")
    body = await chat.say("Hola, ¿dónde está mi pedido?")
    assert body["locale"] == "es" and body["messages"][0]["locale"] == "es"
