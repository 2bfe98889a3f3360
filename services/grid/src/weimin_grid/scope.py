"""Object-level scope: which rows of a table a principal may see.

Every row carries its ancestry ids (street, community, grid unit), so the list filter is a
plain WHERE over indexed columns, and a single object is checked with `Principal.covers`.
"""

from typing import Annotated, TypeVar

from fastapi import Depends
from sqlalchemy import Select, select

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, require_roles
from weimin_kit.scoping import scope_condition

__all__ = ["scope_condition", "scoped_select"]

T = TypeVar("T")

#: Roles that work with the grid's registry of people; admin is implied everywhere.
STAFF_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary", "grid_worker")

Staff = Annotated[Principal, Depends(require_roles(*STAFF_ROLES))]


def covers(principal: Principal, *, street: object, community: object, grid: object) -> bool:
    return principal.covers(street=str(street), community=str(community), grid=str(grid))


def scoped_select(principal: Principal, model: type[T]) -> Select[T]:
    """`SELECT model` limited to the rows whose street, community or grid unit the principal
    covers (every table here carries the three as `street_id`, `community_id`,
    `grid_unit_id`)."""
    condition = scope_condition(
        principal,
        street=getattr(model, "street_id"),  # noqa: B009 (the model is a parameter)
        community=getattr(model, "community_id"),  # noqa: B009
        grid=getattr(model, "grid_unit_id"),  # noqa: B009
    )
    statement = select(model)
    return statement if condition is None else statement.where(condition)
