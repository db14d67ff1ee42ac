"""Everything one shopdesk process shares: database, NLU model, bus, locks, counters."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from shopdesk.kit.bus import LocalBus
from shopdesk.kit.locks import ConversationLocks
from shopdesk.kit.ratelimit import Counter, MemoryCounter
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.settings import Settings


@dataclass
class Runtime:
    settings: Settings
    engine: AsyncEngine
    sessionmaker: async_sessionmaker[AsyncSession]
    nlu: Pipeline
    bus: LocalBus = field(default_factory=LocalBus)
    locks: ConversationLocks = field(default_factory=ConversationLocks)
    counter: Counter = field(default_factory=MemoryCounter)
