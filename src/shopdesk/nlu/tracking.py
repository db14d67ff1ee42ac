"""Carrier tracking numbers: found by their shape, or by a tracking word right before them.

Shapes alone (no hint needed): UPS "1Z" + 16, S10 postal items ("RR123456785GB", check digit
verified), DHL "JJD…"/"JD…", Correos "PQ…", and runs of 13-22 digits (USPS, FedEx 15, DHL
Paket 20), also USPS's printed groups of four. Anything shaped like the shop's own order numbers
is left to them unless a tracking word precedes it: DHL's 10 and FedEx's 12 digits, GLS's 11,
look just like order numbers, so only "tracking 1234567890" makes them tracking numbers.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Final


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# (start, end, canonical value) of one tracking number in the text.
Span = tuple[int, int, str]

_SHAPES: Final = re.compile(
    r"(?<![\w-])(?:"
    r"1Z(?:\s?[A-Z0-9]){16}"
    r"|(?P<s10>[A-Z]{2}\s?\d{3}\s?\d{3}\s?\d{3}\s?[A-Z]{2})"
    r"|JJD\d{10,20}|JD\d{16,18}"
    r"|PQ[A-Z0-9]{14,22}"
    r"|420\d{5}(?:\d{22}|\d{26})"
    r"|\d{4}(?:\s\d{4}){4,5}(?:\s\d{2})?"
    r"|\d{13,22}"
    r")(?![\w-])",
    re.IGNORECASE,
)
# "tracking", "seguimiento", "suivi", "Sendungsnummer", "rastreio", "tracciamento" and kin.
_HINT: Final = re.compile(
    r"(?<!\w)(?:tracking(?:[\s-]?(?:number|code|id|nummer|no))?|track[\s-]?(?:number|code|id|no)"
    r"|waybill|awb"
    r"|seguimiento|localizador|n[uú]mero\s+de\s+gu[ií]a"
    r"|suivi|num[eé]ro\s+de\s+colis"
    r"|sendungs(?:nummer|verfolgung|-?nr)|paketnummer|verfolgungsnummer|trackingnummer"
    r"|rastreio|rastreamento|rastreo|c[oó]digo\s+de\s+objeto"
    r"|tracciamento|tracciabilit[aà]|codice\s+di\s+spedizione|numero\s+di\s+spedizione"
    r")(?!\w)",
    re.IGNORECASE,
)
# Words allowed between the hint and the number: "tracking number is", "número de
# seguimiento es el", "mein Sendungsnummer lautet", "codice di tracciamento è".
_FILLER: Final = _wordset(
    """
    number no nr n nº num code codes id is it's its my the was are of for
    numero número es el la de del mi
    numéro est le mon ma du
    nummer ist lautet meine mein die der
    é o do da meu minha
    è il di mio
    """
)
_FILLER_WORD: Final = re.compile(r"\s*[:#=.\-]*\s*(?P<word>[^\W\d_]+)[.°]?")
# After a hint: a single token, or groups ("1Z 999 AA1 01 2345 6784") when the first is short.
_HINTED_TOKEN: Final = re.compile(
    r"\s*[:#=\-]*\s*(?P<tok>[A-Z0-9]+(?:[\s-][A-Z0-9]*\d[A-Z0-9]*)*)(?![\w-])", re.IGNORECASE
)
_S10_WEIGHTS: Final = (8, 6, 4, 2, 3, 5, 9, 7)


def canonical(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch.isalnum())


def find_tracking_numbers(text: str, order_pattern: re.Pattern[str]) -> Iterator[Span]:
    """Tracking numbers in ``text``; ``order_pattern`` is the shop's order-number pattern."""
    taken: list[tuple[int, int]] = []
    for hint in _HINT.finditer(text):
        span = _after_hint(text, hint.end())
        if span is not None:
            taken.append(span[:2])
            yield span
    for m in _SHAPES.finditer(text):
        if any(s < m.end() and m.start() < e for s, e in taken):
            continue
        value = canonical(m.group())
        if m.group("s10") and not _s10_valid(value):
            continue
        if order_pattern.fullmatch(m.group()):  # the shop's own order numbers look like this
            continue
        yield m.start(), m.end(), value


def _after_hint(text: str, pos: int) -> Span | None:
    for _ in range(5):  # at most a few filler words between hint and number
        m = _FILLER_WORD.match(text, pos)
        if m is None or m.group("word").lower() not in _FILLER:
            break
        pos = m.end()
    m = _HINTED_TOKEN.match(text, pos)
    if m is None:
        return None
    raw = m.group("tok")
    first = re.split(r"[\s-]", raw, maxsplit=1)[0]
    if not any(ch.isdigit() for ch in first):  # a word: "tracking of my parcel 4417"
        return None
    if len(first) >= 8:  # a whole number already: what follows ("2 days ago") is not part of it
        raw = first
    value = canonical(raw)
    if not 8 <= len(value) <= 35 or sum(ch.isdigit() for ch in value) < 2:
        return None
    start = m.start("tok")
    return start, start + len(raw), value


def _s10_valid(value: str) -> bool:
    """The UPU S10 check digit (the 9th digit) of "RR123456785GB"."""
    digits = [int(ch) for ch in value[2:11]]
    rest = 11 - sum(w * d for w, d in zip(_S10_WEIGHTS, digits, strict=False)) % 11
    check = {10: 0, 11: 5}.get(rest, rest)
    return check == digits[8]
