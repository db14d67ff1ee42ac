"""Entity extraction: order numbers, e-mails, postal codes, phones, tracking numbers, money.

Spans are found in a fixed order and each later kind skips text an earlier kind claimed:
e-mails, postal codes with a hint word ("PLZ 10115"), tracking numbers (``tracking.py``), amounts
of money (``money.py``), dates (claimed but not emitted here: ``dates.py`` reads them once the
language is known; claimed so that "12.05.2024" never becomes an order number), postal codes with
an unambiguous shape ("1000-001", "12345-6789"), phone numbers, then postal codes of the UK/CA/NL
shapes and finally order numbers. A bare 5-digit number is both an order number and a postal
code; both are emitted over the same digits and the dialogue decides by context.
"""

from __future__ import annotations

import re
from typing import Final

from shopdesk.core.nlu import Entity
from shopdesk.core.orders import order_number_key
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.dates import NUMERIC_DATE, with_original_raw
from shopdesk.nlu.money import MONEY, money_value
from shopdesk.nlu.tracking import find_tracking_numbers

# A copy of settings.DEFAULT_ORDER_NUMBER_PATTERN: the NLU package may not import settings.
DEFAULT_ORDER_NUMBER_PATTERN: Final = r"#?\s*(?:[A-Za-z]{1,4}[\s\-_]?)?\d{3,12}"

ORDER_NUMBER = "order_number"
EMAIL = "email"
POSTAL_CODE = "postal_code"
PHONE = "phone"
TRACKING_NUMBER = "tracking_number"
MONEY_ENTITY = "money"


def _wordset(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Words meaning "number": a prefix like this is never part of the order number itself.
_NUMBER_WORDS: Final = frozenset({"n", "no", "nr", "nro", "num", "numb", "nb", "nbr", "nmr", "nu"})
# Short words of the six languages that the default pattern may swallow as a letter prefix
# ("my order is 4417" matches "is 4417"). Typed apart from the digits they are most likely a
# word; glued or hyphenated ("A1001", "DE-4417") they are most likely part of the number.
_COMMON_WORDS: Final = _wordset(
    """
    a o e y i u an and are at be by do for from get got had has have he her his how in is it its
    me my of on or our she so the to us was we you your who why what with ref id
    al ante con de del el en es esta la las le lo los mas me mi mis nos para por que se su sus te
    tu un una uno ya
    au aux ce ces du elle est et il je la les ma mes mon ne nous ou par pas pour sa ses son ta
    tes ton tu un une vous
    am an auf aus bei bin bis das dem den der des die du ein er es hab ich ihr im in ist mein mit
    nach nur so und vom von vor war was wie wir wo zu zum zur
    ao as com da das do dos em eu meu na nas no nos num numa os sou sua seu um uma
    al da dal del di ed gli ha ho il la le lo ma mia mio nel per sei si su tra tuo una
    ordr ord pkg
    """
)
_MONTHS: Final = _wordset(
    """
    jan january feb february mar march apr april may jun june jul july aug august sep sept
    september oct october nov november dec december
    enero febrero marzo abril mayo junio julio agosto septiembre setiembre octubre noviembre
    diciembre janvier fevrier mars avril mai juin juillet aout septembre octobre novembre decembre
    januar februar marz april mai juni juli august september oktober november dezember
    janeiro fevereiro marco abril maio junho julho agosto setembro outubro novembro dezembro
    gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre dicembre
    """
)
_YEAR_WORDS: Final = _MONTHS | _wordset(
    "in since until from of en desde hasta depuis jusqu seit bis im em ate nel dal fino del"
)

_EMAIL: Final = re.compile(
    r"(?<![\w.+%-])[\w.+%-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,24}(?![\w-])"
)
_POSTAL_SHAPES: Final = (
    r"\d{5}-\d{4}|\d{4,5}-\d{3}|\d{4,5}"
    r"|[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d|\d{4}\s?[A-Z]{2}"
)
_HINTED_POSTAL: Final = re.compile(
    r"(?<!\w)(?:c\.\s?p\.?|cp|c[oó]d(?:igo|\.)?\s+postal|code\s+postal|postleitzahl|plz|cep"
    r"|cap|codice\s+postale|post\s?code|postal\s+code|zip(?:\s?code)?)"
    r"\s*[:#.]?\s*(?:(?:is|es|est|ist|é|e|è|era|:)\s+)?"
    rf"(?P<code>{_POSTAL_SHAPES})(?![\w-])",
    re.IGNORECASE,
)
_SHAPED_POSTAL: Final = re.compile(r"(?<![\w-])(?:\d{5}-\d{4}|\d{4,5}-\d{3})(?![\w-])")
_PHONE: Final = re.compile(r"(?<![\w+])(?:\+|00)?\(?\d[\d \t().\-/]{6,}\d(?![\w-])")
_PHONE_SEPARATOR: Final = re.compile(r"[ \t().\-/]")
_UK_CA_POSTAL: Final = re.compile(
    r"(?<![\w-])(?:[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)(?![\w-])",
    re.IGNORECASE,
)
# Dutch "1234 AB" only in capitals, and not when the letters are a word ("ORDER 4417 IS LATE").
_NL_POSTAL: Final = re.compile(r"(?<![\w-])\d{4}\s?(?P<letters>[A-Z]{2})(?![\w-])")
_NL_NOT_LETTERS: Final = _wordset(
    "SA SD SS AN AM AS AT BE BY DA DE DO EN ES ET HE IF IL IN IS IT LA LE MA ME MI MY NO OF OK ON"
    " OR OU SE SI SO TO TU UM UN UP US WE YA"
)
_PREFIXED: Final = re.compile(r"^[#\s]*(?P<prefix>[A-Za-z]+)(?P<sep>[\s\-_]*)(?P<digits>\d+)$")
_LETTERS_BEFORE: Final = re.compile(r"[^\W\d_]+$")
_WORDS: Final = re.compile(r"[^\W\d_]+")


def _is_word_char(ch: str) -> bool:
    # "nº4417": the ordinal indicators are letters for Python but separators for shoppers.
    return ch.isalnum() and ch not in "ºª°"


def _postal_value(raw: str) -> str:
    return "".join(ch for ch in raw.upper() if ch not in " \t-")


class _Found:
    """Entities found so far in one text and the character ranges already claimed."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.entities: list[Entity] = []
        self._spans: list[tuple[int, int]] = []

    def claim(self, start: int, end: int) -> None:
        self._spans.append((start, end))

    def overlaps(self, start: int, end: int) -> bool:
        return any(s < end and start < e for s, e in self._spans)

    def emit(self, kind: str, value: str, start: int, end: int, alts: tuple[str, ...] = ()) -> None:
        self.entities.append(
            Entity(
                type=kind,
                value=value,
                raw=self.text[start:end],
                start=start,
                end=end,
                alternatives=alts,
            )
        )


class EntityExtractor(Component):
    """Finds order numbers (shop-configurable regex), e-mails, postal codes, phone numbers,
    tracking numbers and amounts of money."""

    name = "entity_extractor"

    def __init__(self, order_number_pattern: str = DEFAULT_ORDER_NUMBER_PATTERN) -> None:
        self._order = re.compile(order_number_pattern)

    def process(self, msg: WorkingMessage) -> None:
        msg.entities = with_original_raw(self.extract(msg.clean or msg.text), msg.text)

    def extract(self, text: str) -> list[Entity]:
        found = _Found(text)
        for m in _EMAIL.finditer(text):
            found.claim(*m.span())
            found.emit(EMAIL, m.group().lower(), *m.span())
        for m in _HINTED_POSTAL.finditer(text):
            if not found.overlaps(*m.span()):
                found.claim(*m.span())
                found.emit(POSTAL_CODE, _postal_value(m.group("code")), *m.span("code"))
        for start, end, tracking in find_tracking_numbers(text, self._order):
            if not found.overlaps(start, end):
                found.claim(start, end)
                found.emit(TRACKING_NUMBER, tracking, start, end)
        for m in MONEY.finditer(text):
            if not found.overlaps(*m.span()):
                found.claim(*m.span())
                money = money_value(m)
                if money is not None:
                    found.emit(MONEY_ENTITY, money[0], *m.span(), money[1])
        for m in NUMERIC_DATE.finditer(text):
            found.claim(*m.span())
        for m in _SHAPED_POSTAL.finditer(text):
            if not found.overlaps(*m.span()):
                found.claim(*m.span())
                found.emit(POSTAL_CODE, _postal_value(m.group()), *m.span())
        for m in _PHONE.finditer(text):
            value = _phone_value(m.group())
            if value is not None and not found.overlaps(*m.span()):
                found.claim(*m.span())
                found.emit(PHONE, value, *m.span())
        for m in _UK_CA_POSTAL.finditer(text):
            if not found.overlaps(*m.span()):
                found.claim(*m.span())
                found.emit(POSTAL_CODE, _postal_value(m.group()), *m.span())
        for m in _NL_POSTAL.finditer(text):
            if m.group("letters") not in _NL_NOT_LETTERS and not found.overlaps(*m.span()):
                found.claim(*m.span())
                found.emit(POSTAL_CODE, _postal_value(m.group()), *m.span())
        self._order_numbers(found)
        return sorted(found.entities, key=lambda e: (e.start, e.type))

    def _order_numbers(self, found: _Found) -> None:
        text = found.text
        pos, n = 0, len(text)
        while pos < n:
            m = self._order.match(text, pos) if _may_start(text, pos) else None
            if m is None or not m.group().strip() or not _plausible(found, *m.span()):
                pos += 1
                continue
            start, end = m.span()
            pos = end
            reading = _read_order_number(m.group(), _words_before(text, start))
            if reading is None:  # a year: "since 2023", "12 May 2024"
                continue
            value, alts, postal_too = reading
            found.emit(ORDER_NUMBER, value, start, end, alts)
            if postal_too:
                # A bare 5-digit number is just as likely a postal code (ES/DE/FR/IT/US).
                d_start = start + m.group().rindex(value)
                found.emit(POSTAL_CODE, value, d_start, d_start + len(value))


def _phone_value(raw: str) -> str | None:
    """Canonical "+digits"/"digits" when ``raw`` looks like a phone number, else None."""
    digits = "".join(ch for ch in raw if ch.isdigit())
    international = raw.startswith(("+", "00"))
    if not 8 <= len(digits) <= 15:
        return None
    if international:
        return "+" + digits.removeprefix("00")
    if len(digits) >= 9 and _PHONE_SEPARATOR.search(raw.strip("()")):
        return digits
    return None


def _may_start(text: str, pos: int) -> bool:
    ch = text[pos]
    if ch.isspace():
        return False
    if pos == 0 or not _is_word_char(text[pos - 1]):
        return True
    # "order4417": the default pattern only takes a prefix of up to 4 letters, so a number glued
    # to a longer word may start at its first digit.
    if ch.isdigit() and text[pos - 1].isalpha():
        run = _LETTERS_BEFORE.search(text, max(0, pos - 40), pos)
        return run is not None and len(run.group()) > 4
    return False


def _plausible(found: _Found, start: int, end: int) -> bool:
    text = found.text
    if found.overlaps(start, end):
        return False
    if end < len(text) and _is_word_char(text[end]):
        return False
    # Part of a bigger number: "1,299", "18.00", "3/4417", "4417.5".
    if start >= 2 and text[start - 1] in ".,/" and text[start - 2].isdigit():
        return False
    return not (end + 1 < len(text) and text[end] in ".,/" and text[end + 1].isdigit())


def _words_before(text: str, start: int) -> list[str]:
    """Up to three folded words right before ``start``, nearest first."""
    words = _WORDS.findall(text, max(0, start - 40), start)
    return [w.lower() for w in reversed(words[-3:])]


def _read_order_number(raw: str, before: list[str]) -> tuple[str, tuple[str, ...], bool] | None:
    """(value, alternatives, also a postal code?) for a matched order number, None for a year."""
    key = order_number_key(raw)
    m = _PREFIXED.match(raw)
    if m is None:
        if _is_year(key, before):
            return None
        return key, (), len(key) == 5 and key.isdigit() and not raw.lstrip().startswith("#")
    prefix, sep, digits = m.group("prefix").lower(), m.group("sep"), m.group("digits")
    spaced = any(c.isspace() for c in sep)
    if prefix in _NUMBER_WORDS:
        return digits, (key,), False
    if prefix in _COMMON_WORDS and spaced:
        if _is_year(digits, [prefix, *before]):
            return None
        return digits, (key,), len(digits) == 5
    if prefix in _MONTHS and _is_year(digits, [prefix]):
        return None
    if prefix in _COMMON_WORDS or spaced:
        return key, (digits,), False
    return key, (), False


def _is_year(digits: str, before: list[str]) -> bool:
    """A 4-digit number from 1990-2039 after a month name or "in"/"since"/"seit"/..."""
    if len(digits) != 4 or not digits.isdigit() or not 1990 <= int(digits) <= 2039:
        return False
    return bool(before) and (before[0] in _YEAR_WORDS or any(w in _MONTHS for w in before))
