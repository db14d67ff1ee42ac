"""WooCommerce connector: the REST API v3 (``/wp-json/wc/v3``), basic auth with an API key pair.

Config keys: ``url`` (the WordPress site), ``consumer_key``, ``consumer_secret`` (WooCommerce ->
Settings -> Advanced -> REST API, read/write), optional ``currency`` (else asked once from the
shop) and the timeouts of ``HttpOptions``. WooCommerce has no idempotency header; writes rely on
``HttpConnector``'s re-read. Tracking numbers come from the Shipment Tracking extension's order
meta (``_wc_shipment_tracking_items``), the de-facto standard; without it orders have none.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import UTC, datetime
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
from shopdesk.core.products import ProductView
from shopdesk.core.types import OrderStatus, PaymentStatus, RefundStatus, ShipmentStatus

_STATUS = {
    "pending": OrderStatus.PENDING,  # awaiting payment
    "checkout-draft": OrderStatus.PENDING,
    "processing": OrderStatus.PROCESSING,  # paid, being prepared
    "on-hold": OrderStatus.ON_HOLD,  # awaiting payment confirmation (bank transfer, cheque)
    # "completed" means fulfilled, i.e. sent: WooCommerce does not know about delivery.
    "completed": OrderStatus.SHIPPED,
    "cancelled": OrderStatus.CANCELLED,
    "refunded": OrderStatus.REFUNDED,
    "failed": OrderStatus.PAYMENT_FAILED,
}
TRACKING_META = "_wc_shipment_tracking_items"


def _status(raw: Mapping[str, Any]) -> OrderStatus:
    status = str(raw.get("status") or "")
    if status in _STATUS:
        return _STATUS[status]
    try:  # plugins add statuses such as "shipped" or "delivered"
        return OrderStatus(status.replace("-", "_"))
    except ValueError:
        return OrderStatus.PROCESSING


def _address(raw: Mapping[str, Any] | None) -> AddressView | None:
    if not raw or not raw.get("address_1"):
        return None
    name = " ".join(p for p in (raw.get("first_name"), raw.get("last_name")) if p)
    return AddressView(
        name=name or None,
        line1=raw.get("address_1"),
        line2=raw.get("address_2") or None,
        city=raw.get("city") or None,
        region=raw.get("state") or None,
        postal_code=raw.get("postcode") or None,
        country=raw.get("country") or None,
    )


def _shipments(raw: Mapping[str, Any]) -> tuple[ShipmentView, ...]:
    meta = {m.get("key"): m.get("value") for m in raw.get("meta_data") or ()}
    sent = raw.get("status") == "completed"
    status = ShipmentStatus.IN_TRANSIT if sent else ShipmentStatus.LABEL_CREATED
    return tuple(
        ShipmentView(
            carrier=item.get("custom_tracking_provider") or item.get("tracking_provider") or None,
            tracking_number=item.get("tracking_number") or None,
            tracking_url=item.get("custom_tracking_link") or None,
            status=status,
            shipped_at=(
                datetime.fromtimestamp(int(item["date_shipped"]), UTC)
                if item.get("date_shipped")
                else None
            ),
        )
        for item in meta.get(TRACKING_META) or ()
    )


def order_view(raw: Mapping[str, Any]) -> OrderView:
    billing = raw.get("billing") or {}
    total = Decimal(str(raw["total"]))
    # Refunds appear on the order with negative totals and no dates.
    refunds = tuple(
        RefundView(amount=abs(Decimal(str(r["total"]))), status=RefundStatus.PROCESSED)
        for r in raw.get("refunds") or ()
    )
    refunded = sum((r.amount for r in refunds), Decimal("0"))
    if raw.get("status") == "failed":
        payment = PaymentStatus.FAILED
    elif refunded and refunded >= total:
        payment = PaymentStatus.REFUNDED
    elif refunded:
        payment = PaymentStatus.PARTIALLY_REFUNDED
    else:
        payment = PaymentStatus.PAID if raw.get("date_paid_gmt") else PaymentStatus.PENDING
    name = " ".join(p for p in (billing.get("first_name"), billing.get("last_name")) if p)
    return OrderView(
        number=str(raw.get("number") or raw["id"]),
        status=_status(raw),
        payment_status=str(payment),
        currency=raw["currency"],
        total=total,
        placed_at=datetime.fromisoformat(raw["date_created_gmt"]).replace(tzinfo=UTC),
        customer_email=billing.get("email") or "",
        customer_name=name or None,
        customer_postal_code=billing.get("postcode") or None,
        shipping_address=_address(raw.get("shipping")),
        items=tuple(
            OrderItemView(
                sku=item.get("sku") or None,
                name=item["name"],
                quantity=int(item["quantity"]),
                unit_price=Decimal(str(item["price"])) if item.get("price") is not None else None,
            )
            for item in raw.get("line_items") or ()
        ),
        shipments=_shipments(raw),
        refunds=refunds,
    )


def product_view(raw: Mapping[str, Any], currency: str) -> ProductView:
    if raw.get("manage_stock"):
        stock: int | None = int(raw.get("stock_quantity") or 0)
    else:
        stock = 0 if raw.get("stock_status") == "outofstock" else None
    description = raw.get("short_description") or raw.get("description") or ""
    return ProductView(
        sku=raw.get("sku") or str(raw["id"]),
        name=raw["name"],
        price=Decimal(str(raw.get("price") or "0")),
        currency=currency,
        stock=stock,
        url=raw.get("permalink"),
        description=_strip_tags(description) or None,
        tags=tuple(t["name"] for t in raw.get("tags") or ()),
    )


def _strip_tags(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


class WooCommerceConnector(HttpConnector):
    name = "woocommerce"
    # PUT line_items replaces lines without recalculating taxes, coupons or stock, and the
    # refund is a separate call: no safe partial edit.
    no_item_changes = "line items have no safe partial-edit semantics in REST v3"

    def __init__(
        self, client: ShopClient, *, currency: str | None = None, clock: Clock | None = None
    ) -> None:
        super().__init__(client, clock=clock)
        self._currency = currency

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], *, sleep: Sleep | None = None, clock: Clock | None = None
    ) -> WooCommerceConnector:
        client = ShopClient(
            "woocommerce",
            required(config, "url").rstrip("/") + "/wp-json/wc/v3",
            options=HttpOptions.from_config(config),
            auth=(required(config, "consumer_key"), required(config, "consumer_secret")),
            sleep=sleep,
        )
        return cls(client, currency=config.get("currency"), clock=clock)

    def _found(self, raw: Mapping[str, Any] | None, number_key: str) -> Found | None:
        if not raw or order_number_key(str(raw.get("number") or raw.get("id"))) != number_key:
            return None
        return Found(ref=str(raw["id"]), view=order_view(raw), raw=raw)

    async def fetch_order(self, number_key: str) -> Found | None:
        # Order numbers are the post ids unless a plugin renumbers them; then search finds them.
        if number_key.isdigit():
            found = self._found(await self.client.read(f"/orders/{number_key}"), number_key)
            if found is not None:
                return found
        # The key has lost the shop's separators ("WC-1001" -> "WC1001"): search by its digits.
        term = max(re.findall(r"\d+", number_key), key=len, default=number_key)
        results = await self.client.read("/orders", {"search": term, "per_page": 20})
        for raw in results or ():
            found = self._found(raw, number_key)
            if found is not None:
                return found
        return None

    async def send_cancel(self, found: Found, reason: str | None, key: str) -> OrderView:
        view = found.view
        remaining = view.total - view.refunded_total
        if found.raw.get("date_paid_gmt") and remaining > 0:
            # Refund first: an order left refunded-but-not-cancelled is never shipped, while
            # cancelled-but-not-refunded would keep the shopper's money. A retry resumes here
            # with the refund already counted, so the money never goes back twice.
            refund = {
                "amount": f"{remaining:.2f}",
                "reason": reason or "Cancelled at the customer's request",
                "api_refund": True,  # through the payment gateway, not only recorded
                "restock_items": False,  # cancelling restocks already
            }
            await self.client.write("POST", f"/orders/{found.ref}/refunds", refund)
        answer = await self.client.write("PUT", f"/orders/{found.ref}", {"status": "cancelled"})
        return order_view(answer)

    async def send_address(self, found: Found, address: AddressView, key: str) -> OrderView:
        first, _, last = (address.name or "").rpartition(" ")
        shipping = {
            "first_name": first or last,
            "last_name": last if first else "",
            "address_1": address.line1 or "",
            "address_2": address.line2 or "",
            "city": address.city or "",
            "state": address.region or "",
            "postcode": address.postal_code or "",
            "country": address.country or "",
        }
        answer = await self.client.write("PUT", f"/orders/{found.ref}", {"shipping": shipping})
        return order_view(answer)

    async def return_noted(self, found: Found, reference: str) -> bool:
        notes = await self.client.read(f"/orders/{found.ref}/notes") or ()
        return any(reference in str(note.get("note") or "") for note in notes)

    async def send_return_note(
        self, found: Found, reference: str, lines: list[dict[str, Any]], reason: str
    ) -> None:
        # WooCommerce has no returns resource; a private order note (POST .../notes) is where
        # the shop's staff see it. Notes are not in the order's JSON, hence return_noted's GET.
        note = {"note": note_text(reference, lines, reason), "customer_note": False}
        await self.client.write("POST", f"/orders/{found.ref}/notes", note)

    async def _shop_currency(self) -> str:
        if self._currency is None:
            current = await self.client.read("/data/currencies/current")
            self._currency = str((current or {}).get("code") or "USD")
        return self._currency

    async def search_products(self, query: str, limit: int) -> list[ProductView]:
        currency = await self._shop_currency()
        params = {"search": query, "per_page": limit, "status": "publish"}
        return [
            product_view(raw, currency) for raw in await self.client.read("/products", params) or ()
        ]

    async def fetch_product(self, sku: str) -> ProductView | None:
        currency = await self._shop_currency()
        results = await self.client.read("/products", {"sku": sku})
        return product_view(results[0], currency) if results else None


def from_config(config: Mapping[str, Any]) -> WooCommerceConnector:
    """The ``woocommerce`` entry point."""
    return WooCommerceConnector.from_config(config)
