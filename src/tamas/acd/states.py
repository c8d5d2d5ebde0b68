"""Agent and contact states, and the transitions the router allows between them.

The router keeps an agent's *presence* (logged out, ready, paused) apart from the
contacts it is handling (each ringing, busy or in wrap-up), because a chat agent can hold
three chats and a voice agent can ask for a pause in the middle of a call. The agent's
one visible state is derived from both. Writing every allowed move down, and refusing
the rest, turns a routing bug into an error at the line that made it instead of a wrong
number on tomorrow's report.
"""

from __future__ import annotations

from enum import StrEnum


class AgentState(StrEnum):
    LOGGED_OUT = "logged_out"
    READY = "ready"
    RESERVED = "reserved"
    """A contact is ringing at the agent (or offered as a chat) and not yet answered."""
    BUSY = "busy"
    WRAP_UP = "wrap_up"
    """After-contact work; the agent takes no new contact of this channel until it ends."""
    PAUSED = "paused"


class ContactState(StrEnum):
    WAITING = "waiting"
    OFFERED = "offered"
    ANSWERED = "answered"
    ENDED = "ended"
    ABANDONED = "abandoned"
    EXITED = "exited"


class IllegalTransitionError(Exception):
    """A caller asked the router for a move the state machine does not allow."""


PRESENCE_TRANSITIONS: dict[AgentState, frozenset[AgentState]] = {
    AgentState.LOGGED_OUT: frozenset({AgentState.READY, AgentState.PAUSED}),
    AgentState.READY: frozenset({AgentState.PAUSED, AgentState.LOGGED_OUT}),
    AgentState.PAUSED: frozenset({AgentState.READY, AgentState.LOGGED_OUT}),
}
"""Moves of an agent's presence; the agent's contacts are tracked by `TASK_TRANSITIONS`."""

TASK_TRANSITIONS: dict[AgentState, frozenset[AgentState]] = {
    AgentState.READY: frozenset({AgentState.RESERVED}),
    AgentState.RESERVED: frozenset({AgentState.BUSY, AgentState.READY}),
    AgentState.BUSY: frozenset({AgentState.WRAP_UP, AgentState.READY}),
    AgentState.WRAP_UP: frozenset({AgentState.READY}),
}
"""Moves of one contact slot of an agent: READY here means the slot is free again."""

CONTACT_TRANSITIONS: dict[ContactState, frozenset[ContactState]] = {
    ContactState.WAITING: frozenset(
        {ContactState.OFFERED, ContactState.ABANDONED, ContactState.EXITED, ContactState.WAITING}
    ),
    ContactState.OFFERED: frozenset(
        {ContactState.ANSWERED, ContactState.WAITING, ContactState.ABANDONED}
    ),
    ContactState.ANSWERED: frozenset({ContactState.ENDED}),
    ContactState.ENDED: frozenset(),
    ContactState.ABANDONED: frozenset(),
    ContactState.EXITED: frozenset(),
}
"""Moves of a queue entry. WAITING → WAITING is a move to another queue (overflow)."""


def check_presence(old: AgentState, new: AgentState, agent: str) -> None:
    if new not in PRESENCE_TRANSITIONS[old]:
        raise IllegalTransitionError(f"agent {agent}: cannot go from {old} to {new}")


def check_task(old: AgentState, new: AgentState, agent: str, contact: str) -> None:
    if new not in TASK_TRANSITIONS[old]:
        raise IllegalTransitionError(
            f"agent {agent}, contact {contact}: cannot go from {old} to {new}"
        )


def check_contact(old: ContactState, new: ContactState, contact: str) -> None:
    if new not in CONTACT_TRANSITIONS[old]:
        raise IllegalTransitionError(f"contact {contact}: cannot go from {old} to {new}")
