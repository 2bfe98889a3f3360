"""`/integration/v1`: the partner exchange. Every write needs an Idempotency-Key (a repeated
key replays the first answer) and answers each record on its own."""

import uuid
from typing import Annotated, Any, cast

from fastapi import APIRouter, Query, Request

from weimin_events.vocabularies import IncidentState
from weimin_grid.addresses.importing import import_addresses
from weimin_grid.addresses.schemas import AddressImportResult
from weimin_grid.incidents.models import Incident
from weimin_grid.integration.partners import (
    AddressWriter,
    GridUnitReader,
    IdempotencyKey,
    IdempotencyKeyRequired,
    IncidentReader,
    PopulationWriter,
)
from weimin_grid.integration.population import sync_population
from weimin_grid.integration.schemas import BatchResult, PartnerIncident, RecordBatch
from weimin_grid.registry.protection import VaultDep
from weimin_grid.scope import covers
from weimin_grid.units.models import GridUnit
from weimin_grid.units.repository import grid_units_in_scope
from weimin_grid.webhooks.vocabulary import EXCHANGE_STATES, PUBLIC_SECURITY_CATEGORIES
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound, request_language
from weimin_kit.problems import problems

router = APIRouter(prefix="/integration/v1", tags=["integration"])


@router.post("/population/batches", responses=problems(IdempotencyKeyRequired))
async def population_batch(
    body: RecordBatch,
    request: Request,
    session: SessionDep,
    partner: PopulationWriter,
    vault: VaultDep,
    _key: IdempotencyKey,
) -> BatchResult:
    """Up to 1,000 people of the actual population, each answered (`index` is the record's
    place in `records`, from 0): accepted, updated, unchanged, conflict (kept local, with
    the fields) or rejected (with the field and reason). Bad records never stop the others;
    the same batch sent again with the same key gets the same answer and stores nothing."""
    return await sync_population(session, partner, vault, body.records, request_language(request))


@router.post("/addresses/batches", responses=problems(IdempotencyKeyRequired))
async def address_batch(
    body: RecordBatch,
    request: Request,
    session: SessionDep,
    partner: AddressWriter,
    _key: IdempotencyKey,
) -> AddressImportResult:
    """Up to 1,000 standard addresses (the rows of `POST /v1/standard-addresses/import`:
    code, grid_unit_code, province … room), matched by code, then by normalised fields."""
    return await import_addresses(
        session, partner, body.records, dry_run=False, language=request_language(request)
    )


@router.get("/grid-units")
async def grid_units(
    session: SessionDep,
    partner: GridUnitReader,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> dict[str, Any]:
    """The grid units of the client's area as a GeoJSON FeatureCollection (WGS-84), by
    code, each with its name and the ids of its community and street."""
    statement = grid_units_in_scope(partner).order_by(GridUnit.code)
    if community_id is not None:
        statement = statement.where(GridUnit.community_id == community_id)
    return {
        "type": "FeatureCollection",
        "features": [_feature(unit) for unit in await session.scalars(statement)],
    }


def _feature(unit: GridUnit) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": unit.code,
        "geometry": unit.boundary,
        "properties": {
            "code": unit.code,
            "name": unit.name,
            "id": str(unit.id),
            "community_id": str(unit.community_id),
            "street_id": str(unit.street_id),
            "updated_at": unit.updated_at.isoformat(),
        },
    }


@router.get("/incidents/{incident_id}", responses=problems(NotFound))
async def incident(
    incident_id: uuid.UUID, session: SessionDep, partner: IncidentReader
) -> PartnerIncident:
    """An incident a webhook named, if it is in the client's area and of a category the
    exchange shares; else 404."""
    found = await session.get(Incident, incident_id)
    if (
        found is None
        or found.category_code not in PUBLIC_SECURITY_CATEGORIES
        or not covers(
            partner, street=found.street_id, community=found.community_id, grid=found.grid_unit_id
        )
    ):
        raise NotFound("No such incident")
    unit = await session.get(GridUnit, found.grid_unit_id)
    return PartnerIncident(
        id=found.id,
        category_code=found.category_code,
        title=found.title,
        description=found.description,
        priority=found.priority,
        state=found.state,
        exchange_state=EXCHANGE_STATES[cast(IncidentState, found.state)],
        level=found.level,
        lon=found.lon,
        lat=found.lat,
        grid_unit_code=unit.code if unit else "",
        version=found.version,
        reported_at=found.created_at.isoformat(),
        due_at=found.due_at.isoformat(),
        updated_at=found.updated_at.isoformat(),
    )
