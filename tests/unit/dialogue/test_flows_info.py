"""Policy answers: payments, shipping, refund policy, account help, contact. Pure engine, an
in-memory order source, hand-made NLU results; every reply is also rendered in every locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, time
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from shopdesk.core.nlu import Entity, NLUResult
from shopdesk.core.orders import AddressView, OrderView, ShipmentView, order_number_key
from shopdesk.core.policy import ShopPolicy
from shopdesk.core.replies import Reply, ReplyKey
from shopdesk.core.types import SUPPORTED_LOCALES, OrderStatus
from shopdesk.dialogue.context import TurnContext, TurnResult
from shopdesk.dialogue.countries import find_country
from shopdesk.dialogue.engine import step
from shopdesk.dialogue.flows.contact import opening_hours
from shopdesk.dialogue.state import HANDOFF_OFFER, DialogueState
from shopdesk.dialogue.topics import TOPIC_OF
from shopdesk.policy import parse_policy
from shopdesk.responses import compose

DEMO_POLICY = Path(__file__).parents[3] / "src/shopdesk/store/demo_policy.yml"


class MemoryOrders:
    def __init__(self, *orders: OrderView) -> None:
        self.orders = {order_number_key(o.number): o for o in orders}

    async def get_order(self, number_key: str) -> OrderView | None:
        return self.orders.get(number_key)


def order(number: str, status: OrderStatus, **kw: Any) -> OrderView:
    base: dict[str, Any] = {
        "number": number,
        "status": status,
        "payment_status": "paid",
        "currency": "EUR",
        "total": Decimal("36.00"),
        "placed_at": datetime(2026, 11, 1, tzinfo=UTC),
        "customer_email": "ana@example.com",
        "shipping_address": AddressView(postal_code="28013", country="ES"),
    }
    return OrderView(**(base | kw))


FAILED = order(
    "PF1",
    OrderStatus.PAYMENT_FAILED,
    payment_status="failed",
    payment_failure_reason="Card declined",
)
PAID = order("OK1", OrderStatus.PROCESSING)
PENDING = order("PE1", OrderStatus.PENDING, payment_status="pending")
SHIPPED = order(
    "SH1",
    OrderStatus.SHIPPED,
    shipments=(ShipmentView(status="in_transit", estimated_delivery=date(2026, 11, 5)),),
)
DELIVERED = order(
    "DE1",
    OrderStatus.DELIVERED,
    shipments=(
        ShipmentView(status="delivered", delivered_at=datetime(2026, 11, 4, 15, tzinfo=UTC)),
    ),
)
CANCELLED = order("CA1", OrderStatus.CANCELLED, payment_status="refunded")
US_ORDER = order(
    "US1", OrderStatus.PAID, shipping_address=AddressView(postal_code="10001", country="US")
)
ALL = (FAILED, PAID, PENDING, SHIPPED, DELIVERED, CANCELLED, US_ORDER)


def demo_policy() -> ShopPolicy:
    return parse_policy(yaml.safe_load(DEMO_POLICY.read_text("utf-8")), str(DEMO_POLICY))


def nlu(text: str, intent: str, *entities: Entity) -> NLUResult:
    return NLUResult(
        text=text,
        normalized=text.lower(),
        language="en",
        language_confidence=0.9,
        intent=intent,
        confidence=0.95,
        entities=entities,
    )


def number(value: str) -> Entity:
    return Entity(type="order_number", value=value, raw=value, start=0, end=len(value))


def email(value: str) -> Entity:
    return Entity(type="email", value=value, raw=value, start=10, end=10 + len(value))


def ctx(policy: ShopPolicy | None = None) -> TurnContext:
    return TurnContext(orders=MemoryOrders(*ALL), policy=policy or demo_policy())


def verified(*numbers: str) -> DialogueState:
    keys = tuple(order_number_key(n) for n in numbers)
    return DialogueState(order_number=keys[-1], verified_orders=keys)


def only(result: TurnResult) -> Reply:
    [reply] = result.replies
    return reply


def rendered(reply: Reply) -> dict[str, str]:
    """The reply in every locale (each must render, with nothing left unfilled)."""
    texts = {loc: compose(reply, loc, shop_name="Linden & Clay").text for loc in SUPPORTED_LOCALES}
    for loc, text in texts.items():
        assert "{" not in text and "}" not in text, f"{loc}: {text}"
    return texts


# --- the demo policy ------------------------------------------------------------------------


def test_demo_policy_parses_and_is_complete() -> None:
    policy = demo_policy()
    assert policy.brand.name == "Linden & Clay"
    assert policy.shipping.currency == "EUR"
    assert policy.shipping.regions[0].countries == ("ES", "PT")
    assert policy.shipping.region_for("DE") is not None
    assert policy.shipping.region_for("GB") is not None
    assert policy.shipping.region_for("US") is not None
    assert all(2 <= len(r.options) <= 3 for r in policy.shipping.regions)
    assert policy.business_hours.timezone == "Europe/Madrid"
    assert policy.business_hours.days["sat"] == "10:00-14:00"
    links = policy.links.model_dump()
    assert all(v and v.startswith("https://lindenandclay.example/") for v in links.values())


# --- payments -------------------------------------------------------------------------------


async def test_payment_methods_are_listed_in_the_shoppers_language() -> None:
    result = await step(DialogueState(), nlu("how can I pay?", "check_payment_methods"), ctx())
    reply = only(result)
    assert reply.key is ReplyKey.PAYMENT_HELP and reply.params["variant"] == "methods"
    texts = rendered(reply)
    assert "Visa, Mastercard, American Express, PayPal, Apple Pay" in texts["en"]
    assert "Klarna y Bizum" in texts["es"]


async def test_payment_issue_without_an_order_gives_causes_and_offers_a_check() -> None:
    result = await step(DialogueState(), nlu("my payment failed", "payment_issue"), ctx())
    assert only(result).params["variant"] == "general"
    assert result.state.flow == "payments" and result.state.awaiting == "order_and_email"
    rendered(only(result))
    # The shopper answers with the order and email: the payment of that order is explained.
    answer = nlu("PF1 ana@example.com", "track_order", number("PF1"), email("ana@example.com"))
    checked = await step(result.state, answer, ctx())
    reply = only(checked)
    assert reply.params["variant"] == "failed_reason_link"
    assert reply.params["reason"] == "Card declined"
    assert reply.params["url"] == "https://lindenandclay.example/account/orders"
    assert checked.events == ("verified",) and checked.state.flow is None


async def test_no_thanks_to_the_check_offer_ends_the_flow() -> None:
    offered = await step(DialogueState(), nlu("my payment failed", "payment_issue"), ctx())
    result = await step(offered.state, nlu("no thanks", "deny"), ctx())
    assert only(result).key is ReplyKey.ANYTHING_ELSE and result.state.flow is None


async def test_a_named_order_goes_through_the_gate_first() -> None:
    result = await step(
        DialogueState(), nlu("payment PF1 failed", "payment_issue", number("PF1")), ctx()
    )
    assert only(result).key is ReplyKey.ASK_EMAIL  # nothing about the order yet
    done = await step(
        result.state, nlu("ana@example.com", "track_order", email("ana@example.com")), ctx()
    )
    assert only(done).params["variant"] == "failed_reason_link"


async def test_a_wrong_email_reveals_nothing() -> None:
    asked = await step(
        DialogueState(), nlu("payment PF1 failed", "payment_issue", number("PF1")), ctx()
    )
    wrong = await step(
        asked.state, nlu("x@example.com", "track_order", email("x@example.com")), ctx()
    )
    assert only(wrong).key is ReplyKey.ORDER_NOT_FOUND


@pytest.mark.parametrize(
    ("which", "link", "variant", "offers"),
    [
        (FAILED, True, "failed_reason_link", False),
        (FAILED, False, "failed_reason", True),
        (FAILED.model_copy(update={"payment_failure_reason": None}), True, "failed_link", False),
        (FAILED.model_copy(update={"payment_failure_reason": None}), False, "failed", True),
        (PAID, True, "ok", False),
        (PENDING, True, "pending", False),
        (CANCELLED, True, "refunded", False),
    ],
)
async def test_payment_of_a_verified_order(
    which: OrderView, link: bool, variant: str, offers: bool
) -> None:
    policy = demo_policy()
    if not link:
        policy = policy.model_copy(
            update={"links": policy.links.model_copy(update={"retry_payment": None})}
        )
    context = TurnContext(orders=MemoryOrders(which), policy=policy)
    result = await step(verified(which.number), nlu("my payment?", "payment_issue"), context)
    reply = only(result)
    assert reply.params["variant"] == variant
    assert (result.state.awaiting == HANDOFF_OFFER) is offers
    texts = rendered(reply)
    assert which.number in texts["en"]


async def test_no_methods_in_the_policy_points_at_the_checkout() -> None:
    policy = ShopPolicy.model_validate({"payment": {"methods": []}})
    result = await step(
        DialogueState(), nlu("how can I pay?", "check_payment_methods"), ctx(policy)
    )
    assert "shown at checkout" in rendered(only(result))["en"]


# --- shipping -------------------------------------------------------------------------------


async def test_options_for_a_named_country() -> None:
    result = await step(DialogueState(), nlu("do you ship to Spain?", "delivery_options"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "options" and reply.params["country"].code == "ES"
    texts = rendered(reply)
    # 1-3 days plus 1 day of dispatch; free over 60.
    assert "Standard (2 to 4 business days): €4.95, free on orders over €60.00" in texts["en"]
    assert "Express (2 business days): €9.90" in texts["en"]
    assert "(España)" in texts["es"]


async def test_options_everywhere_when_no_country_is_known() -> None:
    result = await step(DialogueState(), nlu("delivery options?", "delivery_options"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "options_all"
    text = rendered(reply)["en"]
    assert "• Spain and Portugal: Standard" in text and "• Rest of the EU:" in text
    assert "• United States:" in text and "Economy (11 to 16 business days): €14.90" in text


async def test_a_country_the_shop_does_not_serve() -> None:
    result = await step(DialogueState(), nlu("do you ship to Brazil?", "delivery_options"), ctx())
    assert only(result).params["variant"] == "no_delivery"
    assert "(Brazil)" in rendered(only(result))["en"]


async def test_default_policy_has_one_catch_all_region() -> None:
    result = await step(
        DialogueState(), nlu("how long does delivery take?", "delivery_period"), ctx(ShopPolicy())
    )
    reply = only(result)
    assert reply.params["variant"] == "period_everywhere"
    assert "Standard (4 to 8 business days): free" in rendered(reply)["en"]


async def test_options_use_the_verified_orders_country() -> None:
    result = await step(verified("US1"), nlu("shipping options?", "delivery_options"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "options" and reply.params["country"].code == "US"


async def test_a_named_country_wins_over_the_order() -> None:
    result = await step(verified("US1"), nlu("how long to Germany?", "delivery_period"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "period" and reply.params["country"].code == "DE"


@pytest.mark.parametrize(
    ("number_", "variant"),
    [
        ("SH1", "order_eta"),
        ("DE1", "order_delivered"),
        ("OK1", "order_not_shipped"),
        ("CA1", "order_closed"),
    ],
)
async def test_delivery_period_of_a_verified_order(number_: str, variant: str) -> None:
    result = await step(verified(number_), nlu("when will it arrive?", "delivery_period"), ctx())
    reply = only(result)
    assert reply.params["variant"] == variant
    texts = rendered(reply)
    if variant == "order_eta":
        assert "November 5, 2026" in texts["en"]


async def test_shipped_without_an_estimate_gets_the_policy_times() -> None:
    no_eta = SHIPPED.model_copy(update={"shipments": (ShipmentView(status="in_transit"),)})
    context = TurnContext(orders=MemoryOrders(no_eta), policy=demo_policy())
    result = await step(verified("SH1"), nlu("when will it arrive?", "delivery_period"), context)
    assert only(result).params["variant"] == "order_shipped"
    assert "Standard (2 to 4 business days)" in rendered(only(result))["en"]


async def test_delivered_without_a_date() -> None:
    no_date = DELIVERED.model_copy(update={"shipments": ()})
    context = TurnContext(orders=MemoryOrders(no_date), policy=demo_policy())
    result = await step(verified("DE1"), nlu("when will it arrive?", "delivery_period"), context)
    assert only(result).params["variant"] == "order_delivered_no_date"
    rendered(only(result))


async def test_period_for_a_named_order_asks_for_proof_first() -> None:
    asked = await step(
        DialogueState(), nlu("how long will SH1 take", "delivery_period", number("SH1")), ctx()
    )
    assert only(asked).key is ReplyKey.ASK_EMAIL and asked.state.flow == "shipping"
    done = await step(
        asked.state, nlu("ana@example.com", "track_order", email("ana@example.com")), ctx()
    )
    assert only(done).params["variant"] == "order_eta"


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("do you ship to Spain?", "ES"),
        ("¿enviáis a España?", "ES"),
        ("livrez-vous en Espagne ?", "ES"),
        ("liefert ihr nach Spanien?", "ES"),
        ("enviam para Espanha?", "ES"),
        ("spedite in Spagna?", "ES"),
        ("shipping to the UK", "GB"),
        ("envío a Reino Unido", "GB"),
        ("Versand nach Großbritannien", "GB"),
        ("do you deliver to the US?", "US"),
        ("envíos a EE. UU.", "US"),
        ("livraison aux États-Unis", "US"),
        ("consegna negli Stati Uniti", "US"),
        ("Lieferung nach Österreich", "AT"),
        ("to Northern Ireland", "GB"),
        ("entrega nos Países Baixos", "NL"),
        ("can you send it to us quickly?", None),
        ("what are your delivery options?", None),
        ("I live on an island", None),
    ],
)
def test_find_country(text: str, code: str | None) -> None:
    assert find_country(text) == code


# --- refund policy --------------------------------------------------------------------------


async def test_refund_policy_from_the_policy() -> None:
    result = await step(DialogueState(), nlu("refund policy?", "check_refund_policy"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "policy_portal"
    text = rendered(reply)["en"]
    assert "within 30 days of delivery" in text and "prepaid return label" in text
    assert "to your original payment method" in text and "2 to 5 business days" in text
    assert "https://lindenandclay.example/returns" in text


async def test_refund_policy_store_credit_and_paid_label() -> None:
    policy = ShopPolicy.model_validate(
        {"returns": {"window_days": 14, "free_label": False}, "refunds": {"to": "store_credit"}}
    )
    result = await step(DialogueState(), nlu("refund policy?", "check_refund_policy"), ctx(policy))
    reply = only(result)
    assert reply.params["variant"] == "policy"
    text = rendered(reply)["en"]
    assert "within 14 days" in text and "as store credit" in text and "is yours" in text


async def test_no_returns_offers_a_person() -> None:
    policy = ShopPolicy.model_validate({"returns": {"window_days": 0}})
    result = await step(DialogueState(), nlu("refund policy?", "check_refund_policy"), ctx(policy))
    assert only(result).params["variant"] == "none"
    assert result.state.awaiting == HANDOFF_OFFER
    rendered(only(result))


# --- account --------------------------------------------------------------------------------

ACCOUNT_INTENTS = [
    ("recover_password", "password-reset"),
    ("create_account", "register"),
    ("edit_account", "/account"),
    ("switch_account", "/account"),
    ("registration_problems", "register"),
]


@pytest.mark.parametrize(("intent", "path"), ACCOUNT_INTENTS)
async def test_account_help_with_the_shops_link(intent: str, path: str) -> None:
    result = await step(DialogueState(), nlu("account?", intent), ctx())
    reply = only(result)
    assert reply.key is ReplyKey.ACCOUNT_HELP and reply.params["variant"] == intent
    assert path in rendered(reply)["en"]
    offers = intent == "registration_problems"
    assert (result.state.awaiting == HANDOFF_OFFER) is offers


@pytest.mark.parametrize(("intent", "path"), ACCOUNT_INTENTS)
async def test_account_help_without_a_link_offers_a_person(intent: str, path: str) -> None:
    result = await step(DialogueState(), nlu("account?", intent), ctx(ShopPolicy()))
    reply = only(result)
    assert reply.params["variant"] == f"{intent}_no_link"
    assert result.state.awaiting == HANDOFF_OFFER
    assert "https://" not in rendered(reply)["en"]
    yes = await step(result.state, nlu("yes", "affirm"), ctx(ShopPolicy()))
    assert only(yes).key is ReplyKey.HANDOFF_QUEUED


# --- contact --------------------------------------------------------------------------------


async def test_contact_gives_hours_link_and_offers_a_person() -> None:
    result = await step(DialogueState(), nlu("contact?", "contact_customer_service"), ctx())
    reply = only(result)
    assert reply.params["variant"] == "hours_link"
    assert result.state.awaiting == HANDOFF_OFFER
    texts = rendered(reply)
    assert (
        "Monday to Friday, 9:00\u202fAM–6:00\u202fPM and Saturday, 10:00\u202fAM–2:00\u202fPM"
        in (texts["en"].replace(" AM", "\u202fAM").replace(" PM", "\u202fPM"))
    )
    assert "Central European Time" in texts["en"]
    assert "de lunes a viernes, de 9:00 a 18:00 y sábado, de 10:00 a 14:00" in texts["es"]
    assert "Montag bis Freitag von 09:00 bis 18:00 Uhr" in texts["de"]
    assert "https://lindenandclay.example/contact" in texts["en"]


@pytest.mark.parametrize(
    ("data", "variant"),
    [
        ({}, "hours"),
        ({"business_hours": {"days": {}}}, "no_hours"),
        (
            {"business_hours": {"days": {}}, "links": {"contact": "https://x.example/c"}},
            "no_hours_link",
        ),
    ],
)
async def test_contact_variants(data: dict[str, Any], variant: str) -> None:
    policy = ShopPolicy.model_validate(data)
    result = await step(DialogueState(), nlu("contact?", "contact_customer_service"), ctx(policy))
    assert only(result).params["variant"] == variant
    text = rendered(only(result))["en"]
    if variant == "hours":
        assert "(UTC)" in text


def test_opening_hours_group_consecutive_days() -> None:
    hours = opening_hours(demo_policy().business_hours)
    assert hours is not None
    spans = [(s.first_day, s.last_day, s.opens, s.closes) for s in hours.spans]
    assert spans == [(0, 4, time(9), time(18)), (5, 5, time(10), time(14))]


def test_intents_served_here_are_no_longer_topics() -> None:
    served = {
        "check_payment_methods",
        "payment_issue",
        "delivery_options",
        "delivery_period",
        "check_refund_policy",
        "recover_password",
        "create_account",
        "edit_account",
        "switch_account",
        "registration_problems",
        "contact_customer_service",
    }
    assert not served & set(TOPIC_OF)
    assert {"place_order", "product_recommendation"} <= set(TOPIC_OF)
