"""Amounts of money: "€49.90", "49,90 €", "$1,499", "1.499,00 EUR", "30 euros", "R$ 50".

The value is the amount with a dot decimal and two decimals, then the ISO currency code:
"49.90 EUR". Both decimal conventions are read: a last separator followed by one or two digits
is the decimal point, one followed by three digits groups thousands ("1,499" and "1.499" are
both 1499; nobody writes prices to the tenth of a cent).
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation
from typing import Final

_AMOUNT: Final = r"\d{1,3}(?:[.,\s]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?"
_CODES: Final = "EUR|USD|GBP|BRL|CHF|MXN|CAD|AUD|JPY|ARS|COP|CLP"
_WORDS: Final = (
    r"euros?|eur|usd|dollars?|d[oó]lares|dollari|pounds?|libras?|sterline|reais|real|gbp|chf"
    r"|francs?|franken|franchi|pesos?|brl|bucks"
)
MONEY: Final = re.compile(
    rf"(?P<pre>[€$£¥₹]|R\$|US\$|(?<![A-Za-z])(?:{_CODES})(?![A-Za-z]))"
    rf"\s?(?P<a1>{_AMOUNT})"
    rf"|(?<![\w.,])(?P<a2>{_AMOUNT})\s?"
    rf"(?P<post>[€$£]|(?:{_WORDS}|{_CODES})(?![A-Za-z]))",
    re.IGNORECASE,
)
_SYMBOLS: Final = {"€": "EUR", "$": "USD", "£": "GBP", "¥": "JPY", "₹": "INR", "r$": "BRL"}
_SYMBOLS["us$"] = "USD"
_BY_WORD: Final = {
    "euro": "EUR",
    "dollar": "USD",
    "dolares": "USD",
    "dólares": "USD",
    "dollari": "USD",
    "buck": "USD",
    "pound": "GBP",
    "libra": "GBP",
    "sterline": "GBP",
    "reais": "BRL",
    "real": "BRL",
    "franc": "CHF",
    "franken": "CHF",
    "franchi": "CHF",
    "peso": "MXN",
}
# "pesos" name several currencies; Mexico's is the likeliest for a shop selling in Spanish.
_OTHER_PESOS: Final = ("ARS", "COP", "CLP")


def money_value(m: re.Match[str]) -> tuple[str, tuple[str, ...]] | None:
    """("49.90 EUR", alternatives) for a match of :data:`MONEY`, None if the amount is odd."""
    amount = _amount(m.group("a1") or m.group("a2"))
    if amount is None:
        return None
    currency, alternatives = _currency((m.group("pre") or m.group("post")).lower())
    return f"{amount} {currency}", tuple(f"{amount} {c}" for c in alternatives)


def _currency(word: str) -> tuple[str, tuple[str, ...]]:
    if word in _SYMBOLS:
        return _SYMBOLS[word], ()
    if len(word) == 3 and word.upper() in _CODES.split("|"):
        return word.upper(), ()
    stem = word if word in _BY_WORD else word.removesuffix("s")
    currency = _BY_WORD.get(stem, "USD")
    return currency, _OTHER_PESOS if stem == "peso" else ()


def _amount(raw: str) -> str | None:
    raw = "".join(raw.split())  # spaces only ever group thousands ("1 499,00")
    last = max(raw.rfind("."), raw.rfind(","))
    if last >= 0 and len(raw) - last - 1 <= 2:
        whole, cents = raw[:last], raw[last + 1 :]
    else:
        whole, cents = raw, ""
    digits = "".join(ch for ch in whole if ch.isdigit())
    try:
        return f"{Decimal(f'{digits or 0}.{cents or 0}'):.2f}"
    except InvalidOperation:
        return None
