"""Dates: "12/05/2024", "3. März 2024", "yesterday", "hace dos días", "next friday".

:class:`DateExtractor` runs after the intent classifier and the sentiment scorer, which were
trained without date entities and must keep seeing what they were trained on. Candidates come
from cheap regexes over an accent-folded copy of the text (same length, so offsets hold):

- numeric dates (the spans the entity extractor claims so they never become order numbers) are
  read here directly: day first, but month first for English, with the other reading as an
  alternative;
- relative expressions (days, "N units ago/in N units", "last/next <weekday>") are computed
  from the caller's ``now``: dateparser misses many of them outside English ("hace dos días",
  "lunedì scorso"), and the arithmetic is trivial;
- dates with a month name go to dateparser (imported lazily, only for such a span).

Pure: the reference time is ``WorkingMessage.now``. Without it, relative dates and dates without
a year are not resolved; full dates still are.
"""

from __future__ import annotations

import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from typing import Any, Final

from shopdesk.core.nlu import Entity
from shopdesk.nlu.component import Component, WorkingMessage
from shopdesk.nlu.date_words import (
    AGO_AFTER,
    AGO_BEFORE,
    DAY_WORDS,
    IN_BEFORE,
    MONTHS,
    NEXT_AFTER,
    NEXT_BEFORE,
    NUMBERS,
    ONLY_IN,
    PAST_AFTER,
    PAST_BEFORE,
    UNITS,
    WEEKDAYS,
)

DATE = "date"

NUMERIC_DATE: Final = re.compile(
    r"(?<![\d.,/-])(?:\d{1,2}[./-]\d{1,2}[./-](?:\d{4}|\d{2})|\d{4}[./-]\d{1,2}[./-]\d{1,2})"
    r"(?![\d/-])"
)


def _alts(words: dict[str, Any] | frozenset[str]) -> str:
    # Longest first, so "day before yesterday" wins over "yesterday".
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


_MONTH_RE: Final = _alts(MONTHS)
_WEEKDAY_RE: Final = _alts(WEEKDAYS)
_NUM_RE: Final = rf"\d{{1,3}}|{_alts(NUMBERS)}"
_UNIT_RE: Final = _alts(UNITS)
_RELATIVE: Final = re.compile(
    rf"\b(?:(?P<day>{_alts(DAY_WORDS)})"
    rf"|(?:(?P<ago>{_alts(AGO_BEFORE)})|(?P<in>{_alts(IN_BEFORE)}))\s+(?P<n1>{_NUM_RE})\s+"
    rf"(?P<u1>{_UNIT_RE})"
    rf"|(?P<n2>{_NUM_RE})\s+(?P<u2>{_UNIT_RE})\s+(?P<ago2>{_alts(AGO_AFTER)})"
    rf"|(?:(?P<past>{_alts(PAST_BEFORE)})|(?P<next>{_alts(NEXT_BEFORE)}))\s+(?P<wd1>{_WEEKDAY_RE})"
    rf"|(?P<wd2>{_WEEKDAY_RE})(?:-feira)?\s+(?:(?P<past2>{_alts(PAST_AFTER)})"
    rf"|(?P<next2>{_alts(NEXT_AFTER)}))"
    r")\b",
    re.IGNORECASE,
)
# "12 May 2024", "3. März", "le 1er janvier", "5 de janeiro de 2024", "May 3rd, 2024".
_MONTH_DATE: Final = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th|er|o|º)?\.?\s+(?:de\s+|of\s+)?(?P<m1>{_MONTH_RE})"
    rf"(?:\s+(?:de\s+)?(?P<y1>\d{{4}}))?"
    rf"|(?P<m2>{_MONTH_RE})\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+(?P<y2>\d{{4}}))?)\b",
    re.IGNORECASE,
)
# Not a date: "buenos días, por la mañana", "guten Morgen", "heute Morgen" (this morning).
_NOT_DAY: Final = re.compile(r"(?:\b(?:la|esta|cada|guten|heute|de)\s+)$", re.IGNORECASE)
# Only for dates with a full year, so no clock is needed: dateparser's base must never be "now".
_FIXED_BASE: Final = datetime(2000, 1, 1)
_LANGUAGES: Final = ("en", "es", "fr", "de", "pt", "it")


def fold(text: str) -> str:
    """``text`` with accents stripped character by character (same length, same offsets)."""
    return text.translate(_FOLD_TABLE)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch)[0]
    return base if base.isascii() else ch


_FOLD_TABLE: Final = {
    cp: _fold_char(chr(cp)) for cp in range(0xC0, 0x250) if _fold_char(chr(cp)) != chr(cp)
}


def with_original_raw(entities: list[Entity], text: str) -> list[Entity]:
    """Entities found in the cleaned copy, with ``raw`` taken from the customer's own text
    (the copy has control characters as spaces: "€\t9" must not read "€ 9")."""
    return [
        e if e.raw == text[e.start : e.end] else e.model_copy(update={"raw": text[e.start : e.end]})
        for e in entities
    ]


class DateExtractor(Component):
    """Adds ``date`` entities (ISO "YYYY-MM-DD") for spans no other entity took."""

    name = "date_extractor"

    def __init__(self) -> None:
        _warm_once()

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state)
        _warm_once()  # a loaded model warms dateparser in the loading thread, not on a message

    def process(self, msg: WorkingMessage) -> None:
        text = msg.clean or msg.text
        found = with_original_raw(
            extract_dates(text, msg.language or msg.hint_locale, msg.now), msg.text
        )
        taken = [(e.start, e.end) for e in msg.entities]
        fresh = [e for e in found if not any(s < e.end and e.start < t for s, t in taken)]
        if fresh:
            msg.entities = sorted([*msg.entities, *fresh], key=lambda e: (e.start, e.type))


def extract_dates(text: str, language: str | None, now: datetime | None) -> list[Entity]:
    """Every date in ``text``; ``language`` orders numeric dates and guides dateparser."""
    folded = fold(text)
    out: list[Entity] = []

    def add(start: int, end: int, days: list[date]) -> None:
        if days and not any(e.start < end and start < e.end for e in out):
            iso = [d.isoformat() for d in dict.fromkeys(days)]
            out.append(
                Entity(
                    type=DATE,
                    value=iso[0],
                    raw=text[start:end],
                    start=start,
                    end=end,
                    alternatives=tuple(iso[1:]),
                )
            )

    for m in NUMERIC_DATE.finditer(folded):
        add(*m.span(), _numeric(m.group(), month_first=language == "en"))
    if now is not None:
        today = now.date()
        for m in _RELATIVE.finditer(folded):
            if m.group("day") and (
                _NOT_DAY.search(folded, max(0, m.start() - 8), m.start())
                or _foreign(m.group("day"), language)
            ):
                continue
            day = _relative(m, today)
            add(*m.span(), [day] if day else [])
    for m in _MONTH_DATE.finditer(folded):
        if now is None and not (m.group("y1") or m.group("y2")):
            continue  # which year? only the caller's clock can say
        day = _dateparser(text[m.start() : m.end()], language, now or _FIXED_BASE)
        add(*m.span(), [day] if day else [])
    return sorted(out, key=lambda e: e.start)


def _numeric(raw: str, *, month_first: bool) -> list[date]:
    a, b, c = (int(p) for p in re.split(r"[./-]", raw))
    if raw[:4].isdigit():  # "2024-05-12": year first, always month then day
        return _valid([(a, b, c)])
    year = c + 2000 if c < 100 else c
    dmy, mdy = (year, b, a), (year, a, b)
    return _valid([mdy, dmy] if month_first else [dmy, mdy])


def _valid(candidates: list[tuple[int, int, int]]) -> list[date]:
    out = []
    for y, m, d in candidates:
        try:
            out.append(date(y, m, d))
        except ValueError:
            continue
    return out


def _relative(m: re.Match[str], today: date) -> date | None:
    if m.group("day"):
        return today + timedelta(days=DAY_WORDS[_key(m.group("day"))])
    if m.group("u1") or m.group("u2"):
        n = _number(m.group("n1") or m.group("n2"))
        unit = UNITS[_key(m.group("u1") or m.group("u2"))]
        return _shift(today, -n if m.group("ago") or m.group("ago2") else n, unit)
    weekday = WEEKDAYS[_key(m.group("wd1") or m.group("wd2"))]
    if m.group("past") or m.group("past2"):
        return today - timedelta(days=(today.weekday() - weekday - 1) % 7 + 1)
    return today + timedelta(days=(weekday - today.weekday() - 1) % 7 + 1)


def _foreign(word: str, language: str | None) -> bool:
    """A day word of another language than the detected one ("hier" in German is "here")."""
    owner = ONLY_IN.get(_key(word))
    return owner is not None and language is not None and owner != language


def _key(word: str) -> str:
    return " ".join(word.lower().split())


def _number(word: str) -> int:
    return int(word) if word.isdigit() else NUMBERS[_key(word)]


def _shift(day: date, n: int, unit: str) -> date:
    if unit == "day":
        return day + timedelta(days=n)
    if unit == "week":
        return day + timedelta(weeks=n)
    months = n * (12 if unit == "year" else 1)
    y, m = divmod(day.year * 12 + day.month - 1 + months, 12)
    return date(y, m + 1, min(day.day, calendar.monthrange(y, m + 1)[1]))


def _dateparser(raw: str, language: str | None, base: datetime) -> date | None:
    import dateparser  # ~0.1 s to import and more per language: only when a span needs it

    settings: Any = {"RELATIVE_BASE": base, "RETURN_AS_TIMEZONE_AWARE": False}
    for languages in ([language] if language in _LANGUAGES else [], list(_LANGUAGES)):
        if languages:
            parsed = dateparser.parse(raw, languages=languages, settings=settings)
            if isinstance(parsed, datetime):
                return parsed.date()
    return None


_warmed: list[bool] = []


def _warm_once() -> None:
    """Load dateparser's data for the six languages (~0.3 s) so that no customer waits for it."""
    if _warmed:
        return
    _warmed.append(True)
    samples = (
        "3 May 2024",
        "3 de mayo de 2024",
        "3 mai 2024",
        "3. Mai 2024",
        "3 de maio de 2024",
        "3 maggio 2024",
    )
    for lang, sample in zip(_LANGUAGES, samples, strict=True):
        _dateparser(sample, lang, _FIXED_BASE)
