"""Object-level scope: which rows of a table a principal may see.

Every row carries its ancestry ids (street, community, grid unit), so the list filter is a
plain WHERE over indexed columns, and a single object is checked with `Principal.covers`.
"""

from typing import Annotated

from fastapi import Depends

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, require_roles
from weimin_kit.scoping import scope_condition

__all__ = ["scope_condition"]

#: Roles that work with the grid's registry of people; admin is implied everywhere.
STAFF_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary", "grid_worker")

Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]


def covers(principal: Principal, *, street: object, community: object, grid: object) -> bool:
    return principal.covers(street=str(street), community=str(community), grid=str(grid))
