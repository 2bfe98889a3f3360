"""Object-level scope: which wishes a staff member may see.

Every row carries its ancestry ids (street, community, grid unit), so the list filter is a
plain WHERE over indexed columns, and a single object is checked with `Principal.covers`.
"""

import uuid
from typing import Annotated, Any

from fastapi import Depends
from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from weimin_kit.auth import Principal, require_roles

#: Staff who see wishes with their beneficiaries; admin is implied everywhere.
STAFF_ROLES = ("street_secretary", "community_secretary", "grid_worker")
#: Staff who decide: review wishes, approve claims, register kiosks.
REVIEWER_ROLES = ("street_secretary", "community_secretary")

Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
Reviewer = Annotated[Principal, Depends(require_roles(*REVIEWER_ROLES))]


def _uuids(values: frozenset[str]) -> list[uuid.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            continue  # a scope naming something that is not an id covers nothing here
    return parsed


def scope_condition(
    principal: Principal,
    *,
    street: InstrumentedAttribute[Any],
    community: InstrumentedAttribute[Any],
    grid: InstrumentedAttribute[Any] | None = None,
) -> ColumnElement[bool] | None:
    """The WHERE clause limiting a table to the principal's scope; None for an admin."""
    if principal.is_admin:
        return None
    clauses: list[ColumnElement[bool]] = []
    kinds = [(street, "street"), (community, "community")]
    if grid is not None:
        kinds.append((grid, "grid"))
    for column, kind in kinds:
        ids = _uuids(principal.scope_ids(kind))
        if ids:
            clauses.append(column.in_(ids))
    return or_(*clauses) if clauses else false()


def covers(principal: Principal, *, street: object, community: object, grid: object = None) -> bool:
    return principal.covers(
        street=str(street), community=str(community), grid=None if grid is None else str(grid)
    )
