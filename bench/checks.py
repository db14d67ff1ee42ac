"""After a load run: was every message acknowledged once, answered once, stored once?

Checked per conversation, against what the socket saw and the transcript read back over HTTP:
- every client id acknowledged exactly once (none: lost; twice: doubled);
- every message answered by the bot (a reply frame after its ack);
- the transcript's shopper messages are the script's texts, once each, in order, with the ids
  the acks gave; each is followed by at least one bot message;
- every bot message of the transcript reached the socket exactly once, and the socket received
  nothing the transcript does not hold.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bench.conversations import Shopper


@dataclass
class Tally:
    errors: int = 0
    lost: int = 0
    doubled: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def failed(self) -> bool:
        return bool(self.errors or self.lost or self.doubled)

    def note(self, kind: str, conversation: str, what: str, count: int = 1) -> None:
        setattr(self, kind, getattr(self, kind) + count)
        self.problems.append(f"{kind}: conversation {conversation}: {what}")


def check_conversation(shopper: Shopper, status: int, body: Any, tally: Tally) -> None:
    cid = shopper.conversation["id"]
    for error in shopper.errors:
        tally.note("errors", cid, error)
    sent = len(shopper.client_ids)
    if sent < len(shopper.script):
        tally.note("lost", cid, f"{len(shopper.script) - sent} messages never sent", 0)
    for client_id in shopper.client_ids:
        acks = shopper.acks.get(client_id, [])
        if not acks:
            tally.note("lost", cid, f"client id {client_id} never acknowledged")
        elif len(acks) > 1:
            tally.note("doubled", cid, f"client id {client_id} acknowledged {len(acks)} times")
    unanswered = sent - len(shopper.latencies)
    if unanswered > 0:
        tally.note("lost", cid, f"{unanswered} messages without a reply frame", unanswered)

    if status != 200:
        tally.note("errors", cid, f"transcript read answered {status}")
        return
    greeting = {m["id"] for m in shopper.conversation["messages"]}
    stored = [m for m in body["messages"] if m["id"] not in greeting]
    _check_shopper_messages(shopper, stored, tally)
    _check_bot_messages(shopper, stored, tally)


def _check_shopper_messages(shopper: Shopper, stored: list[dict[str, Any]], tally: Tally) -> None:
    cid = shopper.conversation["id"]
    customer = [m for m in stored if m["role"] == "customer"]
    expected = shopper.script[: len(shopper.client_ids)]
    texts = [m["text"] for m in customer]
    if texts != expected:
        extra = len(texts) - len(expected)
        kind = "doubled" if extra > 0 else "lost"
        tally.note(kind, cid, f"transcript holds {texts!r}, sent {expected!r}", abs(extra) or 1)
    acked = [shopper.acks[c][0] for c in shopper.client_ids if shopper.acks.get(c)]
    if [m["id"] for m in customer][: len(acked)] != acked:
        tally.note("lost", cid, "acknowledged message ids differ from the transcript's")
    for index, message in enumerate(stored):
        answered = index + 1 < len(stored) and stored[index + 1]["role"] == "bot"
        if message["role"] == "customer" and not answered:
            tally.note("lost", cid, f"stored message {message['id']} has no bot reply after it")


def _check_bot_messages(shopper: Shopper, stored: list[dict[str, Any]], tally: Tally) -> None:
    cid = shopper.conversation["id"]
    seen = Counter(m["id"] for m in shopper.received)
    for message_id, times in seen.items():
        if times > 1:
            tally.note("doubled", cid, f"message {message_id} delivered {times} times", times - 1)
    replies = {m["id"] for m in stored if m["role"] != "customer"}
    missing = replies - set(seen)
    if missing:
        tally.note(
            "lost", cid, f"{len(missing)} stored replies never reached the socket", len(missing)
        )
    unknown = set(seen) - {m["id"] for m in stored}
    if unknown:
        tally.note("errors", cid, f"{len(unknown)} frames for messages not in the transcript")
