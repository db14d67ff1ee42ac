"""Enumeration: one client guesses order numbers and emails (or postal codes) across many
conversations. No answer differs between "no such order" and "wrong email", no answer carries
order data, and after a few dozen guesses the verification throttle stops every lookup, even
of a right pair.

CI sends 1,000 guesses (``SHOPDESK_ENUMERATION_GUESSES``); the 10,000-guess run is
``SHOPDESK_SECURITY_FULL=1 pytest tests/security/test_enumeration.py`` (a few minutes on two
cores: every guess is a whole bot turn).
"""

from __future__ import annotations

import asyncio
import os
import random
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import httpx
import pytest

from security.conftest import ATTACKER, Chat, Shop
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.responses.composer import compose

CI_GUESSES = int(os.environ.get("SHOPDESK_ENUMERATION_GUESSES", "1000"))
FULL = os.environ.get("SHOPDESK_SECURITY_FULL") == "1"
GUESSES_PER_CONVERSATION = 6  # one more than a conversation's own limit
WORKERS = 4  # guesses in flight at once


@dataclass
class Tally:
    kinds: Counter[str] = field(default_factory=Counter)
    not_found_texts: set[tuple[str, tuple[str, ...]]] = field(default_factory=set)
    retry_after: set[str] = field(default_factory=set)
    cards: list[Any] = field(default_factory=list)


def guesses(shop: Shop, count: int, seed: int = 5) -> list[str]:
    """Order numbers that exist and that do not, with emails and postal codes that are not the
    order's own: someone else's, made up, or near misses."""
    rng = random.Random(seed)
    owner = {o["number"]: o["customer_email"] for o in shop.document["orders"]}
    emails = [c["email"] for c in shop.document["customers"]]
    texts = []
    while len(texts) < count:
        number = f"HX{rng.randint(1001, 1400)}"
        roll = rng.random()
        if roll < 0.4:
            proof = rng.choice(emails)
        elif roll < 0.7:
            proof = f"{rng.choice(emails).split('@')[0]}@{rng.choice(['gmail.com', 'mail.de'])}"
        else:
            proof = f"{rng.randint(10000, 99999)}"
        if proof == owner.get(number):
            continue
        texts.append(f"where is my order {number}? {proof}")
    return texts


def not_found_text(shop: Shop, number: str) -> str:
    reply = Reply(key=ReplyKey.ORDER_NOT_FOUND, params={"order_number": number})
    return compose(reply, "en", shop_name=shop.settings.shop_name).text


async def _attack(shop: Shop, client: httpx.AsyncClient, texts: list[str], tally: Tally) -> None:
    throttled = compose(Reply(key=ReplyKey.VERIFICATION_THROTTLED), "en", shop_name="").text
    chat: Chat | None = None
    for index, text in enumerate(texts):
        if chat is None or index % GUESSES_PER_CONVERSATION == 0:
            chat = await Chat.open(client)
        response = await chat.post(text)
        if response.status_code == 429:
            tally.kinds["429"] += 1
            tally.retry_after.add(response.headers.get("retry-after", "missing"))
            chat = None
            continue
        assert response.status_code == 200, response.text
        [first, *_] = response.json()["messages"]
        tally.cards += [m["card"] for m in response.json()["messages"] if m["card"]]
        number = text.split()[4].rstrip("?")
        if first["text"] == throttled:
            tally.kinds["throttled"] += 1
        elif first["text"] == not_found_text(shop, number):
            tally.kinds["looked up"] += 1
            tally.not_found_texts.add(
                (first["text"].replace(number, "#"), tuple(first["quick_replies"]))
            )
        else:
            tally.kinds[f"other: {first['text'][:60]}"] += 1


async def enumerate_orders(shop: Shop, count: int) -> Tally:
    texts = guesses(shop, count)
    tally = Tally()
    async with shop.client(ATTACKER) as client:
        share = -(-count // WORKERS)
        await asyncio.gather(
            *(
                _attack(shop, client, texts[i * share : (i + 1) * share], tally)
                for i in range(WORKERS)
            )
        )
        # Throttled now: even the right pair is not looked up.
        late = await Chat.open(client)
        right = await late.say("where is my order HX1148? ana.ruiz@example.com")
        tally.cards += [m["card"] for m in right if m["card"]]
    return tally


def check(shop: Shop, tally: Tally, count: int) -> None:
    settings = shop.settings
    print(f"\n{count} guesses from one client: {dict(tally.kinds)}")
    assert not tally.cards, tally.cards[:3]
    assert sum(tally.kinds.values()) == count
    assert not [k for k in tally.kinds if k.startswith("other")], tally.kinds
    # Every lookup that failed said the same words (but for the number typed back).
    assert len(tally.not_found_texts) == 1, tally.not_found_texts
    # The client's limit, plus guesses that were already past the check when it tripped.
    bound = settings.max_failed_verifications_per_client + WORKERS
    assert 0 < tally.kinds["looked up"] <= bound
    assert tally.kinds["throttled"] + tally.kinds["429"] >= count - bound
    assert tally.retry_after <= {"60"} or not tally.kinds["429"]


async def test_enumeration_reveals_nothing_and_is_throttled(shop: Shop) -> None:
    tally = await enumerate_orders(shop, CI_GUESSES)
    check(shop, tally, CI_GUESSES)


@pytest.mark.skipif(not FULL, reason="10,000 guesses: set SHOPDESK_SECURITY_FULL=1")
async def test_ten_thousand_guesses(shop: Shop) -> None:
    tally = await enumerate_orders(shop, 10_000)
    check(shop, tally, 10_000)
