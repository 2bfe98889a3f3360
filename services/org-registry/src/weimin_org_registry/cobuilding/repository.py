"""Every query on co-building agreements and the partner report."""

import uuid
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.cobuilding.models import CoBuildingAgreement
from weimin_org_registry.organisations.models import CoBuildingLink, Organisation
from weimin_org_registry.places import placed_filter


async def stationed_organisation(
    session: AsyncSession, organisation_id: uuid.UUID
) -> Organisation | None:
    return await session.scalar(
        select(Organisation).where(
            Organisation.id == organisation_id,
            Organisation.kind.in_(("stationed_unit", "two_new_organisation")),
            Organisation.status == "active",
        )
    )


async def ensure_link(
    session: AsyncSession, organisation_id: uuid.UUID, community_id: uuid.UUID, street_id: uuid.UUID
) -> None:
    link = await session.get(CoBuildingLink, (organisation_id, community_id))
    if link is None:
        session.add(
            CoBuildingLink(
                organisation_id=organisation_id, community_id=community_id, street_id=street_id
            )
        )


def agreements_query(
    principal: Principal,
    community_id: uuid.UUID | None,
    organisation_id: uuid.UUID | None,
    in_force_on: date | None,
) -> Select[CoBuildingAgreement]:
    statement = select(CoBuildingAgreement).where(
        placed_filter(principal, CoBuildingAgreement.street_id, CoBuildingAgreement.community_id)
    )
    if community_id is not None:
        statement = statement.where(CoBuildingAgreement.community_id == community_id)
    if organisation_id is not None:
        statement = statement.where(CoBuildingAgreement.organisation_id == organisation_id)
    if in_force_on is not None:
        statement = statement.where(
            CoBuildingAgreement.starts_on <= in_force_on, CoBuildingAgreement.ends_on >= in_force_on
        )
    return statement


async def visible_agreement(
    session: AsyncSession, principal: Principal, agreement_id: uuid.UUID
) -> CoBuildingAgreement | None:
    return await session.scalar(
        agreements_query(principal, None, None, None).where(CoBuildingAgreement.id == agreement_id)
    )


async def partners_of(session: AsyncSession, community_id: uuid.UUID) -> list[Organisation]:
    rows = await session.scalars(
        select(Organisation)
        .join(CoBuildingLink, CoBuildingLink.organisation_id == Organisation.id)
        .where(CoBuildingLink.community_id == community_id, Organisation.status == "active")
        .order_by(Organisation.code)
    )
    return list(rows)


async def agreements_in_force(
    session: AsyncSession, community_id: uuid.UUID, on: date
) -> list[CoBuildingAgreement]:
    rows = await session.scalars(
        select(CoBuildingAgreement).where(
            CoBuildingAgreement.community_id == community_id,
            CoBuildingAgreement.starts_on <= on,
            CoBuildingAgreement.ends_on >= on,
        )
    )
    return list(rows)
