"""Object-level scope: which wishes a staff member may see.

Every row carries its ancestry ids (street, community, grid unit), so the list filter is a
plain WHERE over indexed columns, and a single object is checked with `Principal.covers`.
"""

from typing import Annotated

from fastapi import Depends

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, require_roles
from weimin_kit.scoping import scope_condition

__all__ = ["scope_condition"]

#: Staff who see wishes with their beneficiaries; admin is implied everywhere.
STAFF_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary", "grid_worker")
#: Staff who decide: review wishes, approve claims, register kiosks.
REVIEWER_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")

Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]
# Exports: staff, signed in with a second factor where the settings require one of them.
StaffExporting = Annotated[Principal, Depends(require_roles(*STAFF_ROLES, second_factor=True))]
Reviewer = Annotated[Principal, Depends(require_roles(*REVIEWER_ROLES))]


def covers(principal: Principal, *, street: object, community: object, grid: object = None) -> bool:
    return principal.covers(
        street=str(street), community=str(community), grid=None if grid is None else str(grid)
    )
