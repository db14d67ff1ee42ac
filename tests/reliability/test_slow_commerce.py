"""The shop's platform (a fake Shopify over real HTTP) fails or hangs while shoppers ask about
their orders: every shopper gets the polite "can't reach the order system" answer in their
language, the circuit breaker stops calling a platform that keeps failing (no pile-up of
requests waiting out timeouts), one trial request at a time finds out when it is back."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Iterator

import httpx
import pytest

from reliability.chat import Shopper
from reliability.procs import Server, base_env, servers
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.responses.composer import compose
from support.fake_shopify import TOKEN, FakeShopify, serve, shopify_order

COOLDOWN = 2.0
ASK = {
    "en": "Where is my order #1001? My email is ana@example.com",
    "es": "¿Dónde está mi pedido #1001? Mi correo es ana@example.com",
    "fr": "Où est ma commande #1001 ? Mon e-mail est ana@example.com",
    "de": "Wo ist meine Bestellung #1001? Meine E-Mail ist ana@example.com",
    "pt": "Onde está a minha encomenda #1001? O meu email é ana@example.com",
    "it": "Dov'è il mio ordine #1001? La mia email è ana@example.com",
}


def polite(locale: str) -> str:
    return compose(Reply(key=ReplyKey.SYSTEM_UNAVAILABLE), locale, shop_name="Our shop").text


@pytest.fixture(scope="module")
def shop(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[FakeShopify, Server]]:
    workdir = tmp_path_factory.mktemp("slow-commerce")
    fake = FakeShopify()
    with serve(fake.app) as url:
        config = {
            "shop_url": url,
            "access_token": TOKEN,
            "read_timeout": 0.5,
            "connect_timeout": 0.5,
            "breaker_failures": 2,
            "breaker_cooldown": COOLDOWN,
        }
        (workdir / "shopify.json").write_text(json.dumps(config), encoding="utf-8")
        env = base_env(
            f"sqlite:///{workdir / 'shop.db'}",
            SHOPDESK_CONNECTOR="shopify",
            SHOPDESK_CONNECTOR_CONFIG=str(workdir / "shopify.json"),
        )
        try:
            with servers(env, workdir, "commerce") as (server,):
                yield fake, server
        finally:
            fake.reset()  # releases stalled requests so the fake stops promptly


async def ask(http: httpx.AsyncClient, base: str, locale: str) -> str:
    shopper = await Shopper(http, base).open(locale)
    return await shopper.say(ASK[locale])


async def test_failing_then_hanging_platform_trips_the_breaker_without_pile_up(
    shop: tuple[FakeShopify, Server],
) -> None:
    fake, server = shop
    fake.reset()
    async with httpx.AsyncClient(timeout=60) as http:
        # 500s: the read is tried twice, both fail, the breaker (2 failures) opens.
        fake.faults.fail(500)
        assert polite("en") in await ask(http, server.base, "en")
        assert fake.faults.count("GET", "/orders.json") == 2

        # The platform now hangs. While the breaker is open, 20 shoppers at once get the polite
        # answer in their own language, and at most one trial per cool-down reaches the platform.
        fake.faults.reset()
        fake.faults.hang = True
        loop = asyncio.get_running_loop()
        started = loop.time()
        locales = [list(ASK)[i % len(ASK)] for i in range(20)]
        answers = await asyncio.gather(*(ask(http, server.base, loc) for loc in locales))
        elapsed = loop.time() - started
        for locale, answer in zip(locales, answers, strict=True):
            assert polite(locale) in answer, (locale, answer)
        trials = len(fake.faults.requests)
        assert trials <= 1 + int(elapsed // COOLDOWN), (trials, elapsed)

        # After the cool-down one trial goes out; it times out, the shopper is still answered.
        deadline = loop.time() + 30
        while len(fake.faults.requests) == trials:
            assert loop.time() < deadline, "no trial request after the cool-down"
            assert polite("de") in await ask(http, server.base, "de")
            await asyncio.sleep(0.5)

        # The platform is back: a trial succeeds, the breaker closes, orders are read again.
        fake.reset()
        fake.add(shopify_order(450789469, "#1001"))
        deadline = loop.time() + 30
        while polite("en") in (answer := await ask(http, server.base, "en")):
            assert loop.time() < deadline, "the breaker never closed"
            await asyncio.sleep(0.5)
        assert "1001" in answer
        assert fake.faults.count("GET", "/orders.json") >= 1
        assert polite("fr") not in await ask(http, server.base, "fr")


def test_connector_errors_never_reach_the_log_as_tracebacks(
    shop: tuple[FakeShopify, Server],
) -> None:
    _, server = shop
    assert not server.tracebacks()
