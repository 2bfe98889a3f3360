"""The incident workflow as data: which action moves which state where, and who may act.

An incident belongs to a level (grid → community → street). Escalation hands it up one
level; from then on only staff of that level or above may act on it, which is the point
of escalating: the grid worker could not resolve it alone.
"""

from typing import Literal

from weimin_events.vocabularies import INCIDENT_LEVELS, IncidentLevel, IncidentState, Role

# The states and levels are the shared vocabulary: the incident events carry them.
State = IncidentState
Level = IncidentLevel
Action = Literal[
    "accept",
    "reject",
    "mark_duplicate",
    "assign",
    "start",
    "resolve",
    "verify",
    "close",
    "reopen",
    "escalate",
]

LEVELS: tuple[Level, ...] = INCIDENT_LEVELS

TRANSITIONS: dict[Action, tuple[frozenset[State], State]] = {
    "accept": (frozenset({"reported", "escalated", "reopened"}), "accepted"),
    "reject": (frozenset({"reported", "accepted"}), "rejected"),
    "mark_duplicate": (frozenset({"reported", "accepted"}), "duplicate"),
    "assign": (frozenset({"accepted", "assigned", "escalated", "reopened"}), "assigned"),
    "start": (frozenset({"assigned"}), "in_progress"),
    "resolve": (frozenset({"in_progress"}), "resolved"),
    "verify": (frozenset({"resolved"}), "verified"),
    "close": (frozenset({"verified"}), "closed"),
    "reopen": (frozenset({"resolved", "verified", "closed"}), "reopened"),
    "escalate": (
        frozenset({"reported", "accepted", "assigned", "in_progress", "escalated", "reopened"}),
        "escalated",
    ),
}

#: States in which the SLA clock runs and an incident can be overdue.
OPEN_STATES: frozenset[State] = frozenset(
    {"reported", "accepted", "assigned", "in_progress", "escalated", "reopened"}
)
#: States a return visit (satisfaction question) may follow.
VISITABLE_STATES: frozenset[State] = frozenset({"resolved", "verified", "closed"})

#: Steps that confirm the work is done; never taken by the incident's own reporter (the
#: return visit is held to the same rule), so a worker cannot report and close alone.
CONFIRMING_ACTIONS: frozenset[Action] = frozenset({"verify", "close"})

#: The highest level each role may act at; admin acts everywhere.
ROLE_LEVEL: dict[Role, Level] = {
    "grid_worker": "grid",
    "community_secretary": "community",
    "street_secretary": "street",
    "admin": "street",
}


def target_state(state: str, action: Action) -> State | None:
    """The state `action` leads to from `state`, or None when it is not allowed there."""
    sources, target = TRANSITIONS[action]
    return target if state in sources else None


def rank(level: str) -> int:
    return LEVELS.index(level)


def highest_level(roles: frozenset[str]) -> Level | None:
    levels = [level for role, level in ROLE_LEVEL.items() if role in roles]
    return LEVELS[max(rank(level) for level in levels)] if levels else None


def next_level(level: str) -> Level | None:
    position = rank(level) + 1
    return LEVELS[position] if position < len(LEVELS) else None


def allowed_actions(
    state: str, level: str, roles: frozenset[str], *, own_report: bool = False
) -> list[Action]:
    """What someone holding `roles` may do to an incident now, so a screen offers only that.

    The same rules `apply_action` enforces: the action must lead somewhere from `state`, the
    person must act at the incident's level or above, escalation needs a level above, and
    the reporter never confirms their own report (`CONFIRMING_ACTIONS`).
    """
    highest = highest_level(roles)
    if highest is None or rank(highest) < rank(level):
        return []
    return [
        action
        for action in TRANSITIONS
        if target_state(state, action) is not None
        and not (action == "escalate" and next_level(level) is None)
        and not (own_report and action in CONFIRMING_ACTIONS)
    ]
