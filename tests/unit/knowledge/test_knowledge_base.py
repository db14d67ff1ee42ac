"""The knowledge base in a server: the first search waits for one load, a stale index is rebuilt
in the background, a failed load keeps what there was."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from shopdesk.knowledge import Article
from shopdesk.knowledge.base import KnowledgeBase


class Articles:
    def __init__(self) -> None:
        self.articles = [Article("gifts", "en", "Gift wrapping", "We wrap any gift for 3.50 €.")]
        self.loads = 0
        self.fail = False

    async def __call__(self) -> Sequence[Article]:
        self.loads += 1
        if self.fail:
            raise RuntimeError("database gone")
        return list(self.articles)


async def test_the_first_search_already_sees_the_articles() -> None:
    loader = Articles()
    base = KnowledgeBase(loader)
    index = await base.index()
    assert [a.slug for a in index.articles] == ["gifts"]
    await base.index()
    assert loader.loads == 1  # fresh: no reload per turn


async def test_a_stale_index_is_rebuilt_in_the_background() -> None:
    loader = Articles()
    base = KnowledgeBase(loader, refresh_seconds=0.0)
    await base.index()
    loader.articles = [Article("returns", "en", "Returns", "Within 30 days.")]
    for _ in range(200):
        if [a.slug for a in (await base.index()).articles] == ["returns"]:
            break
        await asyncio.sleep(0.01)
    assert [a.slug for a in (await base.index()).articles] == ["returns"]
    await base.close()


async def test_refresh_rebuilds_at_once_and_a_failed_load_keeps_the_old_index() -> None:
    loader = Articles()
    base = KnowledgeBase(loader)
    await base.index()
    loader.articles.append(Article("returns", "en", "Returns", "Within 30 days."))
    assert len((await base.refresh()).articles) == 2
    loader.fail = True
    assert len((await base.refresh()).articles) == 2
    assert loader.loads == 3
