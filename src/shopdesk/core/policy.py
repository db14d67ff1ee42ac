"""The shop's policy: what the bot may do and promise. Pure data, validated on load.

One YAML file (``SHOPDESK_POLICY_PATH``, see :mod:`shopdesk.policy`) maps onto
:class:`ShopPolicy`; every field has a default, so an empty file is a valid, conservative policy.
The engine checks every write against it in code; the wording of replies quotes it.
"""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta
from decimal import Decimal
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, ConfigDict, Field, field_validator

from shopdesk.core.types import OrderStatus

_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_HOURS = re.compile(r"^(\d{1,2}):(\d{2})-(\d{1,2}):(\d{2})$")


class _Section(BaseModel):
    # Unknown keys are errors: a typo ("window_day") must not silently keep the default.
    model_config = ConfigDict(frozen=True, extra="forbid")


class Brand(_Section):
    name: str = "our shop"
    tone: Literal["friendly", "formal"] = "friendly"


class Fee(_Section):
    amount: Decimal = Field(default=Decimal("0"), ge=0)
    percent: Decimal = Field(default=Decimal("0"), ge=0, le=100)

    def for_total(self, total: Decimal) -> Decimal:
        return (self.amount + total * self.percent / 100).quantize(Decimal("0.01"))


class Cancellation(_Section):
    # Before it ships, by default; a shop that packs fast may allow only pending and paid.
    allowed_statuses: tuple[OrderStatus, ...] = (
        OrderStatus.PENDING,
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.ON_HOLD,
        OrderStatus.PAYMENT_FAILED,
    )
    fee: Fee = Fee()


class OrderChanges(_Section):
    """What the bot may change in an order's items by itself; anything else goes to a person."""

    # Before the order is picked and packed, by default: later the parcel may already be closed.
    allowed_statuses: tuple[OrderStatus, ...] = (OrderStatus.PENDING, OrderStatus.PAID)
    allow_decrease: bool = True
    """Whether a shopper may lower an item's quantity or remove an item (refunded pro rata).
    Adding items or swapping a variant always goes to a person."""


class Returns(_Section):
    window_days: int = Field(default=30, ge=0, le=365)
    """Days after delivery in which an item may be returned."""
    non_returnable_tags: tuple[str, ...] = ("final-sale", "gift-card")
    free_label: bool = True
    """Whether the shop pays for the return label."""


class Refunds(_Section):
    processing_days: tuple[int, int] = (5, 10)
    """Business days from an accepted return (or a cancellation) to the money back."""
    to: Literal["original_payment", "store_credit"] = "original_payment"

    @field_validator("processing_days")
    @classmethod
    def _ordered(cls, value: tuple[int, int]) -> tuple[int, int]:
        if not 0 <= value[0] <= value[1]:
            raise ValueError("must be [fewest, most] days, fewest first")
        return value


class ShippingOption(_Section):
    name: str
    days: tuple[int, int]
    """Business days from dispatch to delivery: [fastest, slowest]."""
    price: Decimal = Field(default=Decimal("0"), ge=0)
    free_over: Decimal | None = Field(default=None, ge=0)


class Region(_Section):
    name: str
    countries: tuple[str, ...] = ()
    """ISO 3166 alpha-2 codes; an empty list matches every country (a catch-all region)."""
    options: tuple[ShippingOption, ...] = Field(min_length=1)

    @field_validator("countries")
    @classmethod
    def _codes(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        bad = [c for c in value if not re.fullmatch(r"[A-Za-z]{2}", c)]
        if bad:
            raise ValueError(f"not two-letter country codes: {', '.join(bad)}")
        return tuple(c.upper() for c in value)


class Shipping(_Section):
    currency: str = Field(default="EUR", pattern=r"^[A-Z]{3}$")
    dispatch_days: int = Field(default=1, ge=0)
    """Business days from order to dispatch."""
    regions: tuple[Region, ...] = (
        Region(name="everywhere", options=(ShippingOption(name="standard", days=(3, 7)),)),
    )
    address_change_statuses: tuple[OrderStatus, ...] = (
        OrderStatus.PENDING,
        OrderStatus.PAID,
        OrderStatus.PROCESSING,
        OrderStatus.ON_HOLD,
        OrderStatus.PAYMENT_FAILED,
    )

    def region_for(self, country: str | None) -> Region | None:
        code = (country or "").upper()
        for region in self.regions:
            if code and code in region.countries:
                return region
        return next((r for r in self.regions if not r.countries), None)


class Payment(_Section):
    methods: tuple[str, ...] = ("visa", "mastercard", "paypal")


class BusinessHours(_Section):
    timezone: str = "UTC"
    days: dict[str, str] = Field(
        default_factory=lambda: dict.fromkeys(_WEEKDAYS[:5], "09:00-17:00")
    )
    """Weekday ("mon".."sun") -> "HH:MM-HH:MM"; a day left out is closed."""

    @field_validator("days")
    @classmethod
    def _spans(cls, value: dict[str, str]) -> dict[str, str]:
        for day, span in value.items():
            if day not in _WEEKDAYS:
                raise ValueError(f"{day!r} is not one of {', '.join(_WEEKDAYS)}")
            m = _HOURS.match(span.strip())
            if m is None:
                raise ValueError(f"{day}: {span!r} is not HH:MM-HH:MM")
            start = time(int(m[1]), int(m[2]))
            end = time(int(m[3]) % 24, int(m[4]))
            if not start < end and span.strip() != "00:00-24:00":
                raise ValueError(f"{day}: {span!r} ends before it starts")
        return value

    def zone(self) -> ZoneInfo:
        try:
            return ZoneInfo(self.timezone)
        except (ZoneInfoNotFoundError, ValueError):
            return ZoneInfo("UTC")

    def _opening(self, day: datetime) -> tuple[datetime, datetime] | None:
        span = self.days.get(_WEEKDAYS[day.weekday()])
        m = _HOURS.match(span.strip()) if span else None
        if m is None:
            return None
        midnight = day.replace(hour=0, minute=0, second=0, microsecond=0)
        opens = midnight + timedelta(hours=int(m[1]), minutes=int(m[2]))
        return opens, midnight + timedelta(hours=int(m[3]), minutes=int(m[4]))

    def is_open(self, now: datetime) -> bool:
        """Whether the team works at ``now`` (an aware datetime)."""
        local = now.astimezone(self.zone())
        hours = self._opening(local)
        return hours is not None and hours[0] <= local < hours[1]

    def next_opening(self, now: datetime) -> datetime | None:
        """``now`` if open, else when the team is next at work; None if never (no days)."""
        local = now.astimezone(self.zone())
        for ahead in range(8):
            day = local + timedelta(days=ahead)
            hours = self._opening(day)
            if hours is None:
                continue
            if ahead == 0 and local >= hours[1]:
                continue
            return max(hours[0], local) if ahead == 0 else hours[0]
        return None


class Handoff(_Section):
    """When to bring a person in (see dialogue.escalation); unset: the server's settings."""

    anger: float | None = Field(default=None, ge=-1, le=1)
    negative: float | None = Field(default=None, ge=-1, le=1)
    long_conversation_turns: int | None = Field(default=None, ge=2)
    legal_words: bool | None = None


class Links(_Section):
    account: str | None = None
    password_reset: str | None = None
    sign_up: str | None = None
    returns_portal: str | None = None
    privacy: str | None = None
    contact: str | None = None
    retry_payment: str | None = None


class ShopPolicy(_Section):
    brand: Brand = Brand()
    cancellation: Cancellation = Cancellation()
    order_changes: OrderChanges = OrderChanges()
    returns: Returns = Returns()
    refunds: Refunds = Refunds()
    shipping: Shipping = Shipping()
    payment: Payment = Payment()
    business_hours: BusinessHours = BusinessHours()
    handoff: Handoff = Handoff()
    links: Links = Links()
