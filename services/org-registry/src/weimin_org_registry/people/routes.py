import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from weimin_kit.auth import CurrentPrincipal, SecondFactorPrincipal
from weimin_kit.db import ReadSessionDep, SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_org_registry.people import service
from weimin_org_registry.people.protection import VaultDep
from weimin_org_registry.people.schemas import (
    PersonCreate,
    PersonLookup,
    PersonRead,
    RevealAuditRead,
    RevealedPerson,
    RevealRequest,
)
from weimin_org_registry.places import ensure_staff

router = APIRouter(prefix="/v1/people", tags=["people"])


@router.post("", status_code=201)
async def register_person(
    body: PersonCreate, session: SessionDep, principal: CurrentPrincipal, vault: VaultDep
) -> PersonRead:
    return service.read(await service.register_person(session, principal, vault, body), vault)


@router.get("")
async def list_people(
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    page: PageDep,
    q: Annotated[str | None, Query(min_length=1, max_length=100)] = None,
    community_id: uuid.UUID | None = None,
) -> Page[PersonRead]:
    return await service.list_people(session, principal, vault, page, q, community_id)


@router.post("/lookup")
async def look_up_person(
    body: PersonLookup, session: ReadSessionDep, principal: CurrentPrincipal, vault: VaultDep
) -> PersonRead:
    found = await service.look_up(session, principal, vault, body.id_card_number)
    return service.read(found, vault)


@router.get("/reveal-audits")
async def list_reveal_audits(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    person_id: uuid.UUID | None = None,
) -> Page[RevealAuditRead]:
    ensure_staff(principal)
    return await service.list_reveals(session, principal, page, person_id)


@router.get("/{person_id}")
async def get_person(
    person_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, vault: VaultDep
) -> PersonRead:
    return service.read(await service.person(session, principal, person_id), vault)


@router.post("/{person_id}/reveal")
async def reveal_person(
    person_id: uuid.UUID,
    body: RevealRequest,
    response: Response,
    session: SessionDep,
    principal: SecondFactorPrincipal,
    vault: VaultDep,
) -> RevealedPerson:
    # Unmasked: no cache keeps it, nor the idempotency store.
    response.headers["Cache-Control"] = "no-store"
    return await service.reveal(session, principal, vault, person_id, body)
