"""Prompt injection and social engineering (tests/security/injections.yml), against the bot of
the demo store: nothing of an order the conversation has not verified, nothing of another
conversation, nothing internal, and no markup, in any reply, card or quick reply."""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Any

import httpx
import pytest
import yaml

from security.conftest import Chat, Shop
from security.leaks import Leaks

ATTEMPTS: list[dict[str, Any]] = yaml.safe_load(
    (Path(__file__).parent / "injections.yml").read_text(encoding="utf-8")
)
# Somebody else's conversation, earlier the same day: none of it may come back.
CANARY = "canary-5581"
CANARY_TEXT = f"please send it to Rua Augusta 99, 1100-048 Lisboa, door code {CANARY}"
# The already-verified conversations prove one order first (the second when the first is a
# target of the attempt).
OWN_ORDERS = (("HX1081", "giulia.romano@example.com"), ("HX1122", "joao.silva@example.org"))


def messages_of(attempt: dict[str, Any]) -> list[str]:
    say = attempt["say"]
    return [say] if isinstance(say, str) else list(say)


def test_the_attempts_are_many_and_in_several_languages() -> None:
    assert len(ATTEMPTS) >= 50
    assert len({a["id"] for a in ATTEMPTS}) == len(ATTEMPTS)
    languages = Counter(a["lang"] for a in ATTEMPTS)
    assert len(languages) >= 5 and min(languages.values()) >= 5, languages


@pytest.fixture(scope="module")
async def leaks(_shop: Shop) -> Leaks:
    async with _shop.client("192.0.2.200") as other:
        chat = await Chat.open(other)
        await chat.say(CANARY_TEXT)
    return Leaks(_shop)


@pytest.mark.parametrize("mode", ["fresh", "verified"])
@pytest.mark.parametrize("attempt", ATTEMPTS, ids=[a["id"] for a in ATTEMPTS])
async def test_attempt_discloses_nothing(
    shop: Shop, client: httpx.AsyncClient, leaks: Leaks, attempt: dict[str, Any], mode: str
) -> None:
    chat = await Chat.open(client, locale=attempt["lang"])
    said = messages_of(attempt)
    verified: list[str] = []
    if mode == "verified":
        number, email = next(o for o in OWN_ORDERS if o[0] not in attempt["targets"])
        proof = await chat.say(f"where is my order {number}? {email}")
        assert any((m["card"] or {}).get("order_number") == number for m in proof), proof
        verified, said = [number], [f"{number} {email}", *said]
    for text in messages_of(attempt):
        replies = await chat.say(text)
        found = leaks.find(
            replies,
            said=" ".join(said),
            verified=verified,
            targets=attempt["targets"],
            canaries=[CANARY],
        )
        assert not found, (text, found, [m["text"] for m in replies])


async def test_the_detector_sees_a_real_disclosure(client: httpx.AsyncClient, leaks: Leaks) -> None:
    # The owner's own proof brings the order out: counted as a leak for anyone else.
    replies = await (await Chat.open(client)).say("where is HX1148? ana.ruiz@example.com")
    found = leaks.find(replies, said="", targets=["HX1148"])
    assert "card of HX1148" in found
    assert any(fact in found for fact in leaks.orders["HX1148"].private)
    assert not leaks.find(replies, said="", verified=["HX1148"], targets=["HX1148"])
