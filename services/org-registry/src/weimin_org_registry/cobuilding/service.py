"""Co-building agreements between stationed organisations and communities."""

import uuid
from collections import Counter
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.cobuilding import repository
from weimin_org_registry.cobuilding.models import CoBuildingAgreement
from weimin_org_registry.cobuilding.schemas import (
    AgreementCreate,
    AgreementRead,
    ContributionRead,
    ContributionTotal,
    Partner,
    PartnerReport,
)
from weimin_org_registry.places import community_in_scope, ensure_staff


async def create_agreement(
    session: AsyncSession, principal: Principal, data: AgreementCreate
) -> CoBuildingAgreement:
    ensure_staff(principal)
    community = await community_in_scope(session, principal, data.community_id, "body.community_id")
    # Stationed units are public bodies, not placed in anyone's scope: any active one may
    # sign with a community the caller holds.
    organisation = await repository.stationed_organisation(session, data.organisation_id)
    if organisation is None:
        raise InvalidInput.field(
            "body.organisation_id",
            "no active stationed unit or two-new organisation with this id",
            "unknown-organisation",
        )
    assert community.street_id is not None
    agreement = CoBuildingAgreement(
        organisation_id=organisation.id,
        community_id=community.id,
        street_id=community.street_id,
        contributions=[c.model_dump() for c in data.contributions],
        starts_on=data.starts_on,
        ends_on=data.ends_on,
    )
    session.add(agreement)
    await repository.ensure_link(session, organisation.id, community.id, community.street_id)
    await session.flush()
    return agreement


async def agreement(
    session: AsyncSession, principal: Principal, agreement_id: uuid.UUID
) -> CoBuildingAgreement:
    found = await repository.visible_agreement(session, principal, agreement_id)
    if found is None:
        raise NotFound("No such co-building agreement")
    return found


def _group(kind: str, level: str | None, category: str | None) -> str:
    if kind == "two_new_organisation":
        return category or "two_new"
    return level or "other"


async def partner_report(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID, on: date
) -> PartnerReport:
    community = await community_in_scope(session, principal, community_id, None)
    in_force: dict[uuid.UUID, list[CoBuildingAgreement]] = {}
    for row in await repository.agreements_in_force(session, community.id, on):
        in_force.setdefault(row.organisation_id, []).append(row)
    partners = []
    for organisation in await repository.partners_of(session, community.id):
        agreements = in_force.get(organisation.id, [])
        partners.append(
            Partner(
                organisation_id=organisation.id,
                name=organisation.name,
                kind=organisation.kind,
                group=_group(organisation.kind, organisation.level, organisation.category),
                sector=organisation.sector,
                agreements_in_force=len(agreements),
                contributions=[ContributionRead(**c) for a in agreements for c in a.contributions],
            )
        )
    totals: dict[str, ContributionTotal] = {}
    for partner in partners:
        for contribution in partner.contributions:
            total = totals.setdefault(contribution.kind, ContributionTotal(count=0, amount=0))
            total.count += 1
            total.amount += contribution.amount or 0
    return PartnerReport(
        community_id=community.id,
        on=on,
        partners=partners,
        partners_by_group=dict(sorted(Counter(p.group for p in partners).items())),
        contribution_totals=dict(sorted(totals.items())),
    )


async def list_agreements(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    community_id: uuid.UUID | None,
    organisation_id: uuid.UUID | None,
    in_force_on: date | None,
) -> Page[AgreementRead]:
    return await paginate(
        session,
        repository.agreements_query(principal, community_id, organisation_id, in_force_on),
        CoBuildingAgreement.id,
        page,
        AgreementRead.model_validate,
        parse_key=uuid.UUID,
    )
