"""The shop's knowledge base in a running server: an index rebuilt from the articles when they
change, like the product catalogue.

The first search waits for one load; later ones get the index there is and trigger a rebuild in
the background once it is ``refresh_seconds`` old. Loading the articles (a database query) and
embedding the passages are the caller's: this class only schedules them.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable, Sequence
from typing import Final

from shopdesk.knowledge.index import Embed, KnowledgeIndex
from shopdesk.knowledge.passages import Article

log = logging.getLogger("shopdesk.knowledge")

ArticleLoader = Callable[[], Awaitable[Sequence[Article]]]
# An import by another process (`shopdesk import`, `shopdesk kb import`) shows up this soon.
REFRESH_SECONDS: Final = 60.0


class KnowledgeBase:
    def __init__(
        self,
        loader: ArticleLoader,
        embed: Embed | None = None,
        *,
        refresh_seconds: float = REFRESH_SECONDS,
    ) -> None:
        self._loader = loader
        self._embed = embed
        self.refresh_seconds = refresh_seconds
        self._index = KnowledgeIndex(())
        self._loaded_at: float | None = None
        self._task: asyncio.Task[None] | None = None

    async def index(self) -> KnowledgeIndex:
        """The current index (after the first load), refreshed in the background when old."""
        stale = (
            self._loaded_at is None or time.monotonic() - self._loaded_at >= self.refresh_seconds
        )
        task = self._task
        if stale and (task is None or task.done()):
            task = self._task = asyncio.create_task(self._load(), name="shopdesk-kb-load")
        if self._loaded_at is None and task is not None:
            await asyncio.shield(task)
        return self._index

    async def refresh(self) -> KnowledgeIndex:
        """Rebuild now (after an import in this process)."""
        await self._load()
        return self._index

    async def _load(self) -> None:
        try:
            articles = await self._loader()
            # Embedding a few hundred passages takes a moment: not on the event loop.
            self._index = await asyncio.to_thread(KnowledgeIndex, articles, self._embed)
        except Exception:  # the knowledge base is a help, never a reason to fail a turn
            log.exception("could not load the knowledge base; FAQ answers unavailable")
        finally:
            self._loaded_at = time.monotonic()

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()
