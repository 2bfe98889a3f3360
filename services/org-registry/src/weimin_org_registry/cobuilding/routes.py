import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_kit.types import utcnow
from weimin_org_registry.cobuilding import service
from weimin_org_registry.cobuilding.schemas import AgreementCreate, AgreementRead, PartnerReport

router = APIRouter(prefix="/v1/co-building-agreements", tags=["co-building"])


@router.post("", status_code=201)
async def create_agreement(
    body: AgreementCreate, session: SessionDep, principal: CurrentPrincipal
) -> AgreementRead:
    return AgreementRead.model_validate(await service.create_agreement(session, principal, body))


@router.get("")
async def list_agreements(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: uuid.UUID | None = None,
    organisation_id: uuid.UUID | None = None,
    in_force_on: date | None = None,
) -> Page[AgreementRead]:
    return await service.list_agreements(
        session, principal, page, community_id, organisation_id, in_force_on
    )


@router.get("/partner-report")
async def partner_report(
    session: SessionDep,
    principal: CurrentPrincipal,
    community_id: uuid.UUID,
    on: Annotated[date | None, Query(description="default: today (UTC)")] = None,
) -> PartnerReport:
    return await service.partner_report(session, principal, community_id, on or utcnow().date())


@router.get("/{agreement_id}")
async def get_agreement(
    agreement_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> AgreementRead:
    return AgreementRead.model_validate(await service.agreement(session, principal, agreement_id))
