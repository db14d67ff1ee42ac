"""What the simulated shoppers say: ten turns of mixed intents, in English or Spanish.

Each conversation greets, asks about an order and verifies it with a demo order's number and
e-mail (a real verification against the database), asks four of the shop's questions (shipping,
returns, payment, products, stock) in a shuffled order, thanks and says goodbye. Nothing in a
script asks for a person, so the bot owns every conversation to the end and answers every
message.
"""

from __future__ import annotations

import random

from shopdesk.store import DEMO_EXAMPLES

_TEXTS = {
    "en": {
        "greet": ["hi there", "hello!", "good morning", "hey"],
        "track": ["where is my order?", "I want to know the status of my order"],
        "verify": ["{number} {email}", "it's {number}, my email is {email}"],
        "questions": [
            "how long does shipping take?",
            "how much is delivery to France?",
            "what is your return policy?",
            "how many days do I have to return something?",
            "which payment methods do you accept?",
            "do you have linen napkins?",
            "I'm looking for a stoneware mug",
            "is the ceramic teapot in stock?",
            "do you sell scented candles?",
        ],
        "thanks": ["thanks!", "thank you, that helps", "great, thanks"],
        "bye": ["bye", "goodbye!", "that's all, bye"],
    },
    "es": {
        "greet": ["hola", "buenos días", "hola, buenas"],
        "track": ["¿dónde está mi pedido?", "quiero saber el estado de mi pedido"],
        "verify": ["{number} {email}", "es el {number}, mi correo es {email}"],
        "questions": [
            "¿cuánto tarda el envío?",
            "¿cuál es vuestra política de devoluciones?",
            "¿qué formas de pago aceptáis?",
            "¿tenéis servilletas de lino?",
            "busco una taza de gres",
            "¿cuánto cuesta el envío a Francia?",
        ],
        "thanks": ["¡gracias!", "muchas gracias"],
        "bye": ["adiós", "eso es todo, adiós"],
    },
}


def conversation_script(seed: int, turns: int = 10) -> list[str]:
    """The messages of one shopper, the same for the same seed."""
    rng = random.Random(seed)
    texts = _TEXTS["es" if rng.random() < 0.25 else "en"]
    order = rng.choice(DEMO_EXAMPLES)
    questions = rng.sample(texts["questions"], max(0, turns - 5))
    script = [
        rng.choice(texts["greet"]),
        rng.choice(texts["track"]),
        rng.choice(texts["verify"]).format(number=order.number, email=order.email),
        *questions,
        rng.choice(texts["thanks"]),
        rng.choice(texts["bye"]),
    ]
    return script[:turns]
