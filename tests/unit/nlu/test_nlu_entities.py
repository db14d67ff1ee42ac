"""Entity extraction: every order-number form shoppers type, and what must not be one."""

from __future__ import annotations

import pytest

from shopdesk.core.nlu import Entity
from shopdesk.nlu.entities import EntityExtractor

X = EntityExtractor()


def kinds(text: str, kind: str) -> list[Entity]:
    return [e for e in X.extract(text) if e.type == kind]


def order(text: str) -> Entity:
    found = kinds(text, "order_number")
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("where is my order HX4417", "HX4417"),
        ("#hx4417", "HX4417"),
        ("HX-4417 please", "HX4417"),
        ("hx 4417", "HX4417"),
        ("#1001", "1001"),
        ("A1001", "A1001"),
        ("order 4417", "4417"),
        ("order4417", "4417"),
        ("pedido nº 4417", "4417"),
        ("pedido nº4417", "4417"),
        ("encomenda n.º 4417", "4417"),
        ("Bestellnummer: HX4417", "HX4417"),
        ("Bestellung Nr. 4417", "4417"),
        ("ordine n. 4417?", "4417"),
        ("commande SO-123456.", "SO123456"),
        ("ORDER 4417 IS LATE", "4417"),
    ],
)
def test_order_number_forms(text: str, value: str) -> None:
    assert order(text).value == value


@pytest.mark.parametrize(
    ("text", "value", "alternatives"),
    [
        # A common word before the digits is most likely just a word...
        ("my order is 4417", "4417", ("IS4417",)),
        ("mi pedido es el 4417", "4417", ("EL4417",)),
        ("ma commande est 4417", "4417", ("EST4417",)),
        ("meine Bestellung ist 4417", "4417", ("IST4417",)),
        ("o meu pedido é o 4417", "4417", ("O4417",)),
        ("il mio ordine per 4417", "4417", ("PER4417",)),
        ("order nr 4417", "4417", ("NR4417",)),
        ("ordr 4417 pls", "4417", ("ORDR4417",)),
        # ...but glued to them, or hyphenated, it is more likely part of the number.
        ("A1001", "A1001", ("1001",)),
        ("order #A1001?", "A1001", ("1001",)),
        ("DE-4417", "DE4417", ("4417",)),
        # A rare prefix typed apart keeps both readings, the prefixed one first.
        ("hx 4417", "HX4417", ("4417",)),
        ("HX4417", "HX4417", ()),
    ],
)
def test_order_number_readings(text: str, value: str, alternatives: tuple[str, ...]) -> None:
    ent = order(text)
    assert (ent.value, ent.alternatives) == (value, alternatives)


def test_order_number_span_and_raw() -> None:
    text = "hi, where is #hx-4417?"
    ent = order(text)
    assert text[ent.start : ent.end] == ent.raw == "#hx-4417"


@pytest.mark.parametrize(
    "text",
    [
        "it cost €18.00",
        "I paid 1800 EUR",
        "1.299,00 €",
        "total $ 250",
        "paid 35,50 euros",
        "R$ 1500",
        "delivered on 12/05/2024",
        "2024-05-12",
        "12.05.2024",
        "since 2023",
        "ordered on 12 May 2024",
        "el 12 de mayo de 2024",
        "call me on +34 612 345 678",
        "mi móvil es 612 345 678",
        "(555) 123-4567",
        "0034 612345678",
        "write to ana4417@gmail.com",
        "at 14:30",
        "3/4417",
        "I ordered 3 items",
        "a 500g bag",
        "version 2.4417",
    ],
)
def test_no_false_order_numbers(text: str) -> None:
    assert kinds(text, "order_number") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("write to Ana.Garcia@Gmail.com please", "ana.garcia@gmail.com"),
        ("mail: j.smith+shop@outlook.co.uk.", "j.smith+shop@outlook.co.uk"),
    ],
)
def test_email(text: str, value: str) -> None:
    assert [e.value for e in kinds(text, "email")] == [value]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("CP 28001", "28001"),
        ("mi código postal es 28001", "28001"),
        ("PLZ 10115", "10115"),
        ("code postal : 75001", "75001"),
        ("CEP 01310-100", "01310100"),
        ("CAP 20121", "20121"),
        ("my zip is 90210", "90210"),
        ("postcode SW1A 1AA", "SW1A1AA"),
        ("1000-001 Lisboa", "1000001"),
        ("SW1A 1AA", "SW1A1AA"),
        ("London sw1a 1aa", "SW1A1AA"),
        ("1234 AB Amsterdam", "1234AB"),
        ("12345-6789", "123456789"),
        ("K1A 0B6", "K1A0B6"),
    ],
)
def test_postal_codes(text: str, value: str) -> None:
    assert [e.value for e in kinds(text, "postal_code")] == [value]
    # With a hint word or an unambiguous shape it is no order number.
    assert kinds(text, "order_number") == []


def test_five_digits_are_order_number_and_postal_code_over_the_same_span() -> None:
    ents = X.extract("10115")
    assert sorted((e.type, e.value, e.start, e.end) for e in ents) == [
        ("order_number", "10115", 0, 5),
        ("postal_code", "10115", 0, 5),
    ]


def test_hash_or_prefix_makes_five_digits_an_order_number_only() -> None:
    assert kinds("#10115", "postal_code") == []
    assert kinds("HX10115", "postal_code") == []


def test_dutch_postcode_needs_capitals_and_not_a_word() -> None:
    assert kinds("ORDER 4417 IS LATE", "postal_code") == []
    assert kinds("4417 is late", "postal_code") == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("call +34 612 345 678", "+34612345678"),
        ("0034 612345678", "+34612345678"),
        ("my number is 612 345 678", "612345678"),
        ("(555) 123-4567", "5551234567"),
        ("+44 20 7946 0958", "+442079460958"),
    ],
)
def test_phone(text: str, value: str) -> None:
    assert [e.value for e in kinds(text, "phone")] == [value]


def test_several_entities_sorted_by_position() -> None:
    ents = X.extract("order HX4417, email ana@x.com, phone +33 6 12 34 56 78")
    assert [e.type for e in ents] == ["order_number", "email", "phone"]


def test_custom_pattern() -> None:
    shop = EntityExtractor(r"SO-?\d{6}")
    assert [e.value for e in shop.extract("my order so-123456 and 4417")] == []
    assert [e.value for e in shop.extract("my order SO-123456 and 4417")] == ["SO123456"]


@pytest.mark.parametrize(
    "text", ["", " ", "#", "####", "1" * 5000, "a1" * 1000, "@@@.@", "+" * 50, "\x00\ud800"]
)
def test_odd_input_does_not_raise(text: str) -> None:
    X.extract(text)


def test_default_pattern_is_the_settings_default() -> None:
    # nlu may not import settings, so it keeps a copy; this keeps the two in step.
    from shopdesk.nlu.entities import DEFAULT_ORDER_NUMBER_PATTERN
    from shopdesk.settings import DEFAULT_ORDER_NUMBER_PATTERN as SETTINGS_DEFAULT

    assert DEFAULT_ORDER_NUMBER_PATTERN == SETTINGS_DEFAULT


def values(text: str, kind: str) -> list[str]:
    return [e.value for e in kinds(text, kind)]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        # Carrier shapes need no hint word.
        ("where is 1Z999AA10123456784?", "1Z999AA10123456784"),
        ("rr123456785gb", "RR123456785GB"),  # S10, check digit 5
        ("RR 123 456 785 GB", "RR123456785GB"),
        ("9400111899223100012345", "9400111899223100012345"),  # USPS
        ("9400 1118 9922 3100 0123 45", "9400111899223100012345"),
        ("123456789012345", "123456789012345"),  # FedEx 15
        ("JJD000390007827469", "JJD000390007827469"),  # DHL
        ("PQ4F6P0703673180108021B", "PQ4F6P0703673180108021B"),  # Correos
        # Hint words in the six languages make shorter numbers tracking numbers.
        ("my tracking number is 1234567890", "1234567890"),  # DHL 10
        ("tracking: 1Z 999 AA1 01 2345 6784", "1Z999AA10123456784"),
        ("mi número de seguimiento es el 123456789012", "123456789012"),  # FedEx 12
        ("numéro de suivi : 12345678901", "12345678901"),  # GLS
        ("Meine Sendungsnummer lautet 00340434161234567890", "00340434161234567890"),
        ("o código de rastreio é LX123456785BR", "LX123456785BR"),
        ("il codice di tracciamento è 12345678901", "12345678901"),
        ("Trackingnummer ZK7D1F2A9", "ZK7D1F2A9"),
    ],
)
def test_tracking_numbers(text: str, value: str) -> None:
    assert values(text, "tracking_number") == [value]
    assert kinds(text, "order_number") == []
    assert kinds(text, "phone") == []


@pytest.mark.parametrize(
    ("text", "order_value"),
    [
        ("order 1234567890", "1234567890"),  # shaped like a DHL number, but no hint: an order
        ("tracking of my order 4417", "4417"),
        ("el seguimiento de mi pedido 4417", "4417"),
        ("le suivi de la commande HX4417", "HX4417"),
        ("Sendungsverfolgung für Bestellung 4417", "4417"),
        ("rastreio da encomenda 4417", "4417"),
        ("il numero di tracking del mio ordine 1002", "1002"),
        ("tracking HX4417", "HX4417"),  # too short for a tracking number
    ],
)
def test_tracking_words_do_not_steal_order_numbers(text: str, order_value: str) -> None:
    assert kinds(text, "tracking_number") == []
    assert order(text).value == order_value


def test_invalid_s10_check_digit_is_no_tracking_number() -> None:
    assert kinds("RR123456784GB", "tracking_number") == []


def test_shop_pattern_keeps_its_long_order_numbers() -> None:
    shop = EntityExtractor(r"\d{14}")
    assert [(e.type, e.value) for e in shop.extract("12345678901234")] == [
        ("order_number", "12345678901234")
    ]
    found = shop.extract("tracking 12345678901234")
    assert [(e.type, e.value) for e in found] == [("tracking_number", "12345678901234")]


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("I paid €49.90", "49.90 EUR"),
        ("$1,499 for a sofa", "1499.00 USD"),
        ("refund of 1200 dollars", "1200.00 USD"),
        ("£15 shipping", "15.00 GBP"),
        ("me cobraron 49,90 €", "49.90 EUR"),
        ("pagué 1.499,00 EUR", "1499.00 EUR"),
        ("son 30 euros", "30.00 EUR"),
        ("j'ai payé 1 499,00 €", "1499.00 EUR"),
        ("ça coûte CHF 20", "20.00 CHF"),
        ("ich habe 30 Euro bezahlt", "30.00 EUR"),
        ("20 Franken zu viel", "20.00 CHF"),
        ("paguei R$ 50", "50.00 BRL"),
        ("custou 120 reais", "120.00 BRL"),
        ("ho pagato 40 euro", "40.00 EUR"),
        ("sono 12,5 €", "12.50 EUR"),
        ("US$ 12.5", "12.50 USD"),
        ("¥500", "500.00 JPY"),
    ],
)
def test_money(text: str, value: str) -> None:
    assert values(text, "money") == [value]
    assert kinds(text, "order_number") == []


def test_pesos_name_several_currencies() -> None:
    (ent,) = kinds("me cobraron 200 pesos", "money")
    assert ent.value == "200.00 MXN"
    assert ent.alternatives == ("200.00 ARS", "200.00 COP", "200.00 CLP")
    assert ent.raw == "200 pesos"


@pytest.mark.parametrize("text", ["I ordered 3 items", "a 500g bag", "order 4417", "size 42"])
def test_no_money_without_a_currency(text: str) -> None:
    assert kinds(text, "money") == []


def test_dates_are_claimed_but_left_to_the_date_extractor() -> None:
    assert X.extract("delivered 12.05.2024") == []
