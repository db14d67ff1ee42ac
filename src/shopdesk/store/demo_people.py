"""Demo customers: names, e-mails, phones and addresses that match their country."""

from __future__ import annotations

import random
import string
import unicodedata
from dataclasses import dataclass
from typing import Any

from shopdesk.store.demo_data import COUNTRIES, PINNED_CUSTOMERS, Country, PinnedCustomer

CUSTOMER_COUNT = 50
_POSTCODE_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"  # letters the UK inward code uses
_GERMAN = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


@dataclass(frozen=True)
class Person:
    name: str
    email: str
    phone: str
    country: Country
    city: str
    region: str | None
    postal_code: str
    line1: str
    line2: str | None
    vip: bool
    newsletter: bool

    @property
    def first_name(self) -> str:
        return self.name.split()[0]

    def address(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "line1": self.line1,
            "line2": self.line2,
            "city": self.city,
            "region": self.region,
            "postal_code": self.postal_code,
            "country": self.country.code,
        }

    def record(self) -> dict[str, Any]:
        """The customer as the import format writes it; country and newsletter are extra fields."""
        return {
            "email": self.email,
            "name": self.name,
            "phone": self.phone,
            "locale": self.country.locale,
            "postal_code": self.postal_code,
            "vip": self.vip,
            "country": self.country.code,
            "newsletter": self.newsletter,
        }


def _digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice(string.digits) for _ in range(count))


def _phone(rng: random.Random, code: str) -> str:
    # UK and French numbers use the ranges their regulators reserve for fiction.
    if code == "GB":
        return f"+44 7700 900{_digits(rng, 3)}"
    if code == "FR":
        return f"+33 6 39 98 {_digits(rng, 2)} {_digits(rng, 2)}"
    if code == "ES":
        return f"+34 6{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 3)}"
    if code == "DE":
        return f"+49 15{rng.choice('1279')} {_digits(rng, 8)}"
    if code == "PT":
        return f"+351 9{rng.choice('1236')}{_digits(rng, 1)} {_digits(rng, 3)} {_digits(rng, 3)}"
    return f"+39 3{_digits(rng, 2)} {_digits(rng, 3)} {_digits(rng, 4)}"


def _postal_code(rng: random.Random, country: Country, codes: tuple[str, ...]) -> str:
    code = rng.choice(codes)
    if country.code == "GB":  # outward code from the list, random inward code
        letters = "".join(rng.choice(_POSTCODE_LETTERS) for _ in range(2))
        return f"{code} {rng.randint(1, 9)}{letters}"
    if country.code == "PT":  # NNNN-NNN
        return f"{code}-{_digits(rng, 3)}"
    return code


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text.lower().translate(_GERMAN))
    return "".join(ch for ch in folded if ch in string.ascii_lowercase)


def _email(rng: random.Random, first: str, last: str, taken: set[str]) -> str:
    first, last = _ascii(first), _ascii(last)
    domain = rng.choice(("example.com", "example.org"))
    for local in (f"{first}.{last}", f"{first}{last}", f"{first[0]}.{last}", f"{first}_{last}"):
        email = f"{local}@{domain}"
        if email not in taken:
            return email
    return f"{first}.{last}{rng.randint(10, 99)}@{domain}"


def _pinned(rng: random.Random, spec: PinnedCustomer) -> Person:
    country = COUNTRIES[spec.locale]
    return Person(
        name=spec.name,
        email=spec.email,
        phone=_phone(rng, country.code),
        country=country,
        city=spec.city,
        region=country.cities[spec.city][0],
        postal_code=spec.postal_code,
        line1=spec.street,
        line2=None,
        vip=spec.email.startswith("ana."),
        newsletter=True,
    )


def _random_person(rng: random.Random, country: Country, taken: set[str]) -> Person:
    first = rng.choice(country.first_names)
    last = rng.choice(country.last_names)
    surname = f"{last} {rng.choice(country.last_names)}" if country.code == "ES" else last
    city = rng.choice(sorted(country.cities))
    region, codes = country.cities[city]
    line1 = country.address_format.format(
        street=rng.choice(country.streets), number=rng.randint(1, 180)
    )
    return Person(
        name=f"{first} {surname}",
        email=_email(rng, first, last, taken),
        phone=_phone(rng, country.code),
        country=country,
        city=city,
        region=region,
        postal_code=_postal_code(rng, country, codes),
        line1=line1,
        line2=rng.choice(country.line2_options) if rng.random() < 0.35 else None,
        vip=rng.random() < 0.1,
        newsletter=rng.random() < 0.6,
    )


def make_people(rng: random.Random) -> list[Person]:
    """The pinned customers first, then others spread evenly over the six locales."""
    people = [_pinned(rng, spec) for spec in PINNED_CUSTOMERS]
    taken = {p.email for p in people}
    locales = list(COUNTRIES)
    for index in range(CUSTOMER_COUNT - len(people)):
        person = _random_person(rng, COUNTRIES[locales[index % len(locales)]], taken)
        taken.add(person.email)
        people.append(person)
    return people
