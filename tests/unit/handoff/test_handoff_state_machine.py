"""The handoff state machine: allowed moves, no-op repeats, clear refusals."""

from __future__ import annotations

import pytest

from shopdesk.core.handoff import TRANSITIONS, Action, InvalidTransition, apply


def test_the_happy_path() -> None:
    queued = apply("bot", None, Action.REQUEST)
    assert (queued.state, queued.changed) == ("queued", True)
    claimed = apply("queued", None, Action.CLAIM, agent_id="a1")
    assert (claimed.state, claimed.agent_id) == ("agent", "a1")
    moved = apply("agent", "a1", Action.TRANSFER, agent_id="a2")
    assert (moved.state, moved.agent_id, moved.changed) == ("agent", "a2", True)
    back = apply("agent", "a2", Action.HAND_BACK)
    assert (back.state, back.agent_id) == ("bot", None)
    closed = apply("agent", "a2", Action.CLOSE)
    assert (closed.state, closed.agent_id) == ("closed", None)
    assert apply("closed", None, Action.REOPEN).state == "bot"


@pytest.mark.parametrize(
    ("state", "owner", "action", "agent"),
    [
        ("queued", None, Action.REQUEST, None),
        ("agent", "a1", Action.CLAIM, "a1"),
        ("agent", "a1", Action.ASSIGN, "a1"),
        ("agent", "a1", Action.TRANSFER, "a1"),
        ("bot", None, Action.HAND_BACK, None),
        ("closed", None, Action.CLOSE, None),
        ("bot", None, Action.REOPEN, None),
    ],
)
def test_repeating_a_transition_is_a_no_op(
    state: str, owner: str | None, action: Action, agent: str | None
) -> None:
    outcome = apply(state, owner, action, agent_id=agent)
    assert not outcome.changed and outcome.state == state and outcome.agent_id == owner


@pytest.mark.parametrize(
    ("state", "owner", "action", "agent", "words"),
    [
        ("bot", None, Action.CLAIM, "a1", "cannot claim a conversation that is bot"),
        ("closed", None, Action.CLAIM, "a1", "cannot claim a conversation that is closed"),
        ("agent", "a1", Action.CLAIM, "a2", "already taken by agent a1"),
        ("queued", None, Action.TRANSFER, "a2", "cannot transfer a conversation that is queued"),
        ("closed", None, Action.HAND_BACK, None, "cannot hand back"),
        ("agent", "a1", Action.REQUEST, None, "cannot request"),
        ("queued", None, Action.REOPEN, None, "cannot reopen"),
    ],
)
def test_invalid_transitions_say_why(
    state: str, owner: str | None, action: Action, agent: str | None, words: str
) -> None:
    with pytest.raises(InvalidTransition, match=words):
        apply(state, owner, action, agent_id=agent)


def test_owning_actions_need_an_agent() -> None:
    for action, rule in TRANSITIONS.items():
        if rule.needs_agent:
            with pytest.raises(InvalidTransition, match="needs an agent"):
                apply(next(iter(rule.sources)), None, action)


def test_a_supervisor_can_reassign_an_owned_conversation() -> None:
    outcome = apply("agent", "a1", Action.ASSIGN, agent_id="a2")
    assert (outcome.agent_id, outcome.changed) == ("a2", True)
