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
