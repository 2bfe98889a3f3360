"""Demonstration businesses and service posts: designate, revoke, publish."""

import uuid
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.types import utcnow
from weimin_org_registry.demonstration import repository
from weimin_org_registry.demonstration.models import DemonstrationSite
from weimin_org_registry.demonstration.schemas import PublicSite, SiteCreate, SiteRead
from weimin_org_registry.members.repository import member_of_person
from weimin_org_registry.people import repository as people
from weimin_org_registry.places import community_in_scope, ensure_staff


class SiteAlreadyRevoked(Conflict):
    code = "site-already-revoked"
    title = "This demonstration site is already revoked"


async def designate(
    session: AsyncSession, principal: Principal, data: SiteCreate
) -> DemonstrationSite:
    ensure_staff(principal)
    community = await community_in_scope(session, principal, data.community_id, "body.community_id")
    holder = await people.visible_person(session, principal, data.holder_person_id)
    if holder is None or await member_of_person(session, holder.id) is None:
        raise InvalidInput.field(
            "body.holder_person_id",
            "no party member with this person id in your scope",
            "unknown-member",
        )
    assert community.street_id is not None
    site = DemonstrationSite(
        **data.model_dump(exclude={"community_id"}),
        community_id=community.id,
        street_id=community.street_id,
    )
    session.add(site)
    await session.flush()
    return site


async def site(
    session: AsyncSession, principal: Principal, site_id: uuid.UUID
) -> DemonstrationSite:
    found = await repository.visible_site(session, principal, site_id)
    if found is None:
        raise NotFound("No such demonstration site")
    return found


async def revoke(
    session: AsyncSession, principal: Principal, site_id: uuid.UUID, reason: str
) -> DemonstrationSite:
    ensure_staff(principal)
    found = await site(session, principal, site_id)
    if found.revoked_at is not None:
        raise SiteAlreadyRevoked("Revoked already")
    found.revoked_at = utcnow()
    found.revoke_reason = reason
    await session.flush()
    return found


def feature(site: DemonstrationSite) -> dict[str, object]:
    properties = PublicSite.model_validate(site).model_dump(mode="json", exclude={"lon", "lat"})
    return {
        "type": "Feature",
        "id": str(site.id),
        "geometry": {"type": "Point", "coordinates": [site.lon, site.lat]},
        "properties": properties,
    }


async def list_sites(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    kind: str | None,
    community_id: uuid.UUID | None,
) -> Page[SiteRead]:
    return await paginate(
        session,
        repository.sites_query(principal, kind, community_id),
        DemonstrationSite.id,
        page,
        SiteRead.model_validate,
        parse_key=uuid.UUID,
    )


async def list_public(
    session: AsyncSession,
    page: PageParams,
    on: date,
    kind: str | None,
    community_id: uuid.UUID | None,
) -> Page[PublicSite]:
    return await paginate(
        session,
        repository.public_query(on, kind, community_id),
        DemonstrationSite.id,
        page,
        PublicSite.model_validate,
        parse_key=uuid.UUID,
    )


async def public_sites(
    session: AsyncSession, on: date, kind: str | None, community_id: uuid.UUID | None
) -> list[DemonstrationSite]:
    return list(await repository.public_sites(session, on, kind, community_id))
