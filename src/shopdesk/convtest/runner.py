"""Run conversation tests through the real conversation service on a throw-away database."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from shopdesk.app import build_runtime, close_runtime
from shopdesk.conversations.schemas import message_out
from shopdesk.conversations.service import ConversationService, Turn
from shopdesk.convtest.spec import Conversation, Expect, ScriptFile, load_script_file
from shopdesk.core.policy import ShopPolicy
from shopdesk.kit.db import transaction
from shopdesk.nlu.pipeline import Pipeline
from shopdesk.policy import parse_policy
from shopdesk.settings import Settings
from shopdesk.store import import_document, load_document


@dataclass
class ConversationResult:
    name: str
    failures: list[str] = field(default_factory=list)

    @property
    def passed(self) -> bool:
        return not self.failures


def check(expect: Expect, body: dict[str, Any]) -> list[str]:
    """What in one turn's response differs from the expectation (empty when all holds)."""
    problems = []
    messages = body["messages"]
    text = "\n".join(m["text"] for m in messages)
    first = messages[0] if messages else {}
    if expect.intent is not None and first.get("intent") != expect.intent:
        problems.append(f"intent {first.get('intent')!r}, expected {expect.intent!r}")
    if expect.locale is not None and body["locale"] != expect.locale:
        problems.append(f"locale {body['locale']!r}, expected {expect.locale!r}")
    if expect.state is not None and body["state"] != expect.state:
        problems.append(f"state {body['state']!r}, expected {expect.state!r}")
    if expect.replies is not None and len(messages) != expect.replies:
        problems.append(f"{len(messages)} replies, expected {expect.replies}")
    problems += [f"text lacks {s!r}" for s in expect.text_contains if s not in text]
    problems += [f"text contains {s!r}" for s in expect.text_not_contains if s in text]
    if expect.wants_card():
        card = next((m["card"] for m in messages if m.get("card")), None)
        if expect.card is None and card is not None:
            problems.append("a card was shown, expected none")
        elif expect.card is not None:
            if card is None:
                problems.append("no card, expected one")
            else:
                problems += [
                    f"card {key} {card.get(key)!r}, expected {value!r}"
                    for key, value in expect.card.items()
                    if card.get(key) != value
                ]
    return problems


async def run_conversation(service: ConversationService, spec: Conversation) -> ConversationResult:
    result = ConversationResult(spec.name)
    conversation, token, _ = await service.create(
        locale=spec.locale, channel="test", customer_token=None
    )
    for number, turn in enumerate(spec.turns, start=1):
        outcome = await service.receive(
            conversation.id, token, turn.say, client_key=f"convtest:{conversation.id}"
        )
        body = outcome if isinstance(outcome, dict) else _body(outcome)
        result.failures += [f"turn {number} ({turn.say!r}): {p}" for p in check(turn.expect, body)]
    return result


def _body(turn: Turn) -> dict[str, Any]:
    return {
        "state": turn.conversation.state,
        "locale": turn.conversation.locale,
        "messages": [message_out(m) for m in turn.replies],
    }


async def run_scripts(
    script: ScriptFile,
    *,
    store: Path | None = None,
    settings: Settings | None = None,
    nlu: Pipeline | None = None,
) -> list[ConversationResult]:
    """Every conversation of ``script`` on a fresh SQLite database holding ``store``."""
    with tempfile.TemporaryDirectory(prefix="shopdesk-test-") as folder:
        base = settings or Settings()
        settings = base.model_copy(update={"database_url": f"sqlite:///{folder}/test.db"})
        runtime = await build_runtime(settings, nlu=nlu)
        try:
            store_file = store or script.store_path()
            if store_file is not None:
                document = load_document(store_file)
                async with transaction(runtime.sessionmaker) as session:
                    await import_document(session, document)
            service = ConversationService(runtime)
            results = []
            default = runtime.policy
            for index, conversation in enumerate(script.conversations):
                # The service reads the runtime's policy every turn, so swapping it between
                # conversations runs each under its own, on the same database.
                data = script.policy_for(index)
                runtime.policy = default if data is None else _policy(data, settings.shop_name)
                results.append(await run_conversation(service, conversation))
            return results
        finally:
            await close_runtime(runtime)


def _policy(data: dict[str, Any], shop_name: str) -> ShopPolicy:
    """As ``shopdesk serve`` reads a policy file: the shop's name fills in the brand."""
    data = dict(data)
    brand = data.setdefault("brand", {})
    if isinstance(brand, dict):
        data["brand"] = {"name": shop_name, **brand}
    return parse_policy(data, "policy")


async def run_file(path: Path, **kwargs: Any) -> list[ConversationResult]:
    return await run_scripts(load_script_file(path), **kwargs)
