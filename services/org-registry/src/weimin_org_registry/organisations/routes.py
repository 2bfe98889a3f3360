import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep, paginate
from weimin_org_registry.organisations import repository, service
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.organisations.schemas import (
    OrganisationDetail,
    OrganisationKind,
    OrganisationRead,
    OrganisationSummary,
)

router = APIRouter(prefix="/v1/organisations", tags=["organisations"])


@router.get("/summary")
async def summary(session: SessionDep, principal: CurrentPrincipal) -> OrganisationSummary:
    return await service.summarise(session, principal)


@router.get("")
async def list_organisations(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    kind: OrganisationKind | None = None,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    code: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
) -> Page[OrganisationRead]:
    return await paginate(
        session,
        repository.organisations_query(principal, kind, q, code),
        Organisation.id,
        page,
        OrganisationRead.model_validate,
        parse_key=uuid.UUID,
    )


@router.get("/{organisation_id}")
async def get_organisation(
    organisation_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> OrganisationDetail:
    return await service.organisation_detail(session, principal, organisation_id)
