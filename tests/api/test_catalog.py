"""The running server gives the NLU the shop's products from its own database."""

from __future__ import annotations

from typing import Any


async def test_products_of_the_imported_store_become_entities(server: Any) -> None:
    model = server.app.state.runtime.nlu
    await model.refresh_catalog()  # the store was imported by the fixture, in this process
    pipeline = await model.get()
    found = pipeline.understand("my stonewear mug arrived broken").all("product")
    assert [(e.value, e.raw) for e in found] == [("MUG-01", "stonewear mug")]
