"""Object-level scope for everything placed in a street and a community.

Every row that belongs somewhere carries `street_id` and `community_id`, so a caller's
view is one WHERE: the admin sees the city, a street scope its street, a community scope
its community. Grid scopes see nothing here (nothing in this service lives in a grid).
"""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound
from weimin_org_registry.organisations.models import Organisation

STAFF_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")


def placed_filter(
    principal: Principal, street_column: Any, community_column: Any
) -> ColumnElement[bool]:
    if principal.is_admin:
        return true()
    streets = [uuid.UUID(s) for s in principal.scope_ids("street")]
    communities = [uuid.UUID(c) for c in principal.scope_ids("community")]
    if not streets and not communities:
        return false()
    return or_(street_column.in_(streets), community_column.in_(communities))


def covers_place(
    principal: Principal, street_id: uuid.UUID | None, community_id: uuid.UUID | None
) -> bool:
    return principal.covers(street=street_id, community=community_id)


def ensure_staff(principal: Principal) -> None:
    """Writes are for the admin and the secretaries; scope is checked object by object."""
    ensure_role(principal, *STAFF_ROLES)


class UnknownCommunity(InvalidInput):
    code = "unknown-community"
    title = "No such active community in your scope"
    title_zh = "您的范围内没有此有效社区"


async def community_in_scope(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID, field: str | None
) -> Organisation:
    """The active community, if the caller's scope holds it. Out of scope looks exactly
    like unknown: a 404 when addressed by id (`field` None), else a 422 naming `field`."""
    community = await session.scalar(
        select(Organisation).where(
            Organisation.id == community_id,
            Organisation.kind == "community_branch",
            Organisation.status == "active",
        )
    )
    if community is None or not covers_place(principal, community.street_id, community.id):
        if field is None:
            raise NotFound("No such community")
        reason = "no active community with this id in your scope"
        raise UnknownCommunity(
            f"{field}: {reason}",
            errors=[{"field": field, "reason": reason, "code": UnknownCommunity.code}],
        )
    return community
