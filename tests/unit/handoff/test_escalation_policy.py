"""The escalation policy: every trigger, six languages, and ordinary sentences left alone."""

from __future__ import annotations

import pytest

from shopdesk.core.nlu import Entity, NLUResult
from shopdesk.dialogue.escalation import (
    CustomerFacts,
    EscalationPolicy,
    History,
    Reason,
    decide,
    keyword_reason,
    observe,
    offered,
)

POLICY = EscalationPolicy()
NOBODY = CustomerFacts()
VIP = CustomerFacts(vip=True)


def nlu(
    text: str,
    *,
    intent: str = "track_order",
    confidence: float = 0.9,
    sentiment: float = 0.0,
    entities: tuple[Entity, ...] = (),
) -> NLUResult:
    return NLUResult(
        text=text,
        normalized=text.lower(),
        language="en",
        intent=intent,
        confidence=confidence,
        sentiment=sentiment,
        entities=entities,
    )


LEGAL = {
    "en": "I will contact my lawyer about this",
    "es": "Voy a hablar con mi abogado",
    "fr": "Je vais porter plainte contre vous",
    "de": "Ich schalte meinen Anwalt ein",
    "pt": "Vou falar com o meu advogado",
    "it": "Mi rivolgerò a un avvocato",
}
FRAUD = {
    "en": "this is a scam",
    "es": "esto es una estafa",
    "fr": "c'est une arnaque",
    "de": "das ist Betrug",
    "pt": "isso é uma fraude",
    "it": "questa è una truffa",
}
CHARGEBACK = ["I'll do a chargeback", "Haré un contracargo", "Ich mache eine Rückbuchung"]
SAFETY = {
    "en": "the charger caught fire",
    "es": "el cargador provocó un incendio",
    "fr": "le chargeur a pris feu",
    "de": "mein Kind wurde verletzt",
    "pt": "o carregador pegou fogo",
    "it": "il caricatore ha preso fuoco",
}
ORDINARY = [
    "my order was stolen from the porch?",  # a theft report: offered, never transferred
    "I have an issue with my order",
    "what is your return policy?",
    "can I pay with a card?",
    "is the suede jacket in stock?",
    "do you sell court shoes?",
    "what brand is this charger?",
    "I need to process a return",
    "quero processar a devolução",
    "Ich möchte die Anzeige im Newsletter nicht mehr sehen",
    "vorrei lo storno del pagamento doppio",
    "Sue ordered it for me",
    "the packaging says do not puncture",
]


@pytest.mark.parametrize("locale", list(LEGAL))
def test_legal_threats_transfer_in_every_language(locale: str) -> None:
    decision = decide(nlu(LEGAL[locale]), History(), NOBODY, POLICY)
    assert (decision.action, decision.reason) == ("transfer", Reason.LEGAL)
    assert decision.priority == 90


@pytest.mark.parametrize("locale", list(FRAUD))
def test_fraud_words_transfer_in_every_language(locale: str) -> None:
    decision = decide(nlu(FRAUD[locale]), History(), NOBODY, POLICY)
    assert (decision.action, decision.reason) == ("transfer", Reason.FRAUD)


@pytest.mark.parametrize("text", CHARGEBACK)
def test_chargeback_is_a_legal_matter(text: str) -> None:
    assert keyword_reason(text) == Reason.LEGAL


@pytest.mark.parametrize("locale", list(SAFETY))
def test_safety_comes_first(locale: str) -> None:
    decision = decide(nlu(SAFETY[locale] + " lawyer"), History(), NOBODY, POLICY)
    assert (decision.action, decision.reason) == ("transfer", Reason.SAFETY)


def test_words_match_without_accents_or_case() -> None:
    assert keyword_reason("POLICÍA") == Reason.LEGAL
    assert keyword_reason("policia") == Reason.LEGAL
    assert keyword_reason("Rückbuchung!") == Reason.LEGAL
    assert keyword_reason("RUCKBUCHUNG") == Reason.LEGAL


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_shop_sentences_are_not_transferred(text: str) -> None:
    decision = decide(nlu(text), History(), NOBODY, POLICY)
    assert decision.action != "transfer", decision


def test_a_stolen_parcel_is_offered_a_person_and_a_stolen_card_is_fraud() -> None:
    parcel = decide(nlu("my order was stolen from the porch?"), History(), NOBODY, POLICY)
    assert (parcel.action, parcel.reason) == ("offer", Reason.THEFT)
    card = decide(nlu("my credit card was stolen and used here"), History(), NOBODY, POLICY)
    assert (card.action, card.reason) == ("transfer", Reason.FRAUD)
    assert decide(nlu("mi paquete fue robado"), History(), NOBODY, POLICY).action == "offer"


def test_keywords_can_be_switched_off() -> None:
    quiet = EscalationPolicy(keywords=False)
    assert decide(nlu(LEGAL["en"]), History(), NOBODY, quiet).action == "none"


def test_anger_transfers_and_mild_negativity_offers() -> None:
    furious = decide(nlu("where is it", sentiment=-0.9), History(), NOBODY, POLICY)
    assert (furious.action, furious.reason) == ("transfer", Reason.ANGER)
    upset = decide(nlu("where is it", sentiment=-0.55), History(), NOBODY, POLICY)
    assert (upset.action, upset.reason) == ("offer", Reason.NEGATIVE)
    calm = decide(nlu("where is it", sentiment=-0.2), History(), NOBODY, POLICY)
    assert calm.action == "none"


def test_a_falling_trend_offers_a_person() -> None:
    history = History(sentiments=(-0.2, -0.3))
    decision = decide(nlu("still nothing", sentiment=-0.45), history, NOBODY, POLICY)
    assert (decision.action, decision.reason) == ("offer", Reason.TREND)
    # The same level, but getting better: no offer.
    rising = History(sentiments=(-0.45, -0.4))
    assert decide(nlu("ok", sentiment=-0.2), rising, NOBODY, POLICY).action == "none"


def test_vip_customers_escalate_sooner_and_higher() -> None:
    message = nlu("this is taking long", sentiment=-0.6)
    ordinary = decide(message, History(), NOBODY, POLICY)
    vip = decide(message, History(), VIP, POLICY)
    assert ordinary.action == "offer"
    assert vip.action == "transfer" and vip.priority > ordinary.priority
    # A threshold an ordinary customer does not reach: -0.35 <= negative + vip_margin.
    assert decide(nlu("hmm", sentiment=-0.35), History(), VIP, POLICY).action == "transfer"
    assert decide(nlu("hmm", sentiment=-0.35), History(), NOBODY, POLICY).action == "none"


def test_explicit_requests_transfer() -> None:
    by_intent = nlu("can I speak to someone", intent="contact_human_agent")
    assert decide(by_intent, History(), NOBODY, POLICY).reason == Reason.REQUEST
    by_word = nlu("humano", intent="nlu_fallback", confidence=0.2)
    assert decide(by_word, History(), NOBODY, POLICY).reason == Reason.REQUEST


def test_the_same_question_three_times_offers_a_person() -> None:
    history = History()
    for _ in range(2):
        message = nlu("Where is my parcel?")
        assert decide(message, history, NOBODY, POLICY).action == "none"
        history = observe(history, message, POLICY)
    third = decide(nlu("where is my parcel"), history, NOBODY, POLICY)
    assert (third.action, third.reason) == ("offer", Reason.REPEATED_QUESTION)


def test_repeated_fallbacks_offer_a_person() -> None:
    message = nlu("blorp", intent="nlu_fallback", confidence=0.9)
    decision = decide(message, History(), NOBODY, POLICY, fallback_count=3)
    assert (decision.action, decision.reason) == ("offer", Reason.REPEATED_FALLBACK)


def test_low_confidence_twice_in_a_row() -> None:
    unsure = nlu("the thing with the stuff", confidence=0.2)
    first = decide(unsure, History(), NOBODY, POLICY)
    assert first.action == "none"
    history = observe(History(), unsure, POLICY)
    second = decide(unsure, history, NOBODY, POLICY)
    assert (second.action, second.reason) == ("offer", Reason.LOW_CONFIDENCE)
    # An answer to the bot's question, or a message with an order number, does not count.
    answer = nlu("HX4417", confidence=0.1)
    assert decide(answer, history, NOBODY, POLICY, expecting_answer=True).action == "none"
    number = Entity(type="order_number", value="4417", raw="4417", start=0, end=4)
    with_number = nlu("4417", confidence=0.1, entities=(number,))
    assert decide(with_number, history, NOBODY, POLICY).action == "none"
    # A confident message in between resets the streak.
    reset = observe(history, nlu("track my order", confidence=0.9), POLICY)
    assert decide(unsure, reset, NOBODY, POLICY).action == "none"


def test_long_conversations_are_offered_once() -> None:
    history = History(turns=POLICY.long_conversation_turns - 1)
    decision = decide(nlu("and another thing"), history, NOBODY, POLICY)
    assert (decision.action, decision.reason) == ("offer", Reason.LONG)
    asked = offered(history, Reason.LONG)
    assert decide(nlu("and another thing"), asked, NOBODY, POLICY).action == "none"


def test_an_offer_already_made_is_not_repeated_but_a_transfer_still_happens() -> None:
    history = offered(History(), Reason.NEGATIVE)
    assert decide(nlu("meh", sentiment=-0.6), history, NOBODY, POLICY).action == "none"
    assert decide(nlu("meh", sentiment=-0.95), history, NOBODY, POLICY).action == "transfer"


def test_the_highest_priority_reason_wins() -> None:
    message = nlu("I want a human, I'm calling my lawyer", sentiment=-0.9)
    assert decide(message, History(), NOBODY, POLICY).reason == Reason.LEGAL


def test_history_round_trips_through_json_and_forgets_garbage() -> None:
    history = observe(offered(History(), Reason.LONG), nlu("hello there", sentiment=-0.3), POLICY)
    assert History.from_json(history.to_json()) == history
    assert History.from_json({"turns": "many"}) == History()
    assert History.from_json(None) == History()


def test_history_keeps_only_the_last_few_messages() -> None:
    history = History()
    for i in range(20):
        history = observe(history, nlu(f"message {i}"), POLICY)
    assert len(history.texts) == History.KEEP and history.turns == 20


def test_a_cool_goodbye_or_thanks_is_not_offered_a_person() -> None:
    for intent in ("goodbye", "thank_you", "greet"):
        message = nlu("tchau", intent=intent, confidence=1.0, sentiment=-0.6)
        assert decide(message, History(), NOBODY, POLICY).action == "none", intent
    furious = nlu("bye, worst shop ever", intent="goodbye", confidence=1.0, sentiment=-0.95)
    assert decide(furious, History(), NOBODY, POLICY).reason == Reason.ANGER
