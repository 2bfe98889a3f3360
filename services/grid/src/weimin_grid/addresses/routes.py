import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from weimin_grid.addresses import service
from weimin_grid.addresses.importing import import_addresses
from weimin_grid.addresses.schemas import (
    AddressImport,
    AddressImportResult,
    AddressLink,
    AddressMerge,
    StandardAddressRead,
)
from weimin_grid.registry.models import Building, Household
from weimin_grid.registry.schemas import BuildingRead, HouseholdRead
from weimin_grid.scope import Staff
from weimin_kit.auth import Principal, require_roles
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, InvalidInput, NotFound, request_language
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/standard-addresses", tags=["standard-addresses"])
joins = APIRouter(tags=["standard-addresses"])

#: Address lists are kept by community and street offices; grid workers read them.
Keeper = Annotated[Principal, Depends(require_roles("street_secretary", "community_secretary"))]


@router.get("")
async def list_standard_addresses(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
    code: Annotated[str | None, Query(min_length=1, max_length=40)] = None,
    text: Annotated[
        str | None,
        Query(min_length=1, max_length=100, description="part of the address as written"),
    ] = None,
    joined: Annotated[
        bool | None,
        Query(description="true: joined to a building or home; false: joined to none"),
    ] = None,
) -> Page[StandardAddressRead]:
    return await service.list_addresses(
        session,
        principal,
        page,
        grid_unit_id=grid_unit_id,
        code=code,
        text=text,
        unjoined=None if joined is None else not joined,
    )


@router.post("/import", responses=problems(Forbidden, InvalidInput))
async def import_standard_addresses(
    body: AddressImport, request: Request, session: SessionDep, principal: Keeper
) -> AddressImportResult:
    """Up to 1,000 rows, each answered: created, updated, unchanged, matched, conflict or
    rejected (with the field and reason). Matched by code, then by the normalised fields;
    never by similarity. `dry_run` matches the list without writing anything. Send an
    `Idempotency-Key` to make a retry safe."""
    return await import_addresses(
        session, principal, body.rows, dry_run=body.dry_run, language=request_language(request)
    )


@router.get("/{address_id}", responses=problems(NotFound))
async def get_standard_address(
    address_id: uuid.UUID, session: SessionDep, principal: Staff
) -> StandardAddressRead:
    return StandardAddressRead.model_validate(
        await service.visible_address(session, principal, address_id)
    )


@router.post("/{address_id}/merge", responses=problems(NotFound, InvalidInput))
async def merge_standard_address(
    address_id: uuid.UUID, body: AddressMerge, session: SessionDep, principal: Keeper
) -> StandardAddressRead:
    """This address and `into` are one place: buildings and homes joined to this one join
    `into`, and this one is deleted."""
    kept = await service.merge(session, principal, address_id, body.into)
    return StandardAddressRead.model_validate(kept)


@joins.put(
    "/v1/buildings/{building_id}/standard-address", responses=problems(NotFound, InvalidInput)
)
async def join_building(
    building_id: uuid.UUID, body: AddressLink, session: SessionDep, principal: Staff
) -> BuildingRead:
    building = await service.join(
        session, principal, Building, building_id, body.standard_address_id
    )
    return BuildingRead.model_validate(building)


@joins.put(
    "/v1/households/{household_id}/standard-address", responses=problems(NotFound, InvalidInput)
)
async def join_household(
    household_id: uuid.UUID, body: AddressLink, session: SessionDep, principal: Staff
) -> HouseholdRead:
    household = await service.join(
        session, principal, Household, household_id, body.standard_address_id
    )
    return HouseholdRead.model_validate(household)
