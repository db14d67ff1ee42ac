"""Messages are understood off the event loop, those waiting together in one batch."""

from __future__ import annotations

import asyncio
import threading

import pytest

from shopdesk.conversations.batching import BatchedUnderstanding
from shopdesk.conversations.runtime import ModelHandle
from shopdesk.core.nlu import NLUResult
from shopdesk.nlu.pipeline import NLURequest, Pipeline


class _Recording(Pipeline):
    """An empty pipeline that records the batches it is given, and can be held up."""

    def __init__(self) -> None:
        super().__init__([])
        self.batches: list[list[str]] = []
        self.threads: set[int] = set()
        self.release = threading.Event()
        self.release.set()

    def understand_many(self, requests: list[NLURequest]) -> list[NLUResult]:  # type: ignore[override]
        self.release.wait(5)
        self.threads.add(threading.get_ident())
        self.batches.append([r.text for r in requests])
        return super().understand_many(requests)


async def test_alone_a_message_goes_through_on_a_worker_thread() -> None:
    pipeline = _Recording()
    batches = BatchedUnderstanding()
    result = await batches.understand(pipeline, "hello", hint_locale="en", now=None)
    assert result.text == "hello"
    assert pipeline.batches == [["hello"]]
    assert threading.get_ident() not in pipeline.threads


async def test_messages_arriving_meanwhile_wait_and_go_together() -> None:
    pipeline = _Recording()
    batches = BatchedUnderstanding(max_batch=16)
    pipeline.release.clear()  # the first message is being understood...
    first = asyncio.create_task(batches.understand(pipeline, "m0", hint_locale=None, now=None))
    await asyncio.sleep(0.05)
    texts = [f"m{i}" for i in range(1, 21)]  # ...while twenty more arrive
    rest = [
        asyncio.create_task(batches.understand(pipeline, t, hint_locale=None, now=None))
        for t in texts
    ]
    await asyncio.sleep(0.05)
    pipeline.release.set()
    results = await asyncio.gather(first, *rest)
    assert [r.text for r in results] == ["m0", *texts]  # each gets its own result
    assert pipeline.batches == [["m0"], texts[:16], texts[16:]]
    assert (batches.messages, batches.batches) == (21, 3)


async def test_a_new_model_is_never_given_messages_for_the_old_one() -> None:
    old, new = _Recording(), _Recording()
    batches = BatchedUnderstanding()
    old.release.clear()
    held = asyncio.create_task(batches.understand(old, "a", hint_locale=None, now=None))
    await asyncio.sleep(0.05)
    waiting = [
        asyncio.create_task(batches.understand(p, t, hint_locale=None, now=None))
        for p, t in ((old, "b"), (new, "c"), (old, "d"))
    ]
    await asyncio.sleep(0.05)
    old.release.set()
    await asyncio.gather(held, *waiting)
    assert old.batches == [["a"], ["b"], ["d"]]
    assert new.batches == [["c"]]


async def test_a_cancelled_turn_does_not_disturb_the_others() -> None:
    pipeline = _Recording()
    batches = BatchedUnderstanding()
    pipeline.release.clear()
    gone = asyncio.create_task(batches.understand(pipeline, "gone", hint_locale=None, now=None))
    await asyncio.sleep(0.05)
    kept = asyncio.create_task(batches.understand(pipeline, "kept", hint_locale=None, now=None))
    gone.cancel()
    pipeline.release.set()
    assert (await kept).text == "kept"
    with pytest.raises(asyncio.CancelledError):
        await gone


async def test_closing_cancels_what_still_waits() -> None:
    pipeline = _Recording()
    batches = BatchedUnderstanding()
    pipeline.release.clear()
    running = asyncio.create_task(batches.understand(pipeline, "a", hint_locale=None, now=None))
    await asyncio.sleep(0.05)
    queued = asyncio.create_task(batches.understand(pipeline, "b", hint_locale=None, now=None))
    await asyncio.sleep(0)
    await batches.close()
    pipeline.release.set()
    for task in (running, queued):
        with pytest.raises(asyncio.CancelledError):
            await task


async def test_the_model_handle_understands_through_its_batches() -> None:
    pipeline = _Recording()
    handle = ModelHandle(pipeline)
    result = await handle.understand("where is my parcel", hint_locale="en", now=None)
    assert result.text == "where is my parcel"
    assert handle.batches.messages == 1
    await handle.close()
