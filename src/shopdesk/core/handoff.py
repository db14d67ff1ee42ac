"""Who owns a conversation, and how ownership may change: the handoff state machine. Pure.

The table below is the whole machine. Each action names the states it may start from and the
state it leads to; an action that finds the conversation already where it would lead (with the
same agent) is a no-op, so a retried request is harmless. Anything else is an invalid transition,
reported with the state the conversation is in.

It lives in ``core`` because both the message path (bot -> queued, closed -> bot) and the agent
side (claims, transfers, closing) apply it.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from shopdesk.core.types import ConversationState

BOT, QUEUED, AGENT, CLOSED = (
    ConversationState.BOT,
    ConversationState.QUEUED,
    ConversationState.AGENT,
    ConversationState.CLOSED,
)


class Action(StrEnum):
    REQUEST = "request"  # the bot (or the policy) hands over: wait for a person
    CLAIM = "claim"  # an agent takes a waiting conversation
    ASSIGN = "assign"  # a supervisor gives a waiting (or owned) conversation to an agent
    TRANSFER = "transfer"  # the owner (or a supervisor) passes it to another agent
    HAND_BACK = "hand_back"  # the agent gives it back to the bot
    CLOSE = "close"
    REOPEN = "reopen"  # the shopper writes again after it was closed


@dataclass(frozen=True)
class Rule:
    sources: frozenset[ConversationState]
    target: ConversationState
    needs_agent: bool  # the target has an owner: the action names the agent


TRANSITIONS: dict[Action, Rule] = {
    Action.REQUEST: Rule(frozenset({BOT}), QUEUED, needs_agent=False),
    Action.CLAIM: Rule(frozenset({QUEUED}), AGENT, needs_agent=True),
    Action.ASSIGN: Rule(frozenset({QUEUED, AGENT}), AGENT, needs_agent=True),
    Action.TRANSFER: Rule(frozenset({AGENT}), AGENT, needs_agent=True),
    Action.HAND_BACK: Rule(frozenset({AGENT, QUEUED}), BOT, needs_agent=False),
    Action.CLOSE: Rule(frozenset({BOT, QUEUED, AGENT}), CLOSED, needs_agent=False),
    Action.REOPEN: Rule(frozenset({CLOSED}), BOT, needs_agent=False),
}


class InvalidTransition(ValueError):
    """The action cannot apply to the conversation as it is; the message says why."""


@dataclass(frozen=True)
class Outcome:
    state: ConversationState
    agent_id: str | None
    changed: bool  # False: the conversation already was there, nothing to write


def apply(state: str, owner: str | None, action: Action, *, agent_id: str | None = None) -> Outcome:
    """Where ``action`` leads from ``state`` (owned by ``owner``); raises InvalidTransition."""
    current = ConversationState(state)
    rule = TRANSITIONS[action]
    if rule.needs_agent and not agent_id:
        raise InvalidTransition(f"{action.value} needs an agent")
    target_agent = agent_id if rule.needs_agent else None
    if current == rule.target and (not rule.needs_agent or owner == target_agent):
        return Outcome(current, owner if rule.needs_agent else None, changed=False)
    if current == AGENT and action is Action.CLAIM and owner != agent_id:
        raise InvalidTransition(f"the conversation is already taken by agent {owner}")
    if current not in rule.sources:
        allowed = ", ".join(sorted(s.value for s in rule.sources))
        raise InvalidTransition(
            f"cannot {action.value.replace('_', ' ')} a conversation that is {current.value}"
            f" (only from: {allowed})"
        )
    return Outcome(rule.target, target_agent, changed=True)
