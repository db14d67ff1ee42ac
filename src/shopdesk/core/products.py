"""Read-only views of catalogue products, as every commerce connector returns them."""

from __future__ import annotations

from decimal import Decimal

from pydantic import BaseModel, ConfigDict


class VariantView(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    """What tells it apart: "M / navy"."""
    stock: int | None = None
    """Units available; None when the platform does not track stock."""


class ProductView(BaseModel):
    model_config = ConfigDict(frozen=True)

    sku: str
    name: str
    price: Decimal
    currency: str
    stock: int | None = None
    url: str | None = None
    description: str | None = None
    tags: tuple[str, ...] = ()
    variants: tuple[VariantView, ...] = ()

    @property
    def in_stock(self) -> bool:
        if self.variants:
            return any(v.stock is None or v.stock > 0 for v in self.variants)
        return self.stock is None or self.stock > 0
