"""Conversational intents: yes / no / not sure, never mind, "are you a bot?", "say that again",
"answer in Spanish". Pure: hand-made NLU results and an in-memory order source."""

from __future__ import annotations

import pytest
from test_engine import ORDER, ctx, email_entity, nlu, order_entity

from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import SUPPORTED_LOCALES
from shopdesk.dialogue.engine import HANDOFF_OFFER, step
from shopdesk.dialogue.languages import requested_locale
from shopdesk.dialogue.state import DialogueState
from shopdesk.responses.catalog import catalog


def keys(result: object) -> list[ReplyKey]:
    return [r.key for r in result.replies]  # type: ignore[attr-defined]


# --- yes / no / not sure ---------------------------------------------------------------------


@pytest.mark.parametrize("intent", ["affirm", "deny", "unsure"])
async def test_yes_no_unsure_without_a_question_asks_how_to_help(intent: str) -> None:
    state = DialogueState(fallback_count=2)
    result = await step(state, nlu("yes", intent), ctx())
    assert keys(result) == [ReplyKey.HOW_CAN_I_HELP]
    assert result.intent == intent and result.handoff_reason is None
    assert result.state.fallback_count == 0


async def test_topic_offer_waits_for_a_yes_or_no() -> None:
    result = await step(DialogueState(), nlu("I want to place an order", "place_order"), ctx())
    assert keys(result) == [ReplyKey.TOPIC_OFFER]
    assert result.state.awaiting == HANDOFF_OFFER


async def test_yes_to_the_topic_offer_connects_a_person() -> None:
    offered = await step(DialogueState(), nlu("I want to place an order", "place_order"), ctx())
    result = await step(offered.state, nlu("yes please", "affirm"), ctx())
    assert keys(result) == [ReplyKey.HANDOFF_QUEUED]
    assert result.handoff_reason == "customer_request"
    assert result.intent == "contact_human_agent"
    assert result.state.awaiting is None


async def test_no_to_the_topic_offer_asks_for_anything_else() -> None:
    offered = await step(DialogueState(), nlu("how do I place an order", "place_order"), ctx())
    result = await step(offered.state, nlu("no thanks", "deny"), ctx())
    assert keys(result) == [ReplyKey.ANYTHING_ELSE]
    assert result.handoff_reason is None and result.state.awaiting is None


async def test_something_else_after_the_topic_offer_drops_it() -> None:
    offered = await step(DialogueState(), nlu("how do I place an order", "place_order"), ctx())
    moved_on = await step(offered.state, nlu("hello", "greet"), ctx())
    assert keys(moved_on) == [ReplyKey.GREET_BACK] and moved_on.state.awaiting is None
    late_yes = await step(moved_on.state, nlu("yes", "affirm"), ctx())
    assert keys(late_yes) == [ReplyKey.HOW_CAN_I_HELP] and late_yes.handoff_reason is None


async def test_yes_while_asking_for_the_order_stays_in_the_flow() -> None:
    asked = await step(DialogueState(), nlu("where is my order", "track_order"), ctx())
    result = await step(asked.state, nlu("ok sure", "affirm"), ctx())
    assert keys(result) == [ReplyKey.ASK_ORDER_AND_EMAIL]


# --- never mind ------------------------------------------------------------------------------


async def test_nevermind_acknowledges_and_clears_the_pending_lookup() -> None:
    asked = await step(DialogueState(), nlu("HX4417", entities=(order_entity("HX4417"),)), ctx())
    assert asked.state.awaiting == "email"
    result = await step(asked.state, nlu("never mind", "nevermind"), ctx())
    assert keys(result) == [ReplyKey.NEVERMIND_ACK]
    assert result.intent == "nevermind"
    assert result.state.flow is None and result.state.awaiting is None
    assert result.state.order_number is None  # not verified: forgotten


async def test_nevermind_keeps_verified_orders() -> None:
    state = DialogueState(order_number="HX4417", verified_orders=("HX4417",))
    result = await step(state, nlu("forget it", "nevermind"), ctx())
    assert result.state.order_number == "HX4417"
    assert result.state.verified_orders == ("HX4417",)


async def test_nevermind_drops_the_topic_offer() -> None:
    offered = await step(DialogueState(), nlu("cancel my order", "cancel_order"), ctx())
    result = await step(offered.state, nlu("forget it", "nevermind"), ctx())
    assert keys(result) == [ReplyKey.NEVERMIND_ACK] and result.handoff_reason is None
    assert result.state.awaiting is None


# --- are you a bot? --------------------------------------------------------------------------


async def test_bot_challenge_introduces_the_bot() -> None:
    result = await step(DialogueState(), nlu("are you a bot?", "bot_challenge"), ctx())
    assert keys(result) == [ReplyKey.BOT_INFO]
    assert result.intent == "bot_challenge" and result.handoff_reason is None


@pytest.mark.parametrize(
    "text", ["are you a real person?", "eres humano?", "vous êtes humain ?", "bist du ein Mensch?"]
)
async def test_asking_whether_the_bot_is_human_is_not_a_handoff(text: str) -> None:
    result = await step(DialogueState(), nlu(text, "bot_challenge"), ctx())
    assert keys(result) == [ReplyKey.BOT_INFO] and result.handoff_reason is None


async def test_an_unsure_bot_challenge_with_a_human_word_still_hands_off() -> None:
    result = await step(DialogueState(), nlu("real person", "bot_challenge", confidence=0.3), ctx())
    assert result.handoff_reason == "customer_request"


async def test_bot_challenge_during_a_lookup_keeps_the_question_pending() -> None:
    asked = await step(DialogueState(), nlu("where is my order", "track_order"), ctx())
    result = await step(asked.state, nlu("who are you", "bot_challenge"), ctx())
    assert keys(result) == [ReplyKey.BOT_INFO]
    assert result.state.awaiting == "order_and_email"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_bot_info_names_the_shop_and_offers_a_person(locale: str) -> None:
    assert "{shop_name}" in catalog(locale)["bot_info"]


# --- say that again --------------------------------------------------------------------------


async def test_repeat_says_the_last_reply_again() -> None:
    offered = await step(DialogueState(), nlu("I want to place an order", "place_order"), ctx())
    again = await step(offered.state, nlu("what?", "repeat"), ctx())
    assert again.replies == offered.replies
    assert again.intent == "repeat"
    assert again.state.awaiting == HANDOFF_OFFER  # the question is still open
    yes = await step(again.state, nlu("yes", "affirm"), ctx())
    assert yes.handoff_reason == "customer_request"


async def test_repeat_keeps_the_lookup_question_pending() -> None:
    asked = await step(DialogueState(), nlu("HX4417", entities=(order_entity("HX4417"),)), ctx())
    again = await step(asked.state, nlu("say again", "repeat"), ctx())
    assert again.replies == asked.replies
    assert again.state.awaiting == "email" and again.state.order_number == "HX4417"


async def test_repeat_with_nothing_said_yet_says_what_the_bot_does() -> None:
    result = await step(DialogueState(), nlu("repeat please", "repeat"), ctx())
    assert keys(result) == [ReplyKey.HOW_CAN_I_HELP]


async def test_repeat_of_an_order_status_looks_the_order_up_again() -> None:
    message = nlu("x", entities=(order_entity("HX4417"), email_entity("ana@example.com")))
    shown = await step(DialogueState(), message, ctx())
    assert keys(shown) == [ReplyKey.ORDER_STATUS]
    stored = shown.state.last_replies
    assert stored[0].order is None and stored[0].params == {"order_number": "HX4417"}
    context = ctx()
    again = await step(shown.state, nlu("come again?", "repeat"), context)
    assert keys(again) == [ReplyKey.ORDER_STATUS] and again.replies[0].order == ORDER
    assert context.orders.lookups == ["HX4417"]  # type: ignore[attr-defined]


async def test_repeat_never_shows_an_order_that_was_not_verified() -> None:
    forged = DialogueState(
        last_replies=(Reply(key=ReplyKey.ORDER_STATUS, params={"order_number": "HX4417"}),)
    )
    context = ctx()
    result = await step(forged, nlu("repeat", "repeat"), context)
    assert keys(result) == [ReplyKey.HOW_CAN_I_HELP]
    assert context.orders.lookups == []  # type: ignore[attr-defined]


async def test_last_replies_round_trip_through_json() -> None:
    offered = await step(DialogueState(), nlu("I want to place an order", "place_order"), ctx())
    restored = DialogueState.model_validate(offered.state.model_dump(mode="json"))
    assert restored == offered.state
    assert restored.last_replies[0].params == {"topic": "products"}


# --- change language -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "locale"),
    [
        ("answer in Spanish please", "es"),
        ("en español por favor", "es"),
        ("can you speak English?", "en"),
        ("parlez-vous français ?", "fr"),
        ("Auf Deutsch bitte", "de"),
        ("em português, por favor", "pt"),
        ("puoi rispondere in italiano?", "it"),
        ("habla en inglés", "en"),
        ("réponds en anglais", "en"),
        ("antworte auf Englisch", "en"),
        ("responde em inglês", "en"),
        ("rispondi in inglese", "en"),
        ("ich hätte es gern auf Französisch", "fr"),
        ("in deutscher Sprache bitte", "de"),
        ("i don't speak english, spanish please", "es"),
        ("no entiendo el inglés, en español", "es"),
        ("je ne parle pas anglais, en français svp", "fr"),
        ("ich verstehe kein Englisch, lieber Deutsch", "de"),
        ("não falo inglês, português por favor", "pt"),
        ("non parlo inglese, italiano per favore", "it"),
        ("answer in German instead of English", "de"),
        ("en vez de inglés, en alemán", "de"),
        ("passa all'italiano", "it"),
    ],
)
def test_requested_locale(text: str, locale: str) -> None:
    assert requested_locale(text) == locale


@pytest.mark.parametrize(
    "text",
    ["change language", "do you speak chinese?", "¿hablas ruso?", "i don't speak english"],
)
def test_no_supported_language_requested(text: str) -> None:
    assert requested_locale(text) is None


async def test_change_language_switches_and_confirms() -> None:
    message = nlu("answer in Spanish please", "change_language", language="en")
    result = await step(DialogueState(), message, ctx())
    assert keys(result) == [ReplyKey.LANGUAGE_CHANGED]
    assert result.state.locale == "es" and result.state.locale_pinned
    assert result.intent == "change_language"


async def test_chosen_language_is_kept_when_detection_disagrees() -> None:
    message = nlu("responde en inglés, por favor", "change_language", language="es")
    chosen = await step(DialogueState(locale="es"), message, ctx())
    assert chosen.state.locale == "en"
    later = await step(
        chosen.state, nlu("dónde está mi pedido", "track_order", language="es"), ctx()
    )
    assert later.state.locale == "en"


async def test_unpinned_conversation_still_follows_detection() -> None:
    result = await step(DialogueState(locale="en"), nlu("hola", "greet", language="es"), ctx())
    assert result.state.locale == "es"


async def test_unsupported_language_lists_ours() -> None:
    result = await step(DialogueState(), nlu("do you speak chinese", "change_language"), ctx())
    assert keys(result) == [ReplyKey.LANGUAGE_OPTIONS]
    assert result.state.locale == "en" and not result.state.locale_pinned


async def test_change_language_during_a_lookup_asks_again_in_the_new_language() -> None:
    asked = await step(DialogueState(), nlu("where is my order", "track_order"), ctx())
    result = await step(asked.state, nlu("en français svp", "change_language"), ctx())
    assert keys(result) == [ReplyKey.LANGUAGE_CHANGED, ReplyKey.ASK_ORDER_AND_EMAIL]
    assert result.state.locale == "fr" and result.state.awaiting == "order_and_email"


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_language_options_name_all_six(locale: str) -> None:
    text = catalog(locale)["language_options"].lower()
    names = {
        "en": ("english", "spanish", "french", "german", "portuguese", "italian"),
        "es": ("inglés", "español", "francés", "alemán", "portugués", "italiano"),
        "fr": ("anglais", "espagnol", "français", "allemand", "portugais", "italien"),
        "de": ("englisch", "spanisch", "französisch", "deutsch", "portugiesisch", "italienisch"),
        "pt": ("inglês", "espanhol", "francês", "alemão", "português", "italiano"),
        "it": ("inglese", "spagnolo", "francese", "tedesco", "portoghese", "italiano"),
    }[locale]
    assert all(name in text for name in names), text


@pytest.mark.parametrize("locale", SUPPORTED_LOCALES)
def test_language_changed_is_written_in_its_own_language(locale: str) -> None:
    assert requested_locale(catalog(locale)["language_changed"]) == locale
