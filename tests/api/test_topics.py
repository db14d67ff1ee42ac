"""Topics the bot understands but has no self-service flow for yet: the chat API reports the
intent by name and offers a person, in the shopper's language."""

from __future__ import annotations

import pytest

CASES = {
    "en": [
        ("I want to cancel my order", "cancel_order"),
        ("how do I reset my password?", "recover_password"),
        ("I'd like to return the shoes I bought", "return_item"),
    ],
    "es": [
        ("quiero cancelar mi pedido", "cancel_order"),
        ("he olvidado mi contraseña", "recover_password"),
        ("quiero devolver un artículo", "return_item"),
    ],
    "fr": [
        ("je veux annuler ma commande", "cancel_order"),
        ("j'ai oublié mon mot de passe", "recover_password"),
        ("je souhaite retourner un article", "return_item"),
    ],
    "de": [
        ("ich möchte meine Bestellung stornieren", "cancel_order"),
        ("ich habe mein Passwort vergessen", "recover_password"),
        ("ich möchte einen Artikel zurücksenden", "return_item"),
    ],
    "pt": [
        ("quero cancelar a minha encomenda", "cancel_order"),
        ("esqueci-me da minha palavra-passe", "recover_password"),
        ("quero devolver um artigo", "return_item"),
    ],
    "it": [
        ("voglio annullare il mio ordine", "cancel_order"),
        ("ho dimenticato la password", "recover_password"),
        ("vorrei restituire un articolo", "return_item"),
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
