"""Field types of the import document, each with a message that says what was expected.

Validators are "plain": they see the raw JSON value, so a float given for money is rejected rather
than silently rounded, and a naive datetime is read as UTC instead of being refused.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated, Any, TypeVar

from babel.numbers import list_currencies
from pydantic import PlainValidator, StringConstraints
from pydantic_core import PydanticCustomError

from shopdesk.core.types import OrderStatus, PaymentStatus, RefundStatus, ShipmentStatus

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
# Money columns are Numeric(14, 2): more than two decimals would be rounded by the database.
_MONEY = re.compile(r"^\d{1,12}(\.\d{1,2})?$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_LOCALE = re.compile(r"^([A-Za-z]{2})(?:[-_][A-Za-z0-9]{2,8})?$")
_COUNTRY = re.compile(r"^[A-Za-z]{2}$")
_CURRENCIES = frozenset(list_currencies())

E = TypeVar("E", bound=StrEnum)


def shown(value: Any) -> str:
    """A value as the user wrote it, quoted like JSON and cut short."""
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fail(kind: str, message: str) -> PydanticCustomError:
    # Braces in user values would be read as template fields by pydantic: escape them.
    return PydanticCustomError(kind, message.replace("{", "{{").replace("}", "}}"))


def _money(value: Any) -> Decimal:
    if isinstance(value, Decimal) and value.is_finite():
        value = f"{value:f}"
    if isinstance(value, int | float):  # bool is an int too
        raise _fail("money_type", f'money must be a decimal string like "18.00", got {value!r}')
    if not isinstance(value, str):
        raise _fail(
            "money_type", f'money must be a decimal string like "18.00", got {shown(value)}'
        )
    text = value.strip()
    if text.startswith("-"):
        raise _fail("money_negative", f"money must not be negative, got {shown(value)}")
    if not _MONEY.match(text):
        raise _fail(
            "money_format",
            f'invalid money {shown(value)}: expected a decimal string like "18.00" '
            "(at most 2 decimals)",
        )
    return Decimal(text)


def _email(value: Any) -> str:
    text = value.strip().lower() if isinstance(value, str) else None
    if not text or len(text) > 320 or not _EMAIL.match(text):
        raise _fail("email", f"invalid email {shown(value)}")
    return text


def _currency(value: Any) -> str:
    text = value.strip().upper() if isinstance(value, str) else ""
    if len(text) != 3 or text not in _CURRENCIES:
        raise _fail(
            "currency", f'invalid currency {shown(value)}: expected an ISO 4217 code like "EUR"'
        )
    return text


def _locale(value: Any) -> str:
    match = _LOCALE.match(value.strip()) if isinstance(value, str) else None
    if not match:
        raise _fail("locale", f'invalid locale {shown(value)}: expected two letters like "en"')
    # "es-ES" and "pt_BR" keep only the language: replies are chosen per language.
    return match.group(1).lower()


def _country(value: Any) -> str:
    if not isinstance(value, str) or not _COUNTRY.match(value.strip()):
        raise _fail("country", f'invalid country {shown(value)}: expected two letters like "ES"')
    return value.strip().upper()


def _datetime(value: Any) -> datetime:
    if isinstance(value, datetime):
        parsed = value
    else:
        try:
            parsed = datetime.fromisoformat(value.strip())
        except (AttributeError, TypeError, ValueError):
            raise _fail(
                "datetime",
                f"invalid datetime {shown(value)}: "
                'expected ISO 8601 like "2026-11-01T10:00:00+00:00"',
            ) from None
    # A naive timestamp in an export is almost always UTC; storing it as such beats refusing it.
    return parsed.replace(tzinfo=UTC) if parsed.tzinfo is None else parsed


def _date(value: Any) -> date:
    if isinstance(value, date) and not isinstance(value, datetime):
        return value
    shaped = isinstance(value, str) and bool(_DATE.match(value.strip()))
    if shaped:
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    hint = "" if shaped else " (expected YYYY-MM-DD)"
    raise _fail("date", f"invalid date {shown(value)}{hint}")


def _status(enum: type[E]) -> Callable[[Any], E]:
    allowed = ", ".join(member.value for member in enum)

    def validate(value: Any) -> E:
        try:
            return enum(value.strip().lower())
        except (AttributeError, ValueError):
            raise _fail(
                "status", f"invalid status {shown(value)}: expected one of {allowed}"
            ) from None

    return validate


def _required(max_length: int) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, min_length=1, max_length=max_length)


def _optional(max_length: int | None = None) -> StringConstraints:
    return StringConstraints(strip_whitespace=True, max_length=max_length)


# Sizes follow the columns, so an overlong value is reported here rather than by PostgreSQL later.
Key64 = Annotated[str, _required(64)]
Key200 = Annotated[str, _required(200)]
Name300 = Annotated[str, _required(300)]
Text = Annotated[str, _required(1_000_000)]
OptText = Annotated[str, _optional()] | None
Opt20 = Annotated[str, _optional(20)] | None
Opt40 = Annotated[str, _optional(40)] | None
Opt100 = Annotated[str, _optional(100)] | None
Opt200 = Annotated[str, _optional(200)] | None
Opt300 = Annotated[str, _optional(300)] | None

OrderStatusField = Annotated[OrderStatus, PlainValidator(_status(OrderStatus))]
PaymentStatusField = Annotated[PaymentStatus, PlainValidator(_status(PaymentStatus))]
ShipmentStatusField = Annotated[ShipmentStatus, PlainValidator(_status(ShipmentStatus))]
RefundStatusField = Annotated[RefundStatus, PlainValidator(_status(RefundStatus))]
Money = Annotated[Decimal, PlainValidator(_money)]
Email = Annotated[str, PlainValidator(_email)]
Currency = Annotated[str, PlainValidator(_currency)]
Locale = Annotated[str, PlainValidator(_locale)]
Country = Annotated[str, PlainValidator(_country)]
AwareDatetime = Annotated[datetime, PlainValidator(_datetime)]
Date = Annotated[date, PlainValidator(_date)]
