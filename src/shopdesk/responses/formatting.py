"""Locale formatting of money, dates and status names (Babel + our catalogs).

Naive datetimes are taken to be UTC: connectors should send aware ones, and UTC is the only
assumption that never shifts a stored instant.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, tzinfo
from decimal import Decimal

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_currency

from shopdesk.core.types import OrderStatus
from shopdesk.responses.catalog import catalog, resolve_locale

# Babel's bare "pt" is Brazilian ("€ 18,00"); we write European Portuguese ("18,00 €").
_BABEL_LOCALES = {"pt": "pt_PT"}


def babel_locale(locale: str) -> str:
    """The Babel locale used to format for one of our locales."""
    code = resolve_locale(locale)
    return _BABEL_LOCALES.get(code, code)


def as_utc(value: datetime) -> datetime:
    """An aware datetime: naive values are read as UTC, aware ones are kept as they are."""
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value


def format_money(amount: Decimal, currency: str, locale: str) -> str:
    """E.g. Decimal("18") EUR -> "€18.00" (en), "18,00 €" (es, fr, de, pt, it)."""
    return format_currency(amount, currency.upper(), locale=babel_locale(locale))


def format_day(value: date | datetime, locale: str, tz: tzinfo | None = None) -> str:
    """A long date, "November 5, 2026" / "5 de noviembre de 2026".

    A datetime is first moved to ``tz`` (UTC by default), so the day is the one seen there.
    """
    if isinstance(value, datetime):
        value = as_utc(value).astimezone(tz or UTC).date()
    return format_date(value, format="long", locale=babel_locale(locale))


def format_moment(value: datetime, locale: str, tz: tzinfo | None = None) -> str:
    """Long date and short time in ``tz``; without one, in UTC and labelled "UTC".

    The label matters: a bare "14:30" would be read as the shopper's own local time.
    """
    code = babel_locale(locale)
    moment = as_utc(value).astimezone(tz or UTC)
    day = format_date(moment.date(), format="long", locale=code)
    time = format_time(moment.time(), format="short", locale=code)
    # The locale's own way of joining a date and a time ("{1}, {0}", "{1} {0}", ...).
    pattern = str(Locale.parse(code).datetime_formats["long"]).replace("'", "")
    joined = pattern.replace("{0}", time).replace("{1}", day)
    return joined if tz else f"{joined} UTC"


def status_name(status: OrderStatus | str, locale: str) -> str:
    """An order status as shoppers read it ("Out for delivery", "En reparto", ...)."""
    names = catalog(resolve_locale(locale))
    return names.get(f"status_names.{status}", _humanize(status))


def shipment_status_name(status: str, locale: str) -> str:
    """A shipment status in running text ("in transit", "en tránsito", ...)."""
    names = catalog(resolve_locale(locale))
    return names.get(f"shipment_status_names.{status}", _humanize(status))


def _humanize(code: str) -> str:
    # A status the catalogs do not know yet: show the connector's word rather than guess.
    return str(code).replace("_", " ")
