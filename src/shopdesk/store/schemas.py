"""The import document (see shared/contracts/store-import.md) as pydantic models.

Unknown keys of a record are kept in its ``extra`` dict and end up in the model's ``extra`` column;
a record may also carry an explicit ``"extra": {...}`` object, which is merged in. Addresses and
tracking events are stored as JSON, so their unknown keys simply stay in them.
"""

from __future__ import annotations

from typing import Any, ClassVar

from pydantic import BaseModel, ConfigDict, Field, StrictBool, model_validator

from shopdesk.store.fields import (
    AwareDatetime,
    Country,
    Currency,
    Date,
    Email,
    Key64,
    Key200,
    Locale,
    Money,
    Name300,
    Opt20,
    Opt40,
    Opt100,
    Opt200,
    Opt300,
    OptText,
    OrderStatusField,
    PaymentStatusField,
    RefundStatusField,
    ShipmentStatusField,
    Text,
)

_INT32_MAX = 2**31 - 1  # Integer columns are 32-bit on PostgreSQL


class _Record(BaseModel):
    """A record whose unknown keys are collected into ``extra`` instead of being dropped."""

    model_config = ConfigDict(extra="forbid", strict=True)

    extra: dict[str, Any] = Field(default_factory=dict)

    # Declared field names, cached: ``model_fields`` is a slow descriptor and this runs per record.
    _known: ClassVar[frozenset[str]] = frozenset()

    @classmethod
    def __pydantic_init_subclass__(cls, **kwargs: Any) -> None:
        super().__pydantic_init_subclass__(**kwargs)
        cls._known = frozenset(cls.model_fields) - {"extra"}

    @model_validator(mode="before")
    @classmethod
    def _collect_extra(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data  # pydantic then reports "must be an object" for this record
        if data.keys() <= cls._known:
            return {**data, "extra": {}}
        extra = {k: v for k, v in data.items() if k not in cls._known}
        explicit = extra.pop("extra", None)
        if isinstance(explicit, dict):
            extra = {**explicit, **extra}
        elif explicit is not None:
            extra["extra"] = explicit
        return {**{k: v for k, v in data.items() if k in cls._known}, "extra": extra}


class _Json(BaseModel):
    """A nested JSON object stored as is: unknown keys are allowed and kept."""

    model_config = ConfigDict(extra="allow", strict=True)


class Address(_Json):
    name: Opt300 = None
    line1: Opt300 = None
    line2: Opt300 = None
    city: Opt200 = None
    region: Opt200 = None
    postal_code: Opt20 = None
    country: Country | None = None


class TrackingEvent(_Json):
    at: AwareDatetime
    location: Opt300 = None
    description: Text


class Customer(_Record):
    email: Email
    name: Opt200 = None
    phone: Opt40 = None
    locale: Locale | None = None
    postal_code: Opt20 = None
    vip: StrictBool = False


class Product(_Record):
    sku: Key64
    name: Name300
    description: OptText = None
    price: Money
    currency: Currency
    stock: int = Field(default=0, ge=0, le=_INT32_MAX)
    tags: list[Key200] = Field(default_factory=list)
    locale: Locale | None = None


class OrderItem(_Record):
    sku: Key64 | None = None
    name: Name300
    quantity: int = Field(ge=1, le=_INT32_MAX)
    unit_price: Money | None = None


class Shipment(_Record):
    carrier: Opt100 = None
    tracking_number: Opt100 = None
    tracking_url: OptText = None
    status: ShipmentStatusField
    shipped_at: AwareDatetime | None = None
    estimated_delivery: Date | None = None
    delivered_at: AwareDatetime | None = None
    events: list[TrackingEvent] = Field(default_factory=list)


class Refund(_Record):
    amount: Money
    status: RefundStatusField
    created_at: AwareDatetime | None = None


class Order(_Record):
    number: Key64
    customer_email: Email
    placed_at: AwareDatetime
    status: OrderStatusField
    payment_status: PaymentStatusField | None = None
    currency: Currency
    total: Money
    shipping_address: Address | None = None
    items: list[OrderItem] = Field(default_factory=list)
    shipments: list[Shipment] = Field(default_factory=list)
    refunds: list[Refund] = Field(default_factory=list)
    # Not in the v1 contract's example but columns of their own: the bot explains them to shoppers.
    payment_failure_reason: OptText = None
    hold_reason: OptText = None


class Article(_Record):
    slug: Key200
    locale: Locale
    title: Name300
    body: Text


class StoreDocument(BaseModel):
    """A whole import file. Unknown top-level keys (a version, a ``$schema``) are ignored."""

    model_config = ConfigDict(extra="ignore", strict=True)

    customers: list[Customer] = Field(default_factory=list)
    products: list[Product] = Field(default_factory=list)
    orders: list[Order] = Field(default_factory=list)
    articles: list[Article] = Field(default_factory=list)

    KINDS: ClassVar[tuple[str, ...]] = ("customers", "products", "orders", "articles")

    @property
    def record_count(self) -> int:
        return len(self.customers) + len(self.products) + len(self.orders) + len(self.articles)
