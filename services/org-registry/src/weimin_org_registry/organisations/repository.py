"""Every query on organisations and co-building links."""

import uuid
from collections.abc import Collection

from sqlalchemy import ColumnElement, Select, false, func, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.members.models import PartyMember
from weimin_org_registry.organisations.models import (
    CoBuildingLink,
    Organisation,
    OrganisationChange,
)


async def existing_streets(
    session: AsyncSession, street_ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    if not street_ids:
        return set()
    rows = await session.scalars(
        select(Organisation.id).where(
            Organisation.id.in_(street_ids), Organisation.kind == "street_committee"
        )
    )
    return set(rows)


async def streets_of_communities(
    session: AsyncSession, community_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """Community id → its street id, for the communities that exist."""
    if not community_ids:
        return {}
    rows = await session.execute(
        select(Organisation.id, Organisation.street_id).where(
            Organisation.id.in_(community_ids), Organisation.kind == "community_branch"
        )
    )
    return {community: street for community, street in rows if street is not None}


def visible_filter(principal: Principal) -> ColumnElement[bool]:
    """Organisations inside the caller's streets and communities, including the stationed
    organisations co-building with them. Grid scopes see none: grid units live in the grid
    service and organisations are not placed in them."""
    if principal.is_admin:
        return Organisation.id.is_not(None)
    streets = [uuid.UUID(s) for s in principal.scope_ids("street")]
    communities = [uuid.UUID(c) for c in principal.scope_ids("community")]
    if not streets and not communities:
        return false()
    linked = select(CoBuildingLink.organisation_id).where(
        or_(CoBuildingLink.street_id.in_(streets), CoBuildingLink.community_id.in_(communities))
    )
    return or_(
        Organisation.street_id.in_(streets),
        Organisation.community_id.in_(communities),
        Organisation.id.in_(linked),
    )


def organisations_query(
    principal: Principal,
    kind: str | None,
    q: str | None,
    code: str | None,
    *,
    status: str | None = None,
    within: Organisation | None = None,
    level: str | None = None,
    sector: str | None = None,
) -> Select[Organisation]:
    statement = select(Organisation).where(visible_filter(principal))
    if level is not None:
        statement = statement.where(Organisation.level == level)
    if sector is not None:
        statement = statement.where(Organisation.sector == sector)
    if status is not None:
        statement = statement.where(Organisation.status == status)
    if within is not None:
        statement = statement.where(Organisation.path.startswith(within.path, autoescape=True))
    if kind is not None:
        statement = statement.where(Organisation.kind == kind)
    if q:
        statement = statement.where(Organisation.name.contains(q, autoescape=True))
    if code is not None:
        statement = statement.where(Organisation.code == code)
    return statement


async def visible_organisation(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> Organisation | None:
    return await session.scalar(
        select(Organisation).where(Organisation.id == organisation_id, visible_filter(principal))
    )


async def count_by_kind(session: AsyncSession, principal: Principal) -> dict[str, int]:
    rows = await session.execute(
        select(Organisation.kind, func.count())
        .where(visible_filter(principal), Organisation.status == "active")
        .group_by(Organisation.kind)
    )
    return {kind: int(count) for kind, count in rows}


async def community_ids_of(session: AsyncSession, organisation_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(CoBuildingLink.community_id)
        .where(CoBuildingLink.organisation_id == organisation_id)
        .order_by(CoBuildingLink.community_id)
    )
    return list(rows)


async def is_empty(session: AsyncSession) -> bool:
    return await session.scalar(select(Organisation.id).limit(1)) is None


async def code_taken(session: AsyncSession, code: str, other_than: uuid.UUID | None) -> bool:
    statement = select(Organisation.id).where(Organisation.code == code)
    if other_than is not None:
        statement = statement.where(Organisation.id != other_than)
    return await session.scalar(statement.limit(1)) is not None


async def subtree(session: AsyncSession, root: Organisation) -> list[Organisation]:
    """The root and every descendant, parents before children."""
    rows = await session.scalars(
        select(Organisation)
        .where(Organisation.path.startswith(root.path, autoescape=True))
        .order_by(Organisation.depth, Organisation.id)
    )
    return list(rows)


async def has_active_children(session: AsyncSession, organisation_id: uuid.UUID) -> bool:
    statement = select(Organisation.id).where(
        Organisation.parent_id == organisation_id, Organisation.status == "active"
    )
    return await session.scalar(statement.limit(1)) is not None


async def has_party_members(session: AsyncSession, organisation_id: uuid.UUID) -> bool:
    statement = select(PartyMember.id).where(PartyMember.organisation_id == organisation_id)
    return await session.scalar(statement.limit(1)) is not None


async def subtree_counts(session: AsyncSession, root: Organisation) -> list[tuple[str, int, int]]:
    """(kind, depth, count) of the active organisations in the subtree, root included."""
    rows = await session.execute(
        select(Organisation.kind, Organisation.depth, func.count())
        .where(
            Organisation.path.startswith(root.path, autoescape=True),
            Organisation.status == "active",
        )
        .group_by(Organisation.kind, Organisation.depth)
    )
    return [(kind, int(depth), int(count)) for kind, depth, count in rows]


async def add_change(session: AsyncSession, change: OrganisationChange) -> None:
    session.add(change)
    await session.flush()


def changes_query(organisation_id: uuid.UUID) -> Select[OrganisationChange]:
    return select(OrganisationChange).where(OrganisationChange.organisation_id == organisation_id)
