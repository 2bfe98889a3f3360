"""The wish lifecycle as data: which action is allowed from which state, and where it leads.

submitted ─approve→ open ─claim→ claimed ─fulfil→ fulfilled ─confirm→ confirmed
    └─reject→ rejected    └─claim (approval)→ claim_pending ─approve_claim→ claimed
claim_pending ─decline_claim / withdraw / expire→ open
claimed ─withdraw / expire→ open
submitted, open, claim_pending, claimed ─cancel→ cancelled
"""

from typing import Literal

State = Literal[
    "submitted",
    "rejected",
    "open",
    "claim_pending",
    "claimed",
    "fulfilled",
    "confirmed",
    "cancelled",
]
Action = Literal[
    "approve",
    "reject",
    "claim",
    "approve_claim",
    "decline_claim",
    "withdraw",
    "expire",
    "fulfil",
    "confirm",
    "cancel",
]

ALLOWED: dict[Action, frozenset[State]] = {
    "approve": frozenset({"submitted"}),
    "reject": frozenset({"submitted"}),
    "claim": frozenset({"open"}),
    "approve_claim": frozenset({"claim_pending"}),
    "decline_claim": frozenset({"claim_pending"}),
    "withdraw": frozenset({"claim_pending", "claimed"}),
    "expire": frozenset({"claim_pending", "claimed"}),
    "fulfil": frozenset({"claimed"}),
    "confirm": frozenset({"fulfilled"}),
    "cancel": frozenset({"submitted", "open", "claim_pending", "claimed"}),
}

#: States shown on the public wall (a pending claim shows as claimed).
WALL_STATES: frozenset[State] = frozenset({"open", "claim_pending", "claimed"})
#: States a single public wish card can still be opened in (a QR code scanned late).
PUBLIC_STATES: frozenset[State] = WALL_STATES | {"fulfilled", "confirmed"}
#: States that count as "claimed" in the statistics (the source case's 465).
CLAIMED_STATES: frozenset[State] = frozenset({"claimed", "fulfilled", "confirmed"})
FULFILLED_STATES: frozenset[State] = frozenset({"fulfilled", "confirmed"})


def allows(action: Action, state: str) -> bool:
    return state in ALLOWED[action]
