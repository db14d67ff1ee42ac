"""Everything one shopdesk process shares: database, NLU model, bus, locks, counters."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopdesk.core.policy import ShopPolicy
from shopdesk.kit.bus import LocalBus
from shopdesk.kit.locks import ConversationLocks
from shopdesk.kit.ratelimit import Counter, MemoryCounter
from shopdesk.knowledge import Article as KnowledgeArticle
from shopdesk.knowledge.base import KnowledgeBase
from shopdesk.models.catalog import Article, Product
from shopdesk.nlu.embeddings import encode
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings

log = logging.getLogger("shopdesk.nlu")

CatalogLoader = Callable[[], Awaitable[list[tuple[str, str]]]]
# A store imported by another process (`shopdesk import`) shows up in product entities this soon.
CATALOG_REFRESH_SECONDS = 60.0


class ModelHandle:
    """The NLU model, which may still be loading (a first start trains it: several seconds).

    The server answers /healthz at once and reports not ready on /readyz until the model is
    there; a message that arrives meanwhile waits for it rather than failing.

    With a catalogue loader (:meth:`use_catalog`), the model also gets the shop's products for
    product entities: the first message waits for one load (a single query), later ones trigger a
    reload in the background once the last is ``catalog_refresh_seconds`` old.
    """

    def __init__(
        self,
        pipeline: Pipeline | None = None,
        *,
        catalog_refresh_seconds: float = CATALOG_REFRESH_SECONDS,
    ) -> None:
        self._pipeline = pipeline
        self._task: asyncio.Task[Pipeline] | None = None
        self.catalog_refresh_seconds = catalog_refresh_seconds
        self._catalog: CatalogLoader | None = None
        self._catalog_task: asyncio.Task[None] | None = None
        self._catalog_at: float | None = None

    def load_in_background(self, loader: Callable[[], Pipeline]) -> None:
        self._task = asyncio.create_task(asyncio.to_thread(loader), name="shopdesk-nlu-load")
        self._task.add_done_callback(self._loaded)

    def _loaded(self, task: asyncio.Task[Pipeline]) -> None:
        if not task.cancelled() and task.exception() is None:
            self._pipeline = task.result()

    @property
    def ready(self) -> bool:
        return self._pipeline is not None

    async def get(self) -> Pipeline:
        pipeline = await self._model()
        if self._catalog is not None:
            await self._keep_catalog_fresh(pipeline)
        return pipeline

    def use_catalog(self, loader: CatalogLoader) -> None:
        """Where the shop's (product id, name) pairs come from."""
        self._catalog = loader

    async def refresh_catalog(self) -> None:
        """Reload the products now (after an import in this process); no-op without a loader."""
        if self._catalog is not None:
            await self._load_catalog(await self._model())

    async def _model(self) -> Pipeline:
        if self._pipeline is None:
            assert self._task is not None, "no model and none loading"
            self._pipeline = await asyncio.shield(self._task)
        return self._pipeline

    async def _keep_catalog_fresh(self, pipeline: Pipeline) -> None:
        stale = (
            self._catalog_at is None
            or time.monotonic() - self._catalog_at >= self.catalog_refresh_seconds
        )
        task = self._catalog_task
        if stale and (task is None or task.done()):
            task = self._catalog_task = asyncio.create_task(
                self._load_catalog(pipeline), name="shopdesk-catalog-load"
            )
        if self._catalog_at is None and task is not None:
            await asyncio.shield(task)  # the first message already sees the products

    async def _load_catalog(self, pipeline: Pipeline) -> None:
        assert self._catalog is not None
        try:
            products = await self._catalog()
            # Indexing a large catalogue takes a moment: not on the event loop.
            await asyncio.to_thread(pipeline.set_catalog, products)
        except Exception:  # products are a nicety: never fail a turn over them
            log.exception("could not load the product catalogue; product names not recognised")
        finally:
            self._catalog_at = time.monotonic()  # failed or not: retry after the interval

    async def close(self) -> None:
        for task in (self._task, self._catalog_task):
            if task is not None and not task.done():
                task.cancel()


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    nlu: ModelHandle
    bus: LocalBus = field(default_factory=LocalBus)
    locks: ConversationLocks = field(default_factory=ConversationLocks)
    counter: Counter = field(default_factory=MemoryCounter)
    policy: ShopPolicy = field(default_factory=ShopPolicy)
    # A platform connector (Shopify, WooCommerce, REST) shared by every turn; None: the shop's
    # orders and catalogue are shopdesk's own tables, read in each turn's session.
    connector: Any = None
    # The FAQ articles, searchable; built from the database before the first turn and rebuilt
    # when a minute old, like the catalogue (see knowledge.base).
    knowledge: KnowledgeBase = field(init=False)
    # Set once warm_up has run (or failed): /readyz says ready only then.
    warm: bool = field(default=False, init=False)

    def __post_init__(self) -> None:
        self.nlu.use_catalog(self.product_names)
        self.knowledge = KnowledgeBase(self.knowledge_articles, embed=encode)

    async def warm_up(self) -> None:
        """Load now what the first turn would otherwise wait for: the model, the products it
        recognises, the FAQ index, and the pipeline's first call (its lazy imports). Without
        this the first shopper after a start waited about 0.4 s longer than the next ones.
        Never raises: a turn loads whatever this could not.
        """
        try:
            pipeline = await self.nlu.get()  # the catalogue too, on first use
            await self.knowledge.index()
            pipeline.understand("hello", hint_locale=self.settings.default_locale)
        except Exception:
            log.exception("warming up failed; the first turns will load what is missing")
        finally:
            self.warm = True

    async def knowledge_articles(self) -> list[KnowledgeArticle]:
        """Every article of the knowledge base (an ``extra.url`` becomes its link)."""
        async with self.sessionmaker() as session:
            rows = await session.execute(select(Article).order_by(Article.slug, Article.locale))
            return [
                KnowledgeArticle(a.slug, a.locale, a.title, a.body, _url(a.extra))
                for a in rows.scalars()
            ]

    async def product_names(self) -> list[tuple[str, str]]:
        """(sku, name) of every product, for the NLU's product entities."""
        async with self.sessionmaker() as session:
            rows = await session.execute(select(Product.sku, Product.name))
            return [(sku, name) for sku, name in rows.tuples()]


def _url(extra: dict[str, Any] | None) -> str | None:
    url = (extra or {}).get("url")
    return url if isinstance(url, str) and url.strip() else None
