"""Policy facts in a reply, as the shopper reads them: terms, countries, shipping quotes and
regions, business hours. Templates live in the catalogs (``terms.*``, ``shipping_quote.*``,
``opening_hours.*``); day, country, time and time-zone names come from Babel."""

from __future__ import annotations

from typing import Any

from babel import Locale
from babel.dates import format_time, get_day_names, get_timezone_name
from babel.lists import format_list

from shopdesk.core.replies import (
    Country,
    HoursSpan,
    OpeningHours,
    ShippingQuote,
    ShippingZone,
    Term,
)
from shopdesk.responses.catalog import catalog, message
from shopdesk.responses.formatting import babel_locale, format_money

# A region listing more countries than this is called by the shop's own name for it.
_MAX_NAMED_COUNTRIES = 3
_UTC = frozenset({"UTC", "ETC/UTC", "GMT", "ETC/GMT", "Z", "ZULU", "UNIVERSAL", "ETC/UNIVERSAL"})


def format_policy_value(value: Any, loc: str) -> str | None:
    """``value`` in ``loc`` when it is one of the policy types (or a list of them), else None."""
    if isinstance(value, Term):
        return term(value, loc)
    if isinstance(value, Country):
        return country_name(value.code, loc)
    if isinstance(value, ShippingQuote):
        return _quote(value, loc)
    if isinstance(value, ShippingZone):
        return _zone(value, loc)
    if isinstance(value, OpeningHours):
        return _hours(value, loc)
    if isinstance(value, list | tuple) and value:
        if all(isinstance(v, ShippingQuote | ShippingZone) for v in value):
            # One per line: a sentence listing three regions' options would be unreadable.
            return "\n".join(f"• {format_policy_value(v, loc)}" for v in value)
        if all(isinstance(v, Term | Country) for v in value):
            names = [str(format_policy_value(v, loc)) for v in value]
            return format_list(names, locale=babel_locale(loc))
    return None


def term(value: Term, loc: str) -> str:
    text = catalog(loc).get(f"terms.{value.group}.{_code(value.code)}")
    return text if text is not None else (value.fallback or value.code)


def country_name(code: str, loc: str) -> str:
    names = Locale.parse(babel_locale(loc)).territories
    return str(names.get(code.upper(), code.upper()))


def _days(low: int, high: int, loc: str) -> str:
    if low == high:
        if high == 1:
            return message(loc, "shipping_quote.days_one")
        return message(loc, "shipping_quote.days_exact", days=high)
    return message(loc, "shipping_quote.days_range", low=low, high=high)


def _quote(quote: ShippingQuote, loc: str) -> str:
    name = term(Term(group="shipping_options", code=quote.name), loc)
    days = _days(quote.days[0], quote.days[1], loc)
    if quote.price.amount == 0:
        return message(loc, "shipping_quote.free", name=name, days=days)
    price = format_money(quote.price.amount, quote.price.currency, loc)
    if quote.free_over is None:
        return message(loc, "shipping_quote.paid", name=name, days=days, price=price)
    over = format_money(quote.free_over.amount, quote.free_over.currency, loc)
    return message(
        loc, "shipping_quote.paid_free_over", name=name, days=days, price=price, free_over=over
    )


def _zone(zone: ShippingZone, loc: str) -> str:
    if not zone.countries:
        where = message(loc, "shipping_quote.elsewhere")
    elif len(zone.countries) <= _MAX_NAMED_COUNTRIES:
        names = [country_name(c, loc) for c in zone.countries]
        where = format_list(names, locale=babel_locale(loc))
    else:
        where = zone.name
    quotes = message(loc, "shipping_quote.separator").join(_quote(q, loc) for q in zone.quotes)
    return message(loc, "shipping_quote.zone", zone=where, quotes=quotes)


def _hours(hours: OpeningHours, loc: str) -> str:
    spans = [_span(s, loc) for s in hours.spans]
    listed = format_list(spans, locale=babel_locale(loc))
    zone = _zone_name(hours.timezone, loc)
    return message(loc, "opening_hours.with_zone", hours=listed, timezone=zone)


def _zone_name(zone: str, loc: str) -> str:
    """ "Central European Time", "hora de Europa central"; UTC and unknown zones as written."""
    if zone.upper() in _UTC:
        return "UTC"
    try:
        return str(get_timezone_name(zone, locale=babel_locale(loc)))
    except LookupError:  # a zone Babel does not know: its IANA name is still exact
        return zone


def _span(span: HoursSpan, loc: str) -> str:
    names = get_day_names("wide", locale=babel_locale(loc))
    code = babel_locale(loc)
    opens = format_time(span.opens, format="short", locale=code)
    closes = format_time(span.closes, format="short", locale=code)
    if span.first_day == span.last_day:
        days = str(names[span.first_day])
    else:
        days = message(
            loc,
            "opening_hours.days_range",
            first=names[span.first_day],
            last=names[span.last_day],
        )
    return message(loc, "opening_hours.span", days=days, opens=opens, closes=closes)


def _code(name: str) -> str:
    """ "Apple Pay", "apple-pay", "apple_pay" -> "apple_pay"."""
    return "_".join(name.strip().lower().replace("-", " ").split())
