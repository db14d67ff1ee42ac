"""Generic REST connector: a shop's own API, described in its config rather than in code.

Example config (YAML)::

    url: https://api.my-shop.example
    headers: {Authorization: "Bearer s3cret"}
    idempotency_header: Idempotency-Key   # sent with every write, when the API honours one
    currency: EUR                         # for products whose JSON carries none
    get_order: /orders/{number}           # may also answer a list: the matching number wins
    cancel_order: POST /orders/{id}/cancel          # body {"reason": ...}
    update_address: PUT /orders/{id}/shipping-address   # body: the address, see address_fields
    create_return: POST /orders/{id}/returns   # optional; body {reference, items, reason, note}
    search_products: /products?q={query}&limit={limit}
    get_product: /products/{sku}
    order:                                # our field: dotted path in the shop's JSON
      root: data                          # where the order is in the answer (default: all of it)
      id: id                              # fills {id} in write URLs (default: number)
      status: state
      total: amounts.grand_total
      customer_email: customer.email
      shipping_address: {path: ship_to, line1: street, postal_code: zip}
      items: {path: lines, name: title, quantity: qty}
    statuses: {open: processing, sent: shipped}   # the shop's order status -> ours
    address_fields: {line1: street, postal_code: zip}
    products: {root: results, item_root: product, sku: code, price: price.amount}

A field not listed is looked up under our own name (``OrderView``, ``ProductView``), so an API
that already speaks our shapes needs only the URLs.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote

from pydantic import BaseModel, ValidationError

from shopdesk.commerce.connector import Found, HttpConnector
from shopdesk.commerce.http import Clock, HttpOptions, ShopClient, Sleep, required
from shopdesk.commerce.platform_returns import note_text
from shopdesk.commerce.protocols import CommerceUnavailable
from shopdesk.core.orders import (
    AddressView,
    OrderItemView,
    OrderView,
    RefundView,
    ShipmentView,
    TrackingEventView,
    order_number_key,
)
from shopdesk.core.products import ProductView, VariantView

log = logging.getLogger(__name__)

_NESTED: dict[str, type[BaseModel]] = {
    "shipping_address": AddressView,
    "items": OrderItemView,
    "shipments": ShipmentView,
    "events": TrackingEventView,
    "refunds": RefundView,
    "variants": VariantView,
}


def dig(data: Any, path: str) -> Any:
    """``dig({"a": [{"b": 1}]}, "a.0.b") == 1``; None when any step is missing."""
    for part in path.split(".") if path else ():
        if isinstance(data, Mapping):
            data = data.get(part)
        elif isinstance(data, list) and part.isdigit() and int(part) < len(data):
            data = data[int(part)]
        else:
            return None
    return data


def pick(data: Any, mapping: Mapping[str, Any], model: type[BaseModel]) -> dict[str, Any]:
    """The fields of ``model`` read from ``data`` through ``mapping`` (missing ones left out)."""
    out: dict[str, Any] = {}
    for field in model.model_fields:
        spec = mapping.get(field, field)
        if field in _NESTED:
            sub = spec if isinstance(spec, Mapping) else {"path": spec}
            raw = dig(data, str(sub.get("path", field)))
            if isinstance(raw, list):
                out[field] = [pick(x, sub, _NESTED[field]) for x in raw]
            elif raw is not None:
                out[field] = pick(raw, sub, _NESTED[field])
        else:
            value = dig(data, str(spec))
            if value is not None:
                out[field] = value
    return out


def _template(template: str, **values: Any) -> tuple[str, str]:
    """``"PUT /orders/{id}"`` -> ("PUT", "/orders/42"); values are URL-escaped."""
    method, _, path = template.strip().rpartition(" ")
    escaped = {k: quote(str(v), safe="") for k, v in values.items()}
    return (method or "GET").upper(), path.format(**escaped)


class RestConnector(HttpConnector):
    name = "rest"

    def __init__(
        self, client: ShopClient, config: Mapping[str, Any], *, clock: Clock | None = None
    ) -> None:
        super().__init__(client, clock=clock)
        self._config = config
        self._order: Mapping[str, Any] = config.get("order") or {}
        self._statuses: Mapping[str, str] = config.get("statuses") or {}
        self._product_map: Mapping[str, Any] = config.get("products") or {}

    @classmethod
    def from_config(
        cls, config: Mapping[str, Any], *, sleep: Sleep | None = None, clock: Clock | None = None
    ) -> RestConnector:
        required(config, "get_order")
        for key in ("order", "statuses", "address_fields", "products", "headers"):
            if not isinstance(config.get(key) or {}, Mapping):
                raise ValueError(f"{key!r} must be a mapping")
        headers = {str(k): str(v) for k, v in (config.get("headers") or {}).items()}
        client = ShopClient(
            "rest",
            required(config, "url"),
            options=HttpOptions.from_config(config),
            headers=headers,
            sleep=sleep,
        )
        return cls(client, config, clock=clock)

    def _view(self, raw: Any) -> OrderView:
        data = pick(raw, self._order, OrderView)
        status = str(data.get("status", ""))
        data["status"] = self._statuses.get(status, status)
        try:
            return OrderView.model_validate(data)
        except ValidationError as exc:
            # The shop's answer and our mapping disagree: a config problem, never a guess.
            log.error("rest: the order mapping does not fit the answer: %s", exc)
            raise CommerceUnavailable(f"rest: order mapping: {exc.error_count()} errors") from exc

    async def fetch_order(self, number_key: str) -> Found | None:
        _, path = _template(self._config["get_order"], number=number_key)
        body = dig(await self.client.read(path), str(self._order.get("root", "")))
        for raw in body if isinstance(body, list) else [body] if body else []:
            view = self._view(raw)
            if order_number_key(view.number) == number_key:
                ref = dig(raw, str(self._order.get("id", self._order.get("number", "number"))))
                return Found(ref=str(ref), view=view, raw=raw)
        return None

    async def _send(self, name: str, found: Found, body: Mapping[str, Any], key: str) -> OrderView:
        if not self._config.get(name):
            raise CommerceUnavailable(f"rest: {name!r} is not configured")
        method, path = _template(self._config[name], id=found.ref, number=found.view.number)
        header = self._config.get("idempotency_header")
        await self.client.write(method, path, body, headers={str(header): key} if header else None)
        # Write answers vary too much between APIs to map; the order as it is now is certain.
        fresh = await self.fetch_order(order_number_key(found.view.number))
        if fresh is None:
            raise CommerceUnavailable(f"rest: order {found.view.number} gone after {name}")
        return fresh.view

    async def send_cancel(self, found: Found, reason: str | None, key: str) -> OrderView:
        return await self._send("cancel_order", found, {"reason": reason}, key)

    async def send_address(self, found: Found, address: AddressView, key: str) -> OrderView:
        names: Mapping[str, str] = self._config.get("address_fields") or {}
        body = {names.get(k, k): v for k, v in address.model_dump().items()}
        return await self._send("update_address", found, body, key)

    async def send_return_note(
        self, found: Found, reference: str, lines: list[dict[str, Any]], reason: str
    ) -> None:
        # Without a configured endpoint the return lives in our table only. With one, the
        # reference (derived from the idempotency key) is sent as the idempotency header too,
        # so an API that honours it takes a resent return once.
        if not self._config.get("create_return"):
            return
        method, path = _template(
            self._config["create_return"], id=found.ref, number=found.view.number
        )
        body = {
            "reference": reference,
            "items": lines,
            "reason": reason,
            "note": note_text(reference, lines, reason),
        }
        header = self._config.get("idempotency_header")
        await self.client.write(
            method, path, body, headers={str(header): reference} if header else None
        )

    def _product(self, raw: Any) -> ProductView:
        data = pick(raw, self._product_map, ProductView)
        data.setdefault("currency", self._config.get("currency"))
        try:
            return ProductView.model_validate(data)
        except ValidationError as exc:
            log.error("rest: the product mapping does not fit the answer: %s", exc)
            raise CommerceUnavailable(f"rest: product mapping: {exc.error_count()} errors") from exc

    async def search_products(self, query: str, limit: int) -> list[ProductView]:
        if not self._config.get("search_products"):
            return []
        _, path = _template(self._config["search_products"], query=query, limit=limit)
        found = dig(await self.client.read(path), str(self._product_map.get("root", "")))
        return [self._product(raw) for raw in (found or [])[:limit]]

    async def fetch_product(self, sku: str) -> ProductView | None:
        if not self._config.get("get_product"):
            return None
        _, path = _template(self._config["get_product"], sku=sku)
        raw = dig(await self.client.read(path), str(self._product_map.get("item_root", "")))
        return self._product(raw) if raw else None


def from_config(config: Mapping[str, Any]) -> RestConnector:
    """The ``rest`` entry point."""
    return RestConnector.from_config(config)
