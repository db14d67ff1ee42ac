"""Dates: numeric, with month names and relative ones, in the six languages; never the clock."""

from __future__ import annotations

from datetime import datetime

import pytest

from shopdesk.core.nlu import Entity
from shopdesk.nlu import Pipeline
from shopdesk.nlu.component import WorkingMessage
from shopdesk.nlu.dates import DateExtractor, extract_dates

# A Wednesday.
NOW = datetime(2024, 5, 15, 10, 30)


def dates(text: str, language: str | None, now: datetime | None = NOW) -> list[Entity]:
    return extract_dates(text, language, now)


def one(text: str, language: str | None, now: datetime | None = NOW) -> Entity:
    found = dates(text, language, now)
    assert len(found) == 1, (text, found)
    return found[0]


@pytest.mark.parametrize(
    ("text", "language", "value", "raw"),
    [
        ("it was due yesterday", "en", "2024-05-14", "yesterday"),
        ("I ordered last Monday", "en", "2024-05-13", "last Monday"),
        ("can it come next friday?", "en", "2024-05-17", "next friday"),
        ("ordered 3 days ago", "en", "2024-05-12", "3 days ago"),
        ("the day before yesterday", "en", "2024-05-13", "the day before yesterday"),
        ("lo pedí hace dos días", "es", "2024-05-13", "hace dos días"),
        ("llegó ayer", "es", "2024-05-14", "ayer"),
        ("el lunes pasado", "es", "2024-05-13", "lunes pasado"),
        ("el viernes que viene", "es", "2024-05-17", "viernes que viene"),
        ("commandé il y a une semaine", "fr", "2024-05-08", "il y a une semaine"),
        ("livré avant-hier", "fr", "2024-05-13", "avant-hier"),
        ("vendredi prochain", "fr", "2024-05-17", "vendredi prochain"),
        ("bestellt vor 3 Tagen", "de", "2024-05-12", "vor 3 Tagen"),
        ("seit letzten Montag", "de", "2024-05-13", "letzten Montag"),
        ("kommt es morgen?", "de", "2024-05-16", "morgen"),
        ("encomendei ontem", "pt", "2024-05-14", "ontem"),
        ("há dois dias", "pt", "2024-05-13", "há dois dias"),
        ("na segunda-feira passada", "pt", "2024-05-13", "segunda-feira passada"),
        ("ordinato ieri", "it", "2024-05-14", "ieri"),
        ("due giorni fa", "it", "2024-05-13", "due giorni fa"),
        ("lunedì scorso", "it", "2024-05-13", "lunedì scorso"),
        ("un mese fa", "it", "2024-04-15", "un mese fa"),
    ],
)
def test_relative_dates(text: str, language: str, value: str, raw: str) -> None:
    ent = one(text, language)
    assert (ent.type, ent.value, ent.raw) == ("date", value, raw)
    assert text[ent.start : ent.end] == raw


@pytest.mark.parametrize(
    ("text", "language", "value"),
    [
        ("delivered on 12 May 2024", "en", "2024-05-12"),
        ("May 3rd, 2024", "en", "2024-05-03"),
        ("el 12 de mayo de 2024", "es", "2024-05-12"),
        ("le 1er janvier 2024", "fr", "2024-01-01"),
        ("am 3. März 2024", "de", "2024-03-03"),
        ("em 5 de janeiro de 2024", "pt", "2024-01-05"),
        ("il 5 gennaio 2024", "it", "2024-01-05"),
        ("pedido del 2024-05-12", "es", "2024-05-12"),
        ("bestellt am 12.05.2024", "de", "2024-05-12"),
        ("commandé le 12/05/24", "fr", "2024-05-12"),
    ],
)
def test_absolute_dates_need_no_clock(text: str, language: str, value: str) -> None:
    assert one(text, language, now=None).value == value
    assert one(text, language).value == value


def test_a_month_name_without_year_takes_the_callers_year() -> None:
    assert one("am 3. März", "de").value == "2024-03-03"
    assert one("le 5 janvier", "fr", now=datetime(2031, 6, 1)).value == "2031-01-05"
    assert dates("am 3. März", "de", now=None) == []


def test_numeric_dates_read_day_first_except_in_english() -> None:
    de = one("12/05/2024", "de")
    assert (de.value, de.alternatives) == ("2024-05-12", ("2024-12-05",))
    en = one("12/05/2024", "en")
    assert (en.value, en.alternatives) == ("2024-12-05", ("2024-05-12",))
    assert one("25/12/2024", "en").value == "2024-12-25"  # only one reading is a date
    assert dates("45/13/2024", "en") == []


@pytest.mark.parametrize("language", ["en", "es", "fr", "de", "pt", "it"])
def test_relative_dates_are_not_resolved_without_now(language: str) -> None:
    for text in ["yesterday", "ayer", "hier", "gestern", "ontem", "ieri", "next friday"]:
        assert dates(text, language, now=None) == []


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("buenos días, esta mañana no estaba", "es"),
        ("llega por la mañana", "es"),
        ("guten Morgen", "de"),
        ("wo kann ich hier parken", "de"),  # German "hier" is "here"
        ("order 4417 arrived", "en"),
        ("size 12 in 3 colours", "en"),
        ("segunda opção", "pt"),
    ],
)
def test_no_false_dates(text: str, language: str) -> None:
    assert dates(text, language) == []


def test_weekday_relative_to_the_same_weekday_is_a_week_away() -> None:
    assert one("last wednesday", "en").value == "2024-05-08"
    assert one("next wednesday", "en").value == "2024-05-22"


def test_month_arithmetic_clamps_the_day() -> None:
    assert one("a month ago", "en", now=datetime(2024, 3, 31)).value == "2024-02-29"


def test_the_component_leaves_spans_of_other_entities_alone() -> None:
    msg = WorkingMessage(text="ieri 12.05.2024", clean="ieri 12.05.2024", language="it", now=NOW)
    msg.entities = [Entity(type="x", value="x", raw="12.05.2024", start=5, end=15)]
    DateExtractor().process(msg)
    assert [(e.type, e.value) for e in msg.entities] == [("date", "2024-05-14"), ("x", "x")]


def test_the_pipeline_passes_now_through(nlu_pipeline: Pipeline) -> None:
    with_now = nlu_pipeline.understand("mi pedido llegó ayer roto", now=NOW)
    assert [(e.type, e.value) for e in with_now.all("date")] == [("date", "2024-05-14")]
    assert nlu_pipeline.understand("mi pedido llegó ayer roto").all("date") == []
    absolute = nlu_pipeline.understand("Bestellung vom 12.05.2024 fehlt")
    assert [e.value for e in absolute.all("date")] == ["2024-05-12"]
