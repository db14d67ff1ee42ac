"""The WebSocket load harness itself, at a tiny scale against a real `shopdesk demo` process:
it must finish with zero errors, zero lost and zero doubled messages, and its checks must catch
a loss or a double when there is one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from bench.checks import Tally, check_conversation
from bench.conversations import Shopper

from support.servers import serving

ROOT = Path(__file__).resolve().parents[2]
HARNESS = [sys.executable, "-m", "bench.conversations"]


def test_tiny_load_run_loses_and_doubles_nothing(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "SHOPDESK_DATABASE_URL": f"sqlite:///{tmp_path / 'bench.db'}",
        "SHOPDESK_MESSAGES_PER_MINUTE_PER_CLIENT": "100000",
        "SHOPDESK_MESSAGES_PER_MINUTE_PER_CONVERSATION": "100000",
    }
    with serving(env, tmp_path, command="demo") as base:
        run = subprocess.run(
            [*HARNESS, "--server", base, "--conversations", "5", "--turns", "3", "--think", "0"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
    assert run.returncode == 0, run.stdout + run.stderr
    row = next(line for line in run.stdout.splitlines() if line.startswith("| 5 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    # conversations, think, messages, ..., errors, lost, doubled
    assert cells[0] == "5" and cells[2] == "15"
    assert cells[-3:] == ["0", "0", "0"]


def _shopper() -> Shopper:
    greeting = {"id": "g", "role": "bot", "text": "Hi"}
    shopper = Shopper({"id": "c1", "token": "t", "messages": [greeting]}, ["hello", "thanks"])
    shopper.client_ids = ["a", "b"]
    shopper.acks = {"a": ["m1"], "b": ["m3"]}
    shopper.received = [{"id": "m2", "role": "bot"}, {"id": "m4", "role": "bot"}]
    shopper.latencies = [10.0, 12.0]
    return shopper


def _transcript(*messages: tuple[str, str, str]) -> dict[str, object]:
    greeting = {"id": "g", "role": "bot", "text": "Hi"}
    return {"messages": [greeting, *({"id": i, "role": r, "text": t} for i, r, t in messages)]}


GOOD = (
    ("m1", "customer", "hello"),
    ("m2", "bot", "Hello!"),
    ("m3", "customer", "thanks"),
    ("m4", "bot", "You're welcome"),
)


def test_checks_pass_a_clean_conversation() -> None:
    tally = Tally()
    check_conversation(_shopper(), 200, _transcript(*GOOD), tally)
    assert not tally.failed, tally.problems


def test_checks_catch_a_message_stored_twice() -> None:
    tally = Tally()
    doubled = (*GOOD[:2], ("m1b", "customer", "hello"), ("m2b", "bot", "Hello!"), *GOOD[2:])
    check_conversation(_shopper(), 200, _transcript(*doubled), tally)
    assert tally.doubled >= 1


def test_checks_catch_a_double_ack_and_a_reply_never_delivered() -> None:
    shopper = _shopper()
    shopper.acks["b"].append("m3")
    shopper.received.pop()
    tally = Tally()
    check_conversation(shopper, 200, _transcript(*GOOD), tally)
    assert tally.doubled == 1 and tally.lost == 1, tally.problems


def test_checks_catch_an_unanswered_message() -> None:
    shopper = _shopper()
    shopper.latencies.pop()
    tally = Tally()
    check_conversation(shopper, 200, _transcript(*GOOD[:3]), tally)
    assert tally.lost >= 2, tally.problems
