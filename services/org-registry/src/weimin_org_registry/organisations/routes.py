import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_org_registry.organisations import service, tree
from weimin_org_registry.organisations.schemas import (
    OrganisationChangeRead,
    OrganisationCreate,
    OrganisationDetail,
    OrganisationDissolve,
    OrganisationKind,
    OrganisationMove,
    OrganisationRead,
    OrganisationSummary,
    OrganisationUpdate,
    SubtreeCounts,
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
    status: Literal["active", "dissolved"] | None = None,
    within: Annotated[uuid.UUID | None, Query(description="only this subtree")] = None,
    level: Literal["prefecture", "city", "other"] | None = None,
    sector: Annotated[str | None, Query(min_length=1, max_length=32)] = None,
) -> Page[OrganisationRead]:
    root = await service.visible_or_404(session, principal, within) if within else None
    return await service.list_organisations(
        session,
        principal,
        page,
        kind,
        q,
        code,
        status=status,
        within=root,
        level=level,
        sector=sector,
    )


@router.post("", status_code=201)
async def create_organisation(
    body: OrganisationCreate, session: SessionDep, principal: CurrentPrincipal
) -> OrganisationRead:
    return OrganisationRead.model_validate(await tree.create_organisation(session, principal, body))


@router.get("/{organisation_id}")
async def get_organisation(
    organisation_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> OrganisationDetail:
    return await service.organisation_detail(session, principal, organisation_id)


@router.patch("/{organisation_id}")
async def update_organisation(
    organisation_id: uuid.UUID,
    body: OrganisationUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> OrganisationRead:
    organisation = await tree.update_organisation(session, principal, organisation_id, body)
    return OrganisationRead.model_validate(organisation)


@router.post("/{organisation_id}/move")
async def move_organisation(
    organisation_id: uuid.UUID,
    body: OrganisationMove,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> OrganisationRead:
    organisation = await tree.move_organisation(session, principal, organisation_id, body.parent_id)
    return OrganisationRead.model_validate(organisation)


@router.post("/{organisation_id}/dissolve")
async def dissolve_organisation(
    organisation_id: uuid.UUID,
    body: OrganisationDissolve,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> OrganisationRead:
    organisation = await tree.dissolve_organisation(
        session, principal, organisation_id, body.reason
    )
    return OrganisationRead.model_validate(organisation)


@router.get("/{organisation_id}/subtree")
async def count_subtree(
    organisation_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> SubtreeCounts:
    return await service.count_subtree(session, principal, organisation_id)


@router.get("/{organisation_id}/history")
async def organisation_history(
    organisation_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[OrganisationChangeRead]:
    return await service.list_changes(session, principal, page, organisation_id)
