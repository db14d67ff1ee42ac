"""Schemathesis against the app's own /openapi.json, over real HTTP: valid and invalid data for
every operation, anonymous, as the owner of a real conversation and as an agent. No answer may
be a 5xx, and every answer must be documented (status, content type, body schema, headers).

``SHOPDESK_FUZZ_EXAMPLES`` sets the examples per operation and way of calling (CI: 10), e.g.
``SHOPDESK_FUZZ_EXAMPLES=300 pytest tests/security/test_fuzz_openapi.py``.
"""

from __future__ import annotations

import asyncio
import os
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from security.conftest import AGENT_KEY, Chat, Shop

EXAMPLES = int(os.environ.get("SHOPDESK_FUZZ_EXAMPLES", "10"))
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
    response_headers_conformance,
]


def _callers(path: str, chat: Chat) -> list[dict[str, Any]]:
    """Ways to call an operation: anonymous, and with the credentials it needs."""
    callers: list[dict[str, Any]] = [{}]
    if "{conversation_id}" in path and path.startswith("/v1/conversations"):
        callers.append({"path_parameters": {"conversation_id": chat.id}, "headers": chat.auth})
    if path.startswith("/v1/agent"):
        agent: dict[str, Any] = {"headers": {"Authorization": f"Bearer {AGENT_KEY}"}}
        if "{conversation_id}" in path:
            agent["path_parameters"] = {"conversation_id": chat.id}
        callers.append(agent)
    return callers


def _summary(exc: BaseException) -> str:
    """The failed checks by name, with the request that shows it (schemathesis's report)."""
    found = exc.exceptions if isinstance(exc, BaseExceptionGroup) else [exc]
    titles = sorted({str(e).strip().splitlines()[0] for e in found})
    curl = next((line for line in str(exc).splitlines() if "curl " in line), "")
    return f"{'; '.join(titles)}\n    {curl.strip()[:300]}"


def fuzz(base_url: str, openapi: dict[str, Any], chat: Chat) -> tuple[int, list[str]]:
    """Run every operation; return how many calls were made and the failures."""
    schema = schemathesis.openapi.from_dict(openapi)
    calls = 0
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()
        for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            for caller in _callers(operation.path, chat):
                strategy = operation.as_strategy(mode, **caller)

                @settings(
                    max_examples=EXAMPLES,
                    deadline=None,
                    database=None,
                    phases=[Phase.generate],
                    suppress_health_check=list(HealthCheck),
                    derandomize=True,
                )
                @given(case=strategy)
                def run(case: schemathesis.Case) -> None:
                    nonlocal calls
                    calls += 1
                    case.call_and_validate(base_url=base_url, checks=CHECKS, timeout=20)

                try:
                    run()
                except Unsatisfiable:
                    continue  # nothing in this operation can be made invalid this way
                except (Exception, BaseExceptionGroup) as exc:  # one report per operation, caller
                    label = f"{operation.label} [{mode.value}, {sorted(caller)}]"
                    failures.append(f"{label}: {_summary(exc)}")
    return calls, failures


async def test_openapi_fuzzing_finds_no_5xx_and_no_undocumented_answer(shop: Shop) -> None:
    async with shop.client() as client:
        chat = await Chat.open(client)
        await chat.say("hello")
    openapi = shop.app.openapi()
    calls, failures = await asyncio.to_thread(fuzz, shop.base_url, openapi, chat)
    print(f"\nschemathesis: {calls} calls over {len(openapi['paths'])} paths")
    assert not failures, "\n\n".join(failures)
    assert calls >= EXAMPLES * len(openapi["paths"])
    # The server still answers normally afterwards.
    async with httpx.AsyncClient(base_url=shop.base_url) as probe:
        assert (await probe.get("/readyz")).status_code == 200
