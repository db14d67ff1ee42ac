"""Topics the bot understands but has no self-service flow for yet: the chat API reports the
intent by name and offers a person, in the shopper's language."""

from __future__ import annotations

import pytest

CASES = {
    "en": [
        ("I want to place an order", "place_order"),
        ("can you recommend a gift for my mum?", "product_recommendation"),
    ],
    "es": [
        ("quiero hacer un pedido", "place_order"),
        ("¿me recomiendas un regalo para mi madre?", "product_recommendation"),
    ],
    "fr": [
        ("je veux passer une commande", "place_order"),
        ("pouvez-vous me conseiller un cadeau pour ma mère ?", "product_recommendation"),
    ],
    "de": [
        ("ich möchte eine Bestellung aufgeben", "place_order"),
        ("können Sie mir ein Geschenk für meine Mutter empfehlen?", "product_recommendation"),
    ],
    "pt": [
        ("quero fazer uma encomenda", "place_order"),
        ("podem recomendar-me um presente para a minha mãe?", "product_recommendation"),
    ],
    "it": [
        ("voglio fare un ordine", "place_order"),
        ("mi consigli un regalo per mia madre?", "product_recommendation"),
    ],
}


@pytest.mark.parametrize("locale", list(CASES))
async def test_topics_are_named_and_a_person_offered(open_chat, locale: str) -> None:
    for text, intent in CASES[locale]:
        chat = await open_chat()
        body = await chat.say(text)
        [message] = body["messages"]
        assert message["intent"] == intent, text
        assert message["locale"] == locale
        assert body["state"] == "bot" and len(message["quick_replies"]) == 2
