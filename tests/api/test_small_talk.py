"""Greetings, thanks, goodbyes and anything else, in every language: polite, never a crash."""

from __future__ import annotations

import pytest

from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.responses import compose

CASES = {
    "en": {
        "greet": "Hello there!",
        "thank_you": "thanks a lot",
        "goodbye": "bye, have a nice day",
        "out_of_scope": "What's the weather like in Paris tomorrow?",
    },
    "es": {
        "greet": "¡Buenas tardes!",
        "thank_you": "muchas gracias",
        "goodbye": "adiós, hasta luego",
        "out_of_scope": "¿Cuál es la capital de Australia?",
    },
    "fr": {
        "greet": "Bonjour !",
        "thank_you": "merci beaucoup",
        "goodbye": "au revoir, bonne journée",
        "out_of_scope": "Quel temps fera-t-il demain à Lyon ?",
    },
    "de": {
        "greet": "Guten Tag!",
        "thank_you": "vielen Dank",
        "goodbye": "tschüss, schönen Tag noch",
        "out_of_scope": "Wie wird das Wetter morgen in Berlin?",
    },
    "pt": {
        "greet": "Bom dia!",
        "thank_you": "muito obrigado",
        "goodbye": "adeus, até logo",
        "out_of_scope": "Qual é a capital da Austrália?",
    },
    "it": {
        "greet": "Buongiorno!",
        "thank_you": "grazie mille",
        "goodbye": "arrivederci, buona giornata",
        "out_of_scope": "Che tempo farà domani a Roma?",
    },
}
EXPECTED = {
    "greet": ReplyKey.GREET_BACK,
    "thank_you": ReplyKey.THANKS,
    "goodbye": ReplyKey.GOODBYE,
    "out_of_scope": ReplyKey.OUT_OF_SCOPE,
}


@pytest.mark.parametrize("intent", list(EXPECTED))
@pytest.mark.parametrize("locale", list(CASES))
async def test_reply_in_the_shoppers_language(open_chat, locale: str, intent: str) -> None:
    chat = await open_chat()
    body = await chat.say(CASES[locale][intent])
    [message] = body["messages"]
    assert message["locale"] == locale
    assert message["intent"] == intent
    expected = compose(Reply(key=EXPECTED[intent]), locale, shop_name="Test Shop")
    assert message["text"] == expected.text
    assert body["state"] == "bot"


@pytest.mark.parametrize(
    "text",
    [
        "🙂🙂🙂",
        "?????",
        "\u0000\u0007 control",
        "a" * 2000,
        "SELECT * FROM orders; --",
        "<script>alert(1)</script>",
        "こんにちは",
        "null",
        "{}",
    ],
)
async def test_odd_input_gets_a_polite_answer(open_chat, text: str) -> None:
    chat = await open_chat()
    body = await chat.say(text)
    assert body["messages"] and all(m["text"] for m in body["messages"])
    assert all(m["card"] is None for m in body["messages"])
