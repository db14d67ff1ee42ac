"""Every other reply: right language, right placeholders, right buttons, nothing leaked."""

from __future__ import annotations

from datetime import UTC
from typing import Any

import pytest
from responses_orders import LOCALES, order_for

from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import OrderStatus
from shopdesk.responses import compose
from shopdesk.responses.catalog import catalog, label, placeholders

SHOP = "Lumen & Co"
TEXT_KEYS = [k for k in ReplyKey if k is not ReplyKey.ORDER_STATUS]


def say(key: ReplyKey, locale: str, **params: Any) -> str:
    # TOPIC_OFFER needs a topic; every other key ignores it.
    params = {"topic": "invoices", **params}
    return compose(Reply(key=key, params=params), locale, shop_name=SHOP).text


# Keys the composer renders in its own way (sub-messages chosen by what it is given).
_SPECIAL = {ReplyKey.ASK_EMAIL, ReplyKey.ORDER_NOT_FOUND, ReplyKey.HANDOFF_QUEUED}


def _variants(key: ReplyKey, locale: str) -> list[str | None]:
    """None for a plain message; else the flow's variants ("cancel_order.done", ...)."""
    entries = catalog(locale)
    if key.value in entries or key in _SPECIAL:
        return [None]
    return sorted({k.split(".")[1] for k in entries if k.startswith(f"{key.value}.")})


@pytest.mark.parametrize("locale", LOCALES)
@pytest.mark.parametrize("key", TEXT_KEYS)
def test_every_reply_renders_cleanly(key: ReplyKey, locale: str) -> None:
    variants = _variants(key, locale)
    assert variants, f"{locale}: no text for {key.value}"
    for variant in variants:
        params: dict[str, Any] = {"order_number": "HX-4417", "topic": "invoices"}
        if variant is not None:
            template = catalog(locale)[f"{key.value}.{variant}"]
            params |= {name: "X" for name in placeholders(template)} | {"variant": variant}
        reply = compose(Reply(key=key, params=params), locale, shop_name=SHOP)
        assert reply.text.strip()
        assert "{" not in reply.text and "}" not in reply.text
        assert reply.card is None


@pytest.mark.parametrize("locale", LOCALES)
def test_greeting_names_the_shop_and_offers_buttons(locale: str) -> None:
    reply = compose(Reply(key=ReplyKey.GREETING), locale, shop_name=SHOP)
    assert SHOP in reply.text
    assert reply.quick_replies == (label(locale, "track_order"), label(locale, "talk_to_person"))


@pytest.mark.parametrize("locale", LOCALES)
def test_buttons(locale: str) -> None:
    track, human = label(locale, "track_order"), label(locale, "talk_to_person")

    def buttons(key: ReplyKey) -> tuple[str, ...]:
        return compose(Reply(key=key), locale, shop_name=SHOP).quick_replies

    assert buttons(ReplyKey.OUT_OF_SCOPE) == (track, human)
    assert buttons(ReplyKey.ORDER_NOT_FOUND) == (human,)
    assert buttons(ReplyKey.VERIFICATION_THROTTLED) == (human,)
    assert buttons(ReplyKey.CANNOT_DISCLOSE) == (human,)
    assert buttons(ReplyKey.HANDOFF_QUEUED) == ()


@pytest.mark.parametrize("locale", LOCALES)
def test_ask_email_repeats_the_number(locale: str) -> None:
    assert "HX-4417" in say(ReplyKey.ASK_EMAIL, locale, order_number="HX-4417")
    assert say(ReplyKey.ASK_EMAIL, locale) == catalog(locale)["ask_email.without_number"]


@pytest.mark.parametrize("locale", LOCALES)
def test_order_not_found_depends_only_on_locale_and_typed_number(locale: str) -> None:
    plain = say(ReplyKey.ORDER_NOT_FOUND, locale, order_number="HX-4417")
    assert "HX-4417" in plain
    # Whatever else the engine knows (even a real order by mistake) changes nothing.
    order = order_for(OrderStatus.SHIPPED)
    noisy = compose(
        Reply(
            key=ReplyKey.ORDER_NOT_FOUND,
            params={"order_number": "HX-4417", "email": "x@y.z"},
            order=order,
        ),
        locale,
        shop_name="Another shop",
        tz=UTC,
    )
    assert noisy.text == plain
    assert noisy.card is None
    for secret in ("DHL", "ana.garcia@example.com", "28013", "Another shop"):
        assert secret not in plain
    assert say(ReplyKey.ORDER_NOT_FOUND, locale) == say(
        ReplyKey.ORDER_NOT_FOUND, locale, order_number="  "
    )


@pytest.mark.parametrize("locale", LOCALES)
def test_handoff_waits(locale: str) -> None:
    intro = catalog(locale)["handoff_queued.intro"]
    unknown = say(ReplyKey.HANDOFF_QUEUED, locale)
    assert unknown == f"{intro} {catalog(locale)['handoff_queued.wait_unknown']}"
    assert " 1 " in say(ReplyKey.HANDOFF_QUEUED, locale, wait_minutes=1)
    assert " 5 " in say(ReplyKey.HANDOFF_QUEUED, locale, wait_minutes=5)
    assert say(ReplyKey.HANDOFF_QUEUED, locale, wait_minutes=True) == unknown  # not a number
    assert say(ReplyKey.HANDOFF_QUEUED, locale, wait_minutes=0) == unknown
    offline = say(ReplyKey.HANDOFF_QUEUED, locale, agents_online=False, wait_minutes=5)
    assert offline.endswith(catalog(locale)["handoff_queued.offline"])


def test_handoff_plural() -> None:
    assert say(ReplyKey.HANDOFF_QUEUED, "en", wait_minutes=1).endswith("about 1 minute.")
    assert say(ReplyKey.HANDOFF_QUEUED, "en", wait_minutes=3).endswith("about 3 minutes.")


@pytest.mark.parametrize("locale", ["xx", "", "zh-CN", "EN"])
def test_unknown_locale_falls_back_to_english(locale: str) -> None:
    for key in TEXT_KEYS:
        for variant in _variants(key, "en"):
            params: dict[str, Any] = {"order_number": "A1"}
            if variant is not None:
                template = catalog("en")[f"{key.value}.{variant}"]
                params |= {name: "X" for name in placeholders(template)} | {"variant": variant}
            assert say(key, locale, **params) == say(key, "en", **params)
    order = order_for(OrderStatus.DELIVERED)
    english = compose(Reply(key=ReplyKey.ORDER_STATUS, order=order), "en", shop_name=SHOP)
    assert compose(Reply(key=ReplyKey.ORDER_STATUS, order=order), locale, shop_name=SHOP) == english


def test_regional_locales_use_their_language() -> None:
    assert say(ReplyKey.ANYTHING_ELSE, "es-MX") == say(ReplyKey.ANYTHING_ELSE, "es")
    assert say(ReplyKey.ANYTHING_ELSE, "pt_BR") == say(ReplyKey.ANYTHING_ELSE, "pt")


def test_languages_really_differ() -> None:
    texts = {say(ReplyKey.GREETING, locale) for locale in LOCALES}
    assert len(texts) == len(LOCALES)
