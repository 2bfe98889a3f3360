"""Object-level scope: which rows a principal may see.

Staff see rows whose street / community / grid unit is in their token scopes (admin sees
everything). Volunteers are matched to their own record by account id (the token's `sub`);
what a team leader sees follows from the team they lead, checked in each domain.
"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false
from sqlalchemy.orm import InstrumentedAttribute

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal
from weimin_kit.scoping import scope_condition as staff_scope

#: Roles that manage volunteers within their scope (admin is implied everywhere).
STAFF_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary", "grid_worker")
#: Roles that may create and change teams, activities and registrations in their scope.
MANAGING_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")


def is_staff(principal: Principal) -> bool:
    return principal.is_admin or principal.has_role(*STAFF_ROLES)


def is_manager(principal: Principal) -> bool:
    return principal.is_admin or principal.has_role(*MANAGING_ROLES)


def scope_condition(
    principal: Principal,
    *,
    street: InstrumentedAttribute[Any],
    community: InstrumentedAttribute[Any],
    grid: InstrumentedAttribute[Any] | None = None,
) -> ColumnElement[bool] | None:
    """The WHERE clause limiting a table to the staff principal's scope; None for an admin.
    Only staff roles see by scope here: a volunteer's scopes do not open others' records."""
    if not principal.is_admin and not is_staff(principal):
        return false()
    return staff_scope(principal, street=street, community=community, grid=grid)


def staff_covers(
    principal: Principal, *, street: object, community: object, grid: object = None
) -> bool:
    if principal.is_admin:
        return True
    if not is_staff(principal):
        return False
    return principal.covers(
        street=str(street), community=str(community), grid=None if grid is None else str(grid)
    )


def manager_covers(principal: Principal, *, street: object, community: object) -> bool:
    if principal.is_admin:
        return True
    return is_manager(principal) and principal.covers(street=str(street), community=str(community))


def account_id_of(principal: Principal) -> uuid.UUID | None:
    try:
        return uuid.UUID(principal.subject)
    except ValueError:
        return None
