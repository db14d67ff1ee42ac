"""Shopify connector: the Admin REST API (``/admin/api/{version}/...``).

Config keys: ``shop_url`` (https://my-shop.myshopify.com), ``access_token`` (an Admin API token
with read/write_orders and read_products), optional ``api_version`` (default below; Shopify keeps
each version a year), ``storefront_url`` (for product links) and the timeouts of ``HttpOptions``.
Shopify's REST API takes no idempotency header, so safety comes from ``HttpConnector``'s re-read.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal
from typing import Any

from shopdesk.commerce.connector import Found, HttpConnector
from shopdesk.commerce.http import Clock, HttpOptions, ShopClient, Sleep, required
from shopdesk.commerce.platform_returns import note_text
from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ShipmentView,
    order_number_key,
)
from shopdesk.core.products import ProductView, VariantView
from shopdesk.core.types import (
    OrderStatus,
    PaymentStatus,
    RefundStatus,
    ShipmentStatus,
)

DEFAULT_API_VERSION = "2024-07"

# fulfillment.shipment_status (carrier events) -> ours.
_SHIPMENT = {
    "label_printed": ShipmentStatus.LABEL_CREATED,
    "label_purchased": ShipmentStatus.LABEL_CREATED,
    "confirmed": ShipmentStatus.LABEL_CREATED,
    "in_transit": ShipmentStatus.IN_TRANSIT,
    "ready_for_pickup": ShipmentStatus.IN_TRANSIT,
    "out_for_delivery": ShipmentStatus.OUT_FOR_DELIVERY,
    "delivered": ShipmentStatus.DELIVERED,
    # The parcel did not reach the shopper: they should hear there is a problem.
    "attempted_delivery": ShipmentStatus.EXCEPTION,
    "failure": ShipmentStatus.EXCEPTION,
}
_PAYMENT = {
    "pending": PaymentStatus.PENDING,
    "partially_paid": PaymentStatus.PENDING,
    # Authorized means the money is held for the shop; Shopify captures it on fulfilment.
    "authorized": PaymentStatus.PAID,
    "paid": PaymentStatus.PAID,
    "partially_refunded": PaymentStatus.PARTIALLY_REFUNDED,
    "refunded": PaymentStatus.REFUNDED,
}
_PAID = {"authorized", "paid", "partially_refunded"}
# Money actually taken; an authorization is voided by the cancel itself.
_CAPTURED = {"paid", "partially_paid", "partially_refunded"}


def _dt(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _address(raw: Mapping[str, Any] | None) -> AddressView | None:
    if not raw:
        return None
    name = raw.get("name") or " ".join(
        p for p in (raw.get("first_name"), raw.get("last_name")) if p
    )
    return AddressView(
        name=name or None,
        line1=raw.get("address1"),
        line2=raw.get("address2") or None,
        city=raw.get("city"),
        region=raw.get("province_code") or raw.get("province"),
        postal_code=raw.get("zip"),
        country=raw.get("country_code") or raw.get("country"),
    )


def _shipments(fulfillment: Mapping[str, Any]) -> list[ShipmentView]:
    if fulfillment.get("status") in {"cancelled", "error", "failure"}:
        return []
    if fulfillment.get("shipment_status"):
        status = _SHIPMENT.get(fulfillment["shipment_status"], ShipmentStatus.IN_TRANSIT)
    elif fulfillment.get("status") == "success":
        status = ShipmentStatus.IN_TRANSIT  # handed over, no carrier events yet
    else:
        status = ShipmentStatus.LABEL_CREATED
    numbers = list(fulfillment.get("tracking_numbers") or [])
    urls = list(fulfillment.get("tracking_urls") or [])
    if not numbers and fulfillment.get("tracking_number"):
        numbers = [fulfillment["tracking_number"]]
    if not urls and fulfillment.get("tracking_url"):
        urls = [fulfillment["tracking_url"]]
    shipped_at = _dt(fulfillment.get("created_at"))
    delivered_at = (
        _dt(fulfillment.get("updated_at")) if status is ShipmentStatus.DELIVERED else None
    )
    # One fulfilment may hold several parcels, each with its own tracking number.
    return [
        ShipmentView(
            carrier=fulfillment.get("tracking_company"),
            tracking_number=number,
            tracking_url=urls[i] if i < len(urls) else None,
            status=status,
            shipped_at=shipped_at,
            delivered_at=delivered_at,
        )
        for i, number in enumerate(numbers or [None])
    ]


def _refund(raw: Mapping[str, Any]) -> RefundView | None:
    money = [t for t in raw.get("transactions") or () if t.get("kind") == "refund"]
    money = [t for t in money if t.get("status") in {"success", "pending"}]
    if not money:
        return None  # a restock-only refund moved no money
    settled = all(t.get("status") == "success" for t in money)
    return RefundView(
        amount=sum((Decimal(t["amount"]) for t in money), Decimal("0")),
        status=RefundStatus.PROCESSED if settled else RefundStatus.PENDING,
        created_at=_dt(raw.get("created_at")),
    )


def _status(raw: Mapping[str, Any], shipments: list[ShipmentView]) -> OrderStatus:
    financial = raw.get("financial_status")
    if raw.get("cancelled_at") or financial == "voided":
        return OrderStatus.CANCELLED
    if raw.get("fulfillment_status") == "restocked":
        return OrderStatus.RETURNED
    if financial == "refunded":
        return OrderStatus.REFUNDED
    if shipments:
        everything_sent = raw.get("fulfillment_status") == "fulfilled"
        if everything_sent and all(s.status == ShipmentStatus.DELIVERED for s in shipments):
            return OrderStatus.DELIVERED
        if any(s.status == ShipmentStatus.OUT_FOR_DELIVERY for s in shipments):
            return OrderStatus.OUT_FOR_DELIVERY
        return OrderStatus.SHIPPED
    return OrderStatus.PAID if financial in _PAID else OrderStatus.PENDING


def order_view(raw: Mapping[str, Any]) -> OrderView:
    shipments = [s for f in raw.get("fulfillments") or () for s in _shipments(f)]
    customer = raw.get("customer") or {}
    default_address = customer.get("default_address") or {}
    shipping = _address(raw.get("shipping_address"))
    names = (customer.get("first_name"), customer.get("last_name"))
    payment = _PAYMENT.get(raw.get("financial_status") or "")
    return OrderView(
        number=raw["name"],
        status=_status(raw, shipments),
        payment_status=str(payment) if payment else None,
        currency=raw["currency"],
        total=Decimal(raw["total_price"]),
        placed_at=datetime.fromisoformat(raw["created_at"]),
        customer_email=raw.get("email") or customer.get("email") or "",
        customer_name=" ".join(n for n in names if n) or (shipping.name if shipping else None),
        customer_postal_code=default_address.get("zip"),
        shipping_address=shipping,
        items=tuple(
            OrderItemView(
                sku=item.get("sku") or None,
                name=item.get("name") or item.get("title") or "",
                quantity=int(item["quantity"]),
                unit_price=Decimal(item["price"]) if item.get("price") else None,
            )
            for item in raw.get("line_items") or ()
        ),
        shipments=tuple(shipments),
        refunds=tuple(r for r in map(_refund, raw.get("refunds") or ()) if r is not None),
    )


def _variant_stock(variant: Mapping[str, Any]) -> int | None:
    # Without inventory_management Shopify does not count stock: never "sold out".
    if not variant.get("inventory_management"):
        return None
    return int(variant.get("inventory_quantity") or 0)


def product_view(raw: Mapping[str, Any], currency: str, storefront: str | None) -> ProductView:
    variants = raw.get("variants") or []
    stocks = [_variant_stock(v) for v in variants]
    first = variants[0] if variants else {}
    return ProductView(
        sku=first.get("sku") or raw["handle"],
        name=raw["title"],
        price=min((Decimal(v["price"]) for v in variants), default=Decimal("0")),
        currency=currency,
        stock=None if None in stocks or not stocks else sum(s for s in stocks if s is not None),
        url=f"{storefront.rstrip('/')}/products/{raw['handle']}" if storefront else None,
        description=" ".join(re.sub(r"<[^>]+>", " ", raw.get("body_html") or "").split()) or None,
        tags=tuple(t.strip() for t in (raw.get("tags") or "").split(",") if t.strip()),
        variants=tuple(
            VariantView(
                sku=v.get("sku") or str(v["id"]),
                name=v.get("title") or "",
                stock=_variant_stock(v),
            )
            for v in variants
            if len(variants) > 1
        ),
    )


def _score(product: ProductView, words: list[str]) -> int:
    title = product.name.casefold()
    rest = " ".join([product.description or "", *product.tags]).casefold()
    return sum(2 if w in title else 1 if w in rest else 0 for w in words)


class ShopifyConnector(HttpConnector):
    name = "shopify"
    # orderEditBegin -> orderEditSetQuantity -> orderEditCommit, and a refund apart: several
    # GraphQL calls with no way to make them one, so a failure midway leaves an open edit.
    no_item_changes = "order edits are a multi-step GraphQL flow, not done from the chat"

    def __init__(
        self,
        client: ShopClient,
        *,
        api_version: str = DEFAULT_API_VERSION,
        storefront_url: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__(client, clock=clock)
        self._api = f"/admin/api/{api_version}"
        self._storefront = storefront_url
        self._currency: str | None = None

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], *, sleep: Sleep | None = None, clock: Clock | None = None
    ) -> ShopifyConnector:
        client = ShopClient(
            "shopify",
            required(config, "shop_url"),
            options=HttpOptions.from_config(config),
            headers={"X-Shopify-Access-Token": required(config, "access_token")},
            sleep=sleep,
        )
        return cls(
            client,
            api_version=str(config.get("api_version") or DEFAULT_API_VERSION),
            storefront_url=config.get("storefront_url"),
            clock=clock,
        )

    async def fetch_order(self, number_key: str) -> Found | None:
        body = await self.client.read(
            f"{self._api}/orders.json", {"name": number_key, "status": "any"}
        )
        for raw in (body or {}).get("orders") or ():
            # The name filter is loose ("1001" also finds "#1001"); only an exact key counts.
            if order_number_key(raw["name"]) == number_key:
                return Found(ref=str(raw["id"]), view=order_view(raw), raw=raw)
        return None

    async def send_cancel(self, found: Found, reason: str | None, key: str) -> OrderView:
        # Shopify keeps the reason to an enum; the shopper's words stay in our conversation.
        body: dict[str, Any] = {"reason": "customer", "email": True, "restock": True}
        if found.raw.get("financial_status") in _CAPTURED:
            # With an amount, Shopify refunds (or voids) the payment as part of the cancel.
            remaining = found.view.total - found.view.refunded_total
            if remaining > 0:
                body |= {"amount": f"{remaining:.2f}", "currency": found.view.currency}
        answer = await self.client.write(
            "POST", f"{self._api}/orders/{found.ref}/cancel.json", body
        )
        return order_view(answer["order"])

    async def send_address(self, found: Found, address: AddressView, key: str) -> OrderView:
        first, _, last = (address.name or "").rpartition(" ")
        country = address.country or ""
        shipping = {
            "first_name": first or None,
            "last_name": last or None,
            "address1": address.line1,
            "address2": address.line2,
            "city": address.city,
            "province": address.region,
            "zip": address.postal_code,
            "country_code" if len(country) == 2 else "country": address.country,
        }
        body = {"order": {"id": int(found.ref), "shipping_address": shipping}}
        answer = await self.client.write("PUT", f"{self._api}/orders/{found.ref}.json", body)
        return order_view(answer["order"])

    async def return_noted(self, found: Found, reference: str) -> bool:
        return reference in str(found.raw.get("note") or "")

    async def send_return_note(
        self, found: Found, reference: str, lines: list[dict[str, Any]], reason: str
    ) -> None:
        # REST has no returns resource (returns are GraphQL-only): the order's note and tags,
        # through the documented PUT /orders/{id}.json, show the return to the shop's staff and
        # let them filter by the "return-requested" tag. The note is replaced as a whole, so the
        # one just read is kept in front of ours.
        note = "\n".join(
            filter(None, [str(found.raw.get("note") or ""), note_text(reference, lines, reason)])
        )
        tags = [t.strip() for t in str(found.raw.get("tags") or "").split(",") if t.strip()]
        tags += [t for t in ("return-requested", reference) if t not in tags]
        body = {"order": {"id": int(found.ref), "note": note, "tags": ", ".join(tags)}}
        await self.client.write("PUT", f"{self._api}/orders/{found.ref}.json", body)

    async def _catalog(self) -> list[ProductView]:
        if self._currency is None:
            shop = await self.client.read(f"{self._api}/shop.json")
            self._currency = str((shop or {}).get("shop", {}).get("currency") or "USD")
        # One page of 250 active products: enough for the shops this targets; see the docs.
        body = await self.client.read(
            f"{self._api}/products.json", {"limit": 250, "status": "active"}
        )
        raws = (body or {}).get("products") or ()
        return [product_view(raw, self._currency, self._storefront) for raw in raws]

    async def search_products(self, query: str, limit: int) -> list[ProductView]:
        words = [w for w in query.casefold().split() if len(w) > 1]
        scored = [(_score(p, words), p) for p in await self._catalog()]
        ranked = sorted((s for s in scored if s[0] > 0), key=lambda s: -s[0])
        return [p for _, p in ranked[:limit]]

    async def fetch_product(self, sku: str) -> ProductView | None:
        for product in await self._catalog():
            if product.sku == sku or any(v.sku == sku for v in product.variants):
                return product
        return None


def from_config(config: Mapping[str, Any]) -> ShopifyConnector:
    """The ``shopify`` entry point."""
    return ShopifyConnector.from_config(config)
