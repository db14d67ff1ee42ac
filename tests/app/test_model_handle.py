"""The model handle: the server is alive while the model loads; turns wait for it."""

from __future__ import annotations

import asyncio
import threading

from shopdesk.conversations.runtime import ModelHandle
from shopdesk.nlu.pipeline import Pipeline


async def test_turns_wait_for_a_model_still_loading() -> None:
    release = threading.Event()
    model = Pipeline([])

    def slow_loader() -> Pipeline:
        release.wait(5)
        return model

    handle = ModelHandle()
    handle.load_in_background(slow_loader)
    waiting = asyncio.create_task(handle.get())
    await asyncio.sleep(0.05)
    assert not handle.ready and not waiting.done()
    release.set()
    assert await asyncio.wait_for(waiting, 5) is model
    assert handle.ready and await handle.get() is model


async def test_ready_once_loaded_even_before_anyone_asks() -> None:
    model = Pipeline([])
    handle = ModelHandle()
    handle.load_in_background(lambda: model)
    for _ in range(100):
        if handle.ready:
            break
        await asyncio.sleep(0.01)
    assert handle.ready


async def test_a_given_model_is_ready_at_once() -> None:
    model = Pipeline([])
    handle = ModelHandle(model)
    assert handle.ready and await handle.get() is model
