"""`/integration/v1`: the partner exchange. Every write needs an Idempotency-Key (a repeated
key replays the first answer) and answers each record on its own."""

import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Body, Depends, Query, Request
from fastapi.responses import StreamingResponse
from pydantic import AwareDatetime

from weimin_grid.addresses.importing import import_addresses
from weimin_grid.addresses.schemas import AddressImportResult, StandardAddressRead
from weimin_grid.addresses.service import list_addresses
from weimin_grid.integration import audit, conflicts, examples, files, reading
from weimin_grid.integration.files import FileFormat, TooManyRecords
from weimin_grid.integration.incident_updates import apply_incident_updates
from weimin_grid.integration.partners import (
    AddressReader,
    AddressWriter,
    GridUnitReader,
    IdempotencyKey,
    IdempotencyKeyRequired,
    IncidentReader,
    IncidentWriter,
    PopulationWriter,
)
from weimin_grid.integration.population import sync_population
from weimin_grid.integration.schemas import (
    BatchResult,
    PartnerCallRead,
    PartnerIncident,
    RecordBatch,
    SyncConflictRead,
)
from weimin_grid.registry.protection import VaultDep
from weimin_kit.auth import Principal, require_roles
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import InvalidInput, NotFound, request_language
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems

router = APIRouter(prefix="/integration/v1", tags=["integration"])
conflicts_router = APIRouter(prefix="/v1/sync-conflicts", tags=["sync-conflicts"])
calls_router = APIRouter(prefix="/v1/partner-calls", tags=["partner-calls"])
CallReader = Annotated[Principal, Depends(require_roles("street_secretary", "community_secretary"))]
Office = Annotated[
    Principal, Depends(require_roles("street_secretary", "community_secretary", "grid_worker"))
]


@router.post(
    "/population/batches",
    responses=problems(IdempotencyKeyRequired, also=examples.answered(examples.POPULATION_ANSWER)),
)
async def population_batch(
    body: Annotated[RecordBatch, Body(openapi_examples=examples.POPULATION)],
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


@router.post(
    "/addresses/batches",
    responses=problems(IdempotencyKeyRequired, also=examples.answered(examples.ADDRESSES_ANSWER)),
)
async def address_batch(
    body: Annotated[RecordBatch, Body(openapi_examples=examples.ADDRESSES)],
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


@router.post(
    "/incidents/updates",
    responses=problems(
        IdempotencyKeyRequired, also=examples.answered(examples.INCIDENT_UPDATES_ANSWER)
    ),
)
async def incident_updates(
    body: Annotated[RecordBatch, Body(openapi_examples=examples.INCIDENT_UPDATES)],
    request: Request,
    session: SessionDep,
    partner: IncidentWriter,
    _key: IdempotencyKey,
) -> BatchResult:
    """Up to 1,000 assignments and status updates of our incidents, each answered (`index`
    from 0): updated (the steps taken, on the incident's timeline as this client's),
    unchanged (already there), conflict (a person changed the incident after your
    `occurred_at`: kept as ours) or rejected (field and reason: an incident not shared with
    you is `not found`, a step the workflow does not allow names `state`)."""
    return await apply_incident_updates(session, partner, body.records, request_language(request))


FILE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "text/csv": {"schema": {"type": "string"}},
            "application/json": {"schema": {"type": "array", "items": {"type": "object"}}},
        },
    }
}
FILE_PROBLEMS = problems(IdempotencyKeyRequired, TooManyRecords, InvalidInput)


@router.post("/population/files", responses=FILE_PROBLEMS, openapi_extra=FILE_BODY)
async def population_file(
    request: Request,
    session: SessionDep,
    partner: PopulationWriter,
    vault: VaultDep,
    _key: IdempotencyKey,
) -> BatchResult:
    """The population batch as a file, the body itself: `text/csv` (UTF-8, header row of
    the record's fields) or `application/json` (an array of records); at most 1,000.
    Answered as the batch, `index` counting the data rows from 1."""
    records = files.read_records(
        await request.body(), files.file_format(request.headers.get("content-type")),
        files.PERSON_COLUMNS,
    )  # fmt: skip
    return await sync_population(
        session, partner, vault, records, request_language(request), first_index=1
    )


@router.post("/addresses/files", responses=FILE_PROBLEMS, openapi_extra=FILE_BODY)
async def address_file(
    request: Request,
    session: SessionDep,
    partner: AddressWriter,
    _key: IdempotencyKey,
) -> AddressImportResult:
    """The address batch as a file (as `/population/files`); `row` is the data row."""
    records = files.read_records(
        await request.body(), files.file_format(request.headers.get("content-type")),
        files.ADDRESS_COLUMNS,
    )  # fmt: skip
    return await import_addresses(
        session, partner, records, dry_run=False, language=request_language(request)
    )


def _download(
    body: AsyncIterator[bytes], what: str, fmt: FileFormat, now: datetime
) -> StreamingResponse:
    name = f"{what}-{now:%Y%m%d%H%M}.{fmt}"
    return StreamingResponse(
        body,
        media_type=files.MEDIA_TYPES[fmt],
        headers={
            "Content-Disposition": f'attachment; filename="{name}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/addresses/export", response_class=StreamingResponse)
async def export_addresses(
    request: Request,
    partner: AddressReader,
    now: Now,
    format: Annotated[FileFormat, Query()] = "csv",
) -> StreamingResponse:
    """Every standard address of your area, in the columns of an address import: the file
    imports back unchanged. CSV is UTF-8 with a byte-order mark."""
    records = files.address_records(request.app.state.database, partner)
    return _download(
        files.export_body(records, files.ADDRESS_EXPORT, format), "addresses", format, now
    )


@router.get("/incidents/export", response_class=StreamingResponse)
async def export_incidents(
    request: Request,
    partner: IncidentReader,
    now: Now,
    format: Annotated[FileFormat, Query()] = "csv",
    since: Annotated[AwareDatetime | None, Query(description="changed at or after")] = None,
) -> StreamingResponse:
    """The incidents shared with you (public-security categories, your area), thin as the
    webhooks: ids, category, state, level, grid unit code, times; never a person."""
    records = files.incident_records(request.app.state.database, partner, since)
    return _download(
        files.export_body(records, files.INCIDENT_EXPORT, format), "incidents", format, now
    )


@router.get("/addresses")
async def addresses(
    session: SessionDep,
    partner: AddressReader,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
    code: Annotated[str | None, Query(min_length=1, max_length=40)] = None,
) -> Page[StandardAddressRead]:
    """The standard addresses of the client's area (a grid unit's, or one by its code)."""
    return await list_addresses(session, partner, page, grid_unit_id=grid_unit_id, code=code)


@router.get("/grid-units", responses=examples.answered(examples.GRID_UNITS))
async def grid_units(
    session: SessionDep,
    partner: GridUnitReader,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> dict[str, Any]:
    """The grid units of the client's area as a GeoJSON FeatureCollection (WGS-84), by
    code, each with its name and the ids of its community and street."""
    return await reading.grid_units(session, partner, community_id)


@router.get(
    "/incidents/{incident_id}",
    responses=problems(NotFound, also=examples.answered(examples.INCIDENT)),
)
async def incident(
    incident_id: uuid.UUID, session: SessionDep, partner: IncidentReader
) -> PartnerIncident:
    """An incident a webhook named, if it is in the client's area and of a category the
    exchange shares; else 404."""
    return await reading.incident(session, partner, incident_id)


@conflicts_router.get("")
async def list_sync_conflicts(
    session: SessionDep,
    principal: Office,
    page: PageDep,
    settled: Annotated[bool | None, Query(description="false: waiting for a person")] = None,
) -> Page[SyncConflictRead]:
    """Residents whose fields a partner and a grid worker both changed since the partner's
    last sync, and incidents a partner's status update came too late for (a person's change
    was newer): ours kept, in the caller's area, newest first."""
    return await conflicts.list_conflicts(session, principal, page, settled)


@conflicts_router.post("/{conflict_id}/settle", responses=problems(NotFound))
async def settle_sync_conflict(
    conflict_id: uuid.UUID, session: SessionDep, principal: Office, now: Now
) -> SyncConflictRead:
    """Marks it looked after (correct the resident first, if the partner was right)."""
    return SyncConflictRead.model_validate(
        await conflicts.settle(session, principal, conflict_id, now)
    )


@calls_router.get("")
async def list_partner_calls(
    session: SessionDep,
    principal: CallReader,
    page: PageDep,
    client_id: Annotated[str | None, Query(max_length=64)] = None,
) -> Page[PartnerCallRead]:
    """Every call partner clients of the caller's area made to the exchange, newest first:
    method, path, answer, time taken."""
    return await audit.list_calls(session, principal, page, client_id)
