"""A started server loads what the first turn would wait for before /readyz says ready."""

from __future__ import annotations

from pathlib import Path

import pytest

from shopdesk.app import build_runtime, close_runtime
from shopdesk.kit.db import transaction
from shopdesk.knowledge import Article
from shopdesk.knowledge.base import KnowledgeBase
from shopdesk.nlu.embeddings import encode
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.nlu.products import ProductMatcher
from shopdesk.settings import Settings
from shopdesk.store import generate_demo_store, import_document, parse_document


async def test_warm_up_loads_the_products_and_the_faq_index(tmp_path: Path) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shop.db'}")
    runtime = await build_runtime(settings, nlu=Pipeline([ProductMatcher()]))
    try:
        async with transaction(runtime.sessionmaker) as session:
            await import_document(session, parse_document(generate_demo_store()))
        loads: list[str] = []

        async def products() -> list[tuple[str, str]]:
            loads.append("products")
            return await runtime.product_names()

        async def articles() -> list[Article]:
            loads.append("articles")
            return await runtime.knowledge_articles()

        runtime.nlu.use_catalog(products)
        runtime.knowledge = KnowledgeBase(articles, embed=encode)
        assert not runtime.warm
        await runtime.warm_up()
        assert runtime.warm and sorted(loads) == ["articles", "products"]
        pipeline = await runtime.nlu.get()
        assert pipeline.understand("do you have the ceramic teapot?").all("product")
        assert (await runtime.knowledge.index()).articles
        assert len(loads) == 2  # the first turn finds both loaded
    finally:
        await close_runtime(runtime)


async def test_a_failed_warm_up_still_lets_the_server_become_ready(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'shop.db'}")
    runtime = await build_runtime(settings, nlu=Pipeline([]))

    async def broken() -> list[tuple[str, str]]:
        raise RuntimeError("catalogue unreadable")

    runtime.nlu.use_catalog(broken)
    try:
        await runtime.warm_up()
        assert runtime.warm  # a turn loads whatever warming up could not
    finally:
        await close_runtime(runtime)
