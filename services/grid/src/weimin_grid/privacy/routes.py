import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from weimin_grid.privacy import audit, requests
from weimin_grid.privacy.schemas import (
    DataRequestCompletion,
    DataRequestCreate,
    DataRequestDecision,
    DataRequestKind,
    DataRequestRead,
    DataRequestState,
    PersonalDataAuditRead,
)
from weimin_grid.registry.protection import VaultDep
from weimin_grid.scope import Staff
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep

resident_requests = APIRouter(prefix="/v1/residents", tags=["data-requests"])
data_requests = APIRouter(prefix="/v1/data-requests", tags=["data-requests"])
personal_data_audits = APIRouter(prefix="/v1/audit", tags=["audit"])


@resident_requests.post("/{resident_id}/data-requests", status_code=201)
async def create_data_request(
    resident_id: uuid.UUID,
    body: DataRequestCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    now: Now,
    response: Response,
) -> DataRequestRead:
    request = await requests.record_request(session, principal, vault, resident_id, body, now)
    response.headers["Location"] = f"/v1/data-requests/{request.id}"
    return DataRequestRead.model_validate(request)


@resident_requests.get("/{resident_id}/data-requests")
async def list_resident_data_requests(
    resident_id: uuid.UUID, session: SessionDep, principal: Staff, page: PageDep
) -> Page[DataRequestRead]:
    return await requests.list_requests(session, principal, page, resident_id=resident_id)


@data_requests.get("")
async def list_data_requests(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    state: Annotated[DataRequestState | None, Query()] = None,
    kind: Annotated[DataRequestKind | None, Query()] = None,
) -> Page[DataRequestRead]:
    return await requests.list_requests(session, principal, page, state=state, kind=kind)


@data_requests.get("/{request_id}")
async def get_data_request(
    request_id: uuid.UUID, session: SessionDep, principal: Staff
) -> DataRequestRead:
    return DataRequestRead.model_validate(
        await requests.get_request(session, principal, request_id)
    )


@data_requests.post("/{request_id}/complete")
async def complete_data_request(
    request_id: uuid.UUID,
    body: DataRequestCompletion,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> DataRequestRead:
    request = await requests.complete_request(session, principal, request_id, body, now)
    return DataRequestRead.model_validate(request)


@data_requests.post("/{request_id}/refuse")
async def refuse_data_request(
    request_id: uuid.UUID,
    body: DataRequestDecision,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> DataRequestRead:
    request = await requests.refuse_request(session, principal, request_id, body, now)
    return DataRequestRead.model_validate(request)


@personal_data_audits.get("/personal-data")
async def list_personal_data_audits(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    resident_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[PersonalDataAuditRead]:
    return await audit.list_audits(session, principal, page, resident_id)
