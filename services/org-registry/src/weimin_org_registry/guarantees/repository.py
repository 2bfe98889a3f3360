"""Every query on resource guarantees."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.guarantees.models import ResourceGuarantee
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.places import placed_filter


def guarantees_query(
    principal: Principal, year: int | None, community_id: uuid.UUID | None
) -> Select[ResourceGuarantee]:
    statement = select(ResourceGuarantee).where(
        placed_filter(principal, ResourceGuarantee.street_id, ResourceGuarantee.community_id)
    )
    if year is not None:
        statement = statement.where(ResourceGuarantee.year == year)
    if community_id is not None:
        statement = statement.where(ResourceGuarantee.community_id == community_id)
    return statement


async def guarantee_of(
    session: AsyncSession, community_id: uuid.UUID, year: int
) -> ResourceGuarantee | None:
    return await session.scalar(
        select(ResourceGuarantee).where(
            ResourceGuarantee.community_id == community_id, ResourceGuarantee.year == year
        )
    )


async def communities_with_guarantees(
    session: AsyncSession, principal: Principal, year: int
) -> list[tuple[Organisation, ResourceGuarantee | None]]:
    """Every active community in scope, with its record for the year if there is one."""
    rows = await session.execute(
        select(Organisation, ResourceGuarantee)
        .outerjoin(
            ResourceGuarantee,
            (ResourceGuarantee.community_id == Organisation.id) & (ResourceGuarantee.year == year),
        )
        .where(
            Organisation.kind == "community_branch",
            Organisation.status == "active",
            placed_filter(principal, Organisation.street_id, Organisation.community_id),
        )
        .order_by(Organisation.code)
    )
    return [(community, guarantee) for community, guarantee in rows.all()]
