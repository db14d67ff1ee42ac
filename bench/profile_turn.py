"""Where a bot turn's time goes: bot turns in process, through the real service, on a real database.

    python -m bench.profile_turn [--turns 400] [--profiler cprofile|pyinstrument|none]
                                 [--database-url postgresql://postgres@127.0.0.1:5432/db]

The database is a fresh SQLite file (or the given, empty PostgreSQL database) holding the demo
shop. Every conversation says the same four things: a verified order lookup, a shipping question
answered from the FAQ, a greeting and thanks. Turns run one at a time (no HTTP, no concurrency),
so the wall time per turn is the cost of ``ConversationService.receive`` alone. SQL statements
and commits are counted with SQLAlchemy engine events; an executemany counts once, as it is one
round trip. The profile covers the measured turns only (after a warm-up).
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import pstats
import statistics
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from shopdesk.app import build_runtime, close_runtime
from shopdesk.conversations.service import ConversationService, Turn
from shopdesk.kit.db import transaction
from shopdesk.settings import Settings
from shopdesk.store import DEMO_EXAMPLES, generate_demo_store, import_document, parse_document

SHIPPED = next(e for e in DEMO_EXAMPLES if e.status == "shipped")
SCRIPT = (
    ("order lookup", f"where is my order {SHIPPED.number}? {SHIPPED.email}"),
    ("faq", "how long does shipping take?"),
    ("greeting", "hello"),
    ("thanks", "thanks, bye"),
)


@dataclass
class StatementCounter:
    """SQL statements and commits sent through one engine, from SQLAlchemy's events, and (SQLite)
    calls made on aiosqlite's database thread, each a round trip from the event loop."""

    statements: int = 0
    commits: int = 0
    trips: int = 0

    def attach(self, engine: AsyncEngine) -> None:
        event.listen(engine.sync_engine, "before_cursor_execute", self._statement)
        event.listen(engine.sync_engine, "commit", self._commit)
        queue_call = aiosqlite.Connection._execute

        async def counted(connection: aiosqlite.Connection, *args: Any, **kwargs: Any) -> Any:
            self.trips += 1
            return await queue_call(connection, *args, **kwargs)

        aiosqlite.Connection._execute = counted  # type: ignore[method-assign]

    def _statement(self, *_: Any) -> None:
        self.statements += 1

    def _commit(self, *_: Any) -> None:
        self.commits += 1


@dataclass
class TurnSample:
    kind: str
    intent: str | None
    ms: float
    cpu_ms: float
    statements: int
    commits: int
    trips: int


async def seed(service: ConversationService) -> None:
    document = parse_document(generate_demo_store(today=date(2026, 11, 25)))
    async with transaction(service.rt.sessionmaker) as session:
        await import_document(session, document)
    await service.rt.nlu.get()  # the model and the catalogue are loaded before timing


async def run_turns(
    service: ConversationService, counter: StatementCounter, conversations: int
) -> list[TurnSample]:
    samples: list[TurnSample] = []
    for _ in range(conversations):
        conversation, token, _ = await service.create(
            locale="en", channel="bench", customer_token=None
        )
        for kind, text in SCRIPT:
            statements, commits, trips = counter.statements, counter.commits, counter.trips
            cpu, started = time.process_time(), time.perf_counter()
            turn = await service.receive(conversation.id, token, text, client_key="bench")
            elapsed = (time.perf_counter() - started) * 1000
            cpu = (time.process_time() - cpu) * 1000
            assert isinstance(turn, Turn)
            intent = turn.replies[0].intent if turn.replies else None
            samples.append(
                TurnSample(
                    kind,
                    intent,
                    elapsed,
                    cpu,
                    counter.statements - statements,
                    counter.commits - commits,
                    counter.trips - trips,
                )
            )
    return samples


@contextmanager
def profiled(kind: str, top: int, turns: int) -> Iterator[None]:
    if kind == "none":
        yield
        return
    if kind == "pyinstrument":
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0005, async_mode="disabled")
        profiler.start()
        try:
            yield
        finally:
            profiler.stop()
            print(profiler.output_text(unicode=False, color=False, show_all=False, time="percent"))
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        for order in ("tottime", "cumulative"):
            out = io.StringIO()
            stats = pstats.Stats(profile, stream=out).strip_dirs().sort_stats(order)
            stats.print_stats(top)
            print(f"--- top {top} by {order} ---")
            print("\n".join(out.getvalue().splitlines()[6:]))
        # Unlike times, the count of Python calls does not depend on what else the machine runs.
        calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        print(f"Python function calls per turn (main thread): {calls / turns:,.0f}")


def report(samples: list[TurnSample]) -> None:
    by_kind: dict[str, list[TurnSample]] = defaultdict(list)
    for sample in samples:
        by_kind[sample.kind].append(sample)
    print(
        f"{'turn':<13} {'n':>4} {'p50 ms':>7} {'mean ms':>7} {'cpu ms':>6} "
        f"{'stmts':>5} {'commits':>7} {'trips':>5}  intent"
    )
    for kind, group in [*by_kind.items(), ("all", samples)]:
        times = [s.ms for s in group]
        intents = Counter(s.intent for s in group).most_common(1)
        print(
            f"{kind:<13} {len(group):>4} {statistics.median(times):>7.2f} "
            f"{statistics.fmean(times):>7.2f} {statistics.fmean(s.cpu_ms for s in group):>6.2f} "
            f"{statistics.fmean(s.statements for s in group):>5.1f} "
            f"{statistics.fmean(s.commits for s in group):>7.1f} "
            f"{statistics.fmean(s.trips for s in group):>5.1f}  "
            + ", ".join(f"{name} x{n}" for name, n in intents)
        )


async def main_async(args: argparse.Namespace) -> None:
    folder = tempfile.mkdtemp(prefix="shopdesk-profile-")
    url = args.database_url or f"sqlite:///{folder}/profile.db"
    settings = Settings(database_url=url, log_level="WARNING")
    runtime = await build_runtime(settings)
    try:
        service = ConversationService(runtime)
        await seed(service)
        counter = StatementCounter()
        counter.attach(runtime.engine)
        conversations = max(1, args.turns // len(SCRIPT))
        await run_turns(service, counter, max(1, conversations // 10))  # warm-up
        with profiled(args.profiler, args.top, conversations * len(SCRIPT)):
            started = time.perf_counter()
            samples = await run_turns(service, counter, conversations)
            total = time.perf_counter() - started
        print(f"database: {runtime.engine.dialect.name}, profiler: {args.profiler}")
        print(f"{len(samples)} turns in {total:.2f} s: {len(samples) / total:.0f} turns/s")
        report(samples)
    finally:
        await close_runtime(runtime)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--turns", type=int, default=400)
    parser.add_argument("--profiler", choices=("cprofile", "pyinstrument", "none"), default="none")
    parser.add_argument("--top", type=int, default=25, help="profile rows (cProfile) to show")
    parser.add_argument("--database-url", default=None, help="default: a fresh SQLite file")
    asyncio.run(main_async(parser.parse_args()))


if __name__ == "__main__":
    main()
