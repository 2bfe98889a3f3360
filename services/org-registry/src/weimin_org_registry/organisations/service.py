"""Reading the organisation network within the caller's scope (changes: `tree`)."""

import uuid
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.organisations import repository
from weimin_org_registry.organisations.models import (
    STATIONED_KINDS,
    Organisation,
    OrganisationChange,
)
from weimin_org_registry.organisations.schemas import (
    OrganisationChangeRead,
    OrganisationDetail,
    OrganisationKind,
    OrganisationRead,
    OrganisationSummary,
    SubtreeCounts,
)


async def summarise(session: AsyncSession, principal: Principal) -> OrganisationSummary:
    counts = await repository.count_by_kind(session, principal)
    return OrganisationSummary(
        streets=counts.get("street_committee", 0),
        communities=counts.get("community_branch", 0),
        resident_groups=counts.get("resident_group_branch", 0),
        stationed_organisations=sum(counts.get(kind, 0) for kind in STATIONED_KINDS),
    )


async def organisation_detail(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> OrganisationDetail:
    organisation = await repository.visible_organisation(session, principal, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation")
    communities = (
        await repository.community_ids_of(session, organisation.id)
        if organisation.kind in STATIONED_KINDS
        else []
    )
    return OrganisationDetail(
        **OrganisationRead.model_validate(organisation).model_dump(),
        co_building_community_ids=communities,
    )


async def visible_or_404(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> Organisation:
    organisation = await repository.visible_organisation(session, principal, organisation_id)
    if organisation is None:
        raise NotFound("No such organisation")
    return organisation


async def count_subtree(
    session: AsyncSession, principal: Principal, organisation_id: uuid.UUID
) -> SubtreeCounts:
    root = await visible_or_404(session, principal, organisation_id)
    by_kind: dict[str, int] = {}
    by_depth: dict[str, int] = {}
    for kind, depth, count in await repository.subtree_counts(session, root):
        by_kind[kind] = by_kind.get(kind, 0) + count
        by_depth[str(depth)] = by_depth.get(str(depth), 0) + count
    return SubtreeCounts(
        organisation_id=root.id,
        total=sum(by_kind.values()),
        by_kind=dict(sorted(by_kind.items())),
        by_depth=dict(sorted(by_depth.items(), key=lambda item: int(item[0]))),
    )


async def list_organisations(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    kind: OrganisationKind | None,
    q: str | None,
    code: str | None,
    *,
    status: Literal["active", "dissolved"] | None,
    within: Organisation | None,
    level: Literal["prefecture", "city", "other"] | None,
    sector: str | None,
) -> Page[OrganisationRead]:
    return await paginate(
        session,
        repository.organisations_query(
            principal, kind, q, code, status=status, within=within, level=level, sector=sector
        ),
        Organisation.id,
        page,
        OrganisationRead.model_validate,
        parse_key=uuid.UUID,
    )


async def list_changes(
    session: AsyncSession, principal: Principal, page: PageParams, organisation_id: uuid.UUID
) -> Page[OrganisationChangeRead]:
    await visible_or_404(session, principal, organisation_id)
    return await paginate(
        session,
        repository.changes_query(organisation_id),
        OrganisationChange.id,
        page,
        OrganisationChangeRead.model_validate,
        parse_key=uuid.UUID,
    )
