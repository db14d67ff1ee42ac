"""Reading addresses typed in chat, in the six languages' usual layouts."""

from __future__ import annotations

import pytest

from shopdesk.core.orders import AddressView
from shopdesk.dialogue.address import country_code, one_line, parse_address


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("Calle Mayor 1, 2º B, 28013 Madrid, España", "Calle Mayor 1, 2º B, 28013 Madrid, ES"),
        ("221B Baker Street, London NW1 6XE, UK", "221B Baker Street, NW1 6XE London, GB"),
        ("new address: Hauptstraße 5, 10115 Berlin", "Hauptstraße 5, 10115 Berlin"),
        ("Rua Augusta 20, 1100-053 Lisboa, Portugal", "Rua Augusta 20, 1100-053 Lisboa, PT"),
        ("Via Roma 10\n00184 Roma\nItalia", "Via Roma 10, 00184 Roma, IT"),
        ("12 rue de la Paix; 75002 Paris; France", "12 rue de la Paix, 75002 Paris, FR"),
        ("Kalverstraat 1, 1012 NX Amsterdam, Netherlands", "Kalverstraat 1, 1012 NX Amsterdam, NL"),
        ("la nueva dirección es Calle Luna 3, 41001 Sevilla", "Calle Luna 3, 41001 Sevilla"),
    ],
)
def test_complete_addresses(text: str, line: str) -> None:
    address, missing = parse_address(text)
    assert missing == [] and one_line(address) == line


def test_missing_parts_are_named_not_guessed() -> None:
    assert parse_address("Main Street 5")[1] == ["postal_code", "city"]
    assert parse_address("28013 Madrid")[1] == ["street"]
    assert parse_address("")[1] == ["street", "postal_code", "city"]


def test_country_and_name_are_kept_from_the_current_address() -> None:
    current = AddressView(name="Ana Ruiz", country="ES", city="Madrid")
    address, _ = parse_address("Calle Luna 3, 41001 Sevilla", current=current)
    assert (address.name, address.country, address.city) == ("Ana Ruiz", "ES", "Sevilla")


def test_an_email_in_the_message_is_not_part_of_the_address() -> None:
    address, missing = parse_address("Calle Luna 3, 41001 Sevilla, my email is ana@example.com")
    assert missing == [] and "@" not in one_line(address)


@pytest.mark.parametrize(
    ("name", "code"),
    [
        ("Spanien", "ES"),
        ("États-Unis", "US"),
        ("reino unido", "GB"),
        ("de", "DE"),
        ("Narnia", None),
    ],
)
def test_country_names(name: str, code: str | None) -> None:
    assert country_code(name) == code
