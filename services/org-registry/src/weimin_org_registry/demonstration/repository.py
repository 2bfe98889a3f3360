"""Every query on demonstration sites."""

import uuid
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.demonstration.models import DemonstrationSite
from weimin_org_registry.places import placed_filter


def sites_query(
    principal: Principal, kind: str | None, community_id: uuid.UUID | None
) -> Select[DemonstrationSite]:
    statement = select(DemonstrationSite).where(
        placed_filter(principal, DemonstrationSite.street_id, DemonstrationSite.community_id)
    )
    if kind is not None:
        statement = statement.where(DemonstrationSite.kind == kind)
    if community_id is not None:
        statement = statement.where(DemonstrationSite.community_id == community_id)
    return statement


def public_query(
    on: date, kind: str | None, community_id: uuid.UUID | None
) -> Select[DemonstrationSite]:
    """Sites in force on `on`: not revoked, inside their valid period."""
    statement = select(DemonstrationSite).where(
        DemonstrationSite.revoked_at.is_(None),
        DemonstrationSite.valid_from <= on,
        DemonstrationSite.valid_until >= on,
    )
    if kind is not None:
        statement = statement.where(DemonstrationSite.kind == kind)
    if community_id is not None:
        statement = statement.where(DemonstrationSite.community_id == community_id)
    return statement


async def public_sites(
    session: AsyncSession, on: date, kind: str | None, community_id: uuid.UUID | None
) -> list[DemonstrationSite]:
    rows = await session.scalars(
        public_query(on, kind, community_id).order_by(DemonstrationSite.id)
    )
    return list(rows)


async def visible_site(
    session: AsyncSession, principal: Principal, site_id: uuid.UUID
) -> DemonstrationSite | None:
    return await session.scalar(
        sites_query(principal, None, None).where(DemonstrationSite.id == site_id)
    )
