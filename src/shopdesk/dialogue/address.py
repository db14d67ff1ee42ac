"""Reading a postal address typed in chat: "Calle Mayor 1, 2º B, 28013 Madrid, España".

Pure and forgiving about layout (commas, new lines, semicolons), strict about what a courier
needs: a street line, a postal code and a city. What is missing is reported, so the bot can ask
for exactly that; nothing is guessed. The country is read from a name or code at the end, else
kept from the order's current address.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Final

from shopdesk.core.orders import AddressView

# Names shoppers write for the countries a European or American shop ships to most, in the six
# languages, folded (lower case, no accents). Two-letter codes are accepted too.
_COUNTRIES: Final[dict[str, str]] = {
    name: code
    for code, names in {
        "ES": "spain espana espagne spanien espanha spagna",
        "PT": "portugal portogallo",
        "FR": "france francia frankreich franca",
        "DE": "germany alemania allemagne deutschland alemanha germania",
        "IT": "italy italia italie italien",
        "GB": "uk gb united-kingdom great-britain england reino-unido royaume-uni grossbritannien",
        "IE": "ireland irlanda irlande irland",
        "NL": "netherlands holland paises-bajos pays-bas niederlande holanda paesi-bassi",
        "BE": "belgium belgica belgique belgien belgio",
        "AT": "austria autriche osterreich",
        "CH": "switzerland suiza suisse schweiz suica svizzera",
        "US": "usa us united-states estados-unidos etats-unis vereinigte-staaten stati-uniti",
        "CA": "canada kanada",
        "MX": "mexico mexique",
        "BR": "brazil brasil bresil brasilien",
        "PL": "poland polonia pologne polen",
        "SE": "sweden suecia suede schweden svezia",
        "DK": "denmark dinamarca danemark danemark danimarca",
    }.items()
    for name in names.split()
}
# A postal code: 4-5 digits (ES, FR, DE, IT, US...), PT "1000-001", NL "1011 AB", UK "SW1A 1AA",
# CA "K1A 0B1". A bare four-digit number counts only beside a city.
_POSTAL: Final = re.compile(
    r"\b(?:\d{4}-\d{3}|\d{4}\s?[A-Z]{2}|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d"
    r"|\d{5}(?:-\d{4})?|\d{4})\b",
    re.IGNORECASE,
)
_HAS_DIGIT: Final = re.compile(r"\d")
_LEAD_IN: Final = re.compile(
    r"^(?:(?:the\s+)?new\s+address(?:\s+is)?|it'?s|la\s+nueva\s+(?:direcci[oó]n\s+)?es|"
    r"nueva\s+direcci[oó]n|la\s+nouvelle\s+adresse\s+est|nouvelle\s+adresse|"
    r"die\s+neue\s+adresse\s+(?:ist|lautet)|neue\s+adresse|a\s+nova\s+morada\s+[ée]|"
    r"nova\s+morada|il\s+nuovo\s+indirizzo\s+[èe]|nuovo\s+indirizzo)\s*[:,\-]?\s*",
    re.IGNORECASE,
)


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[\s.]+", "-", plain.strip(" .")).strip("-")


def country_code(text: str) -> str | None:
    """ISO code of a country name or code in any of the six languages, else None."""
    folded = _fold(text)
    if folded.upper() in _COUNTRIES.values() and len(folded) == 2:
        return folded.upper()
    return _COUNTRIES.get(folded)


def parse_address(
    text: str, *, current: AddressView | None = None
) -> tuple[AddressView, list[str]]:
    """The address in ``text`` and what is missing from it ("street", "postal_code", "city")."""
    body = _LEAD_IN.sub("", text.strip())
    # A part with an e-mail in it ("my email is ana@...") is the proof of identity, not address.
    parts = [p.strip(" .") for p in re.split(r"[,;\n]+", body) if p.strip(" .") and "@" not in p]
    country = current.country if current else None
    if parts and (code := country_code(parts[-1])) is not None:
        country = code
        parts.pop()
    street: str | None = None
    postal: str | None = None
    city: str | None = None
    extra: list[str] = []
    for index, part in enumerate(parts):
        match = _POSTAL.search(part) if postal is None else None
        # The first of several parts is the street: "1600 Amsterdam Ave" starts with a number.
        first_of_many = index == 0 and len(parts) > 1
        if (
            match
            and not first_of_many
            and (street is not None or len(parts) == 1 or not _street_like(part))
        ):
            postal = match.group().upper()
            rest = (part[: match.start()] + part[match.end() :]).strip(" -")
            if rest and city is None:
                city = rest
            continue
        if (street is None and _HAS_DIGIT.search(part)) or street is None:
            street = part
        elif city is None and postal is not None:
            city = part
        else:
            extra.append(part)
    if city is None and extra:
        city = extra.pop()
    address = AddressView(
        name=current.name if current else None,
        line1=street,
        line2=", ".join(extra) or None,
        city=city,
        postal_code=postal,
        country=country,
    )
    missing = [
        label
        for label, value in (("street", street), ("postal_code", postal), ("city", city))
        if not value
    ]
    return address, missing


def _street_like(part: str) -> bool:
    """A part with letters and a house number ("Calle Mayor 1"), not "28013 Madrid"."""
    words = part.split()
    return len(words) >= 2 and not _POSTAL.fullmatch(words[0])


def one_line(address: AddressView) -> str:
    """The address read back on one line, as a courier label would print it."""
    place = " ".join(p for p in (address.postal_code, address.city) if p)
    return ", ".join(p for p in (address.line1, address.line2, place, address.country) if p)
