"""Everything one shopdesk process shares: database, NLU model, bus, locks, counters."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopdesk.kit.bus import LocalBus
from shopdesk.kit.locks import ConversationLocks
from shopdesk.kit.ratelimit import Counter, MemoryCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings


class ModelHandle:
    """The NLU model, which may still be loading (a first start trains it: several seconds).

    The server answers /healthz at once and reports not ready on /readyz until the model is
    there; a message that arrives meanwhile waits for it rather than failing.
    """

    def __init__(self, pipeline: Pipeline | None = None) -> None:
        self._pipeline = pipeline
        self._task: asyncio.Task[Pipeline] | None = None

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
        if self._pipeline is None:
            assert self._task is not None, "no model and none loading"
            self._pipeline = await asyncio.shield(self._task)
        return self._pipeline

    async def close(self) -> None:
        if self._task is not None and not self._task.done():
            self._task.cancel()


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    nlu: ModelHandle
    bus: LocalBus = field(default_factory=LocalBus)
    locks: ConversationLocks = field(default_factory=ConversationLocks)
    counter: Counter = field(default_factory=MemoryCounter)
