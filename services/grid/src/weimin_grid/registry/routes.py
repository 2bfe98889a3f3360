import uuid
from typing import Annotated

from fastapi import APIRouter, Header, Query, Response

from weimin_grid.registry import changes, moves, service
from weimin_grid.registry.errors import ResidentAnonymised, ResidentIdCardExists, VersionMismatch
from weimin_grid.registry.moves import ResidentMovedOut
from weimin_grid.registry.protection import VaultDep
from weimin_grid.registry.schemas import (
    CARE_TAG_PATTERN,
    BuildingRead,
    HouseholdRead,
    MoveIn,
    MoveOut,
    ResidentCreate,
    ResidentRead,
    ResidentReveal,
    ResidentUpdate,
    RevealRequest,
)
from weimin_grid.scope import Staff
from weimin_kit.auth import CurrentPrincipal, SecondFactorPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems

buildings = APIRouter(prefix="/v1/buildings", tags=["buildings"])
households = APIRouter(prefix="/v1/households", tags=["households"])
residents = APIRouter(prefix="/v1/residents", tags=["residents"])


def _etag(version: int) -> str:
    return f'"{version}"'


@buildings.get("")
async def list_buildings(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[BuildingRead]:
    return await service.list_buildings(session, principal, page, grid_unit_id)


@households.get("")
async def list_households(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    building_id: Annotated[uuid.UUID | None, Query()] = None,
    address: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="part of the address, e.g. 3栋 or 101"),
    ] = None,
) -> Page[HouseholdRead]:
    return await service.list_households(session, principal, page, building_id, address)


@residents.get("")
async def list_residents(
    session: SessionDep,
    principal: Staff,
    vault: VaultDep,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
    household_id: Annotated[uuid.UUID | None, Query()] = None,
    name: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
    id_card_number: Annotated[str | None, Query(max_length=32)] = None,
    phone: Annotated[str | None, Query(max_length=32)] = None,
    care_tag: Annotated[str | None, Query(pattern=CARE_TAG_PATTERN)] = None,
    moved_out: Annotated[
        bool | None,
        Query(description="true: only residents who moved out; false: only those living here"),
    ] = None,
) -> Page[ResidentRead]:
    return await service.list_residents(
        session,
        principal,
        vault,
        page,
        grid_unit_id=grid_unit_id,
        household_id=household_id,
        name=name,
        id_card_number=id_card_number,
        phone=phone,
        care_tag=care_tag,
        moved_out=moved_out,
    )


@residents.get("/{resident_id}", responses=problems(NotFound))
async def get_resident(
    resident_id: uuid.UUID,
    session: SessionDep,
    principal: Staff,
    vault: VaultDep,
    response: Response,
) -> ResidentRead:
    resident = await service.locate_resident(session, principal, resident_id)
    response.headers["ETag"] = _etag(resident.version)
    return service.resident_read(resident, vault)


@residents.post("", status_code=201, responses=problems(Forbidden, NotFound, ResidentIdCardExists))
async def create_resident(
    body: ResidentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    response: Response,
) -> ResidentRead:
    resident = await changes.enrol_resident(session, principal, vault, body)
    response.headers["Location"] = f"/v1/residents/{resident.id}"
    response.headers["ETag"] = _etag(resident.version)
    return service.resident_read(resident, vault)


@residents.patch(
    "/{resident_id}", responses=problems(Forbidden, NotFound, ResidentAnonymised, VersionMismatch)
)
async def update_resident(
    resident_id: uuid.UUID,
    body: ResidentUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> ResidentRead:
    resident = await changes.correct_resident(
        session, principal, vault, resident_id, if_match, body
    )
    response.headers["ETag"] = _etag(resident.version)
    return service.resident_read(resident, vault)


@residents.post(
    "/{resident_id}/reveal", responses=problems(Forbidden, NotFound, ResidentAnonymised)
)
async def reveal_resident(
    resident_id: uuid.UUID,
    body: RevealRequest,
    session: SessionDep,
    principal: SecondFactorPrincipal,
    vault: VaultDep,
    response: Response,
) -> ResidentReveal:
    # Unmasked personal data must not linger in shared or browser caches.
    response.headers["Cache-Control"] = "no-store"
    return await service.reveal_resident(session, principal, vault, resident_id, body)


@residents.post(
    "/{resident_id}/move-out",
    responses=problems(Forbidden, NotFound, ResidentAnonymised, ResidentMovedOut, VersionMismatch),
)
async def move_resident_out(
    resident_id: uuid.UUID,
    body: MoveOut,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    now: Now,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> ResidentRead:
    resident = await moves.move_out(session, principal, resident_id, if_match, body, now)
    response.headers["ETag"] = _etag(resident.version)
    return service.resident_read(resident, vault)


@residents.post("/{resident_id}/move-in", responses=problems(NotFound, ResidentAnonymised))
async def move_resident_in(
    resident_id: uuid.UUID,
    body: MoveIn,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> ResidentRead:
    resident = await moves.move_in(session, principal, resident_id, if_match, body)
    response.headers["ETag"] = _etag(resident.version)
    return service.resident_read(resident, vault)
