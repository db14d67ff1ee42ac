"""The model handle hands the shop's products to the NLU: once before the first turn, then again
in the background when the last load is old."""

from __future__ import annotations

import asyncio

from shopdesk.conversations.runtime import ModelHandle
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu.products import ProductMatcher


class Catalog:
    def __init__(self) -> None:
        self.products = [("SH-LIN", "Linen Shirt")]
        self.loads = 0

    async def __call__(self) -> list[tuple[str, str]]:
        self.loads += 1
        return list(self.products)


def products(pipeline: Pipeline, text: str) -> list[str]:
    return [e.value for e in pipeline.understand(text).all("product")]


async def test_the_first_turn_already_sees_the_products() -> None:
    handle = ModelHandle(Pipeline([ProductMatcher()]))
    catalog = Catalog()
    handle.use_catalog(catalog)
    pipeline = await handle.get()
    assert products(pipeline, "my linen shrit") == ["SH-LIN"]
    await handle.get()
    assert catalog.loads == 1  # fresh: no reload per turn


async def test_a_stale_catalogue_is_reloaded_in_the_background() -> None:
    handle = ModelHandle(Pipeline([ProductMatcher()]), catalog_refresh_seconds=0.0)
    catalog = Catalog()
    handle.use_catalog(catalog)
    pipeline = await handle.get()
    catalog.products = [("HOOD", "Hoodie")]
    await handle.get()
    for _ in range(100):
        if products(pipeline, "hoodie"):
            break
        await asyncio.sleep(0.01)
    assert products(pipeline, "hoodie") == ["HOOD"]
    assert products(pipeline, "linen shirt") == []


async def test_refresh_catalog_reloads_at_once() -> None:
    handle = ModelHandle(Pipeline([ProductMatcher()]))
    catalog = Catalog()
    handle.use_catalog(catalog)
    pipeline = await handle.get()
    catalog.products = [("HOOD", "Hoodie")]
    await handle.refresh_catalog()
    assert products(pipeline, "hoodie") == ["HOOD"]


async def test_a_failing_catalogue_never_fails_a_turn() -> None:
    async def broken() -> list[tuple[str, str]]:
        raise OSError("database down")

    model = Pipeline([ProductMatcher()])
    handle = ModelHandle(model)
    handle.use_catalog(broken)
    assert await handle.get() is model
    await handle.close()
