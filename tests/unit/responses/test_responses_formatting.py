"""Money, dates and times come out as Babel writes them for each locale."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from babel.dates import format_date
from responses_orders import BABEL, LOCALES

from shopdesk.core.types import OrderStatus
from shopdesk.responses import (
    format_day,
    format_moment,
    format_money,
    shipment_status_name,
    status_name,
)

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "€18.00"),
        ("es", f"18,00{NBSP}€"),
        ("fr", f"18,00{NBSP}€"),
        ("de", f"18,00{NBSP}€"),
        ("pt", f"18,00{NBSP}€"),
        ("it", f"18,00{NBSP}€"),
    ],
)
def test_money(locale: str, expected: str) -> None:
    assert format_money(Decimal("18"), "EUR", locale) == expected


def test_money_keeps_the_currency_of_the_order() -> None:
    assert format_money(Decimal("1234.5"), "usd", "en") == "$1,234.50"
    assert format_money(Decimal("7.5"), "GBP", "de") == f"7,50{NBSP}£"


@pytest.mark.parametrize(
    ("locale", "expected"),
    [
        ("en", "November 5, 2026"),
        ("es", "5 de noviembre de 2026"),
        ("fr", "5 novembre 2026"),
        ("de", "5. November 2026"),
        ("pt", "5 de novembro de 2026"),
        ("it", "5 novembre 2026"),
    ],
)
def test_day(locale: str, expected: str) -> None:
    assert format_day(date(2026, 11, 5), locale) == expected


def test_day_of_a_datetime_is_the_day_in_the_given_zone() -> None:
    late = datetime(2026, 11, 5, 23, 30, tzinfo=UTC)
    assert format_day(late, "en") == "November 5, 2026"
    assert format_day(late, "en", ZoneInfo("Europe/Madrid")) == "November 6, 2026"


def test_moment_is_utc_and_says_so_by_default() -> None:
    at = datetime(2026, 11, 4, 7, 5, tzinfo=timezone(timedelta(hours=1)))
    assert format_moment(at, "en") == "November 4, 2026, 6:05\u202fAM UTC"
    assert format_moment(at, "es") == "4 de noviembre de 2026, 6:05 UTC"
    assert format_moment(at.replace(tzinfo=None), "de") == "4. November 2026, 07:05 UTC"


def test_moment_in_a_given_zone_is_local_time() -> None:
    at = datetime(2026, 11, 4, 6, 5, tzinfo=UTC)
    assert format_moment(at, "fr", ZoneInfo("Europe/Paris")) == "4 novembre 2026, 07:05"


@pytest.mark.parametrize("locale", LOCALES)
def test_day_matches_babel_everywhere(locale: str) -> None:
    assert format_day(date(2027, 1, 1), locale) == format_date(
        date(2027, 1, 1), "long", locale=BABEL[locale]
    )


def test_status_names() -> None:
    assert status_name(OrderStatus.OUT_FOR_DELIVERY, "en") == "Out for delivery"
    assert status_name("delivered", "es") == "Entregado"
    assert status_name(OrderStatus.ON_HOLD, "xx") == "On hold"  # unknown locale -> English
    assert shipment_status_name("in_transit", "de") == "unterwegs"
    assert shipment_status_name("held_at_customs", "en") == "held at customs"  # unknown: as sent
