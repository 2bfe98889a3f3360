import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_volunteers.stations import requests, service
from weimin_volunteers.stations.schemas import (
    Appraisal,
    CatalogueUpdate,
    DispatchRequest,
    RequestCreate,
    RequestRead,
    ServiceItemCreate,
    ServiceItemRead,
    StationCreate,
    StationRead,
)

items = APIRouter(prefix="/v1/service-items", tags=["service-items"])
stations = APIRouter(prefix="/v1/stations", tags=["stations"])
service_requests = APIRouter(prefix="/v1/service-requests", tags=["service-requests"])


@items.get("")
async def list_service_items(
    session: SessionDep, principal: CurrentPrincipal
) -> list[ServiceItemRead]:
    return [ServiceItemRead.model_validate(i) for i in await service.items(session)]


@items.post("", status_code=201)
async def create_service_item(
    body: ServiceItemCreate, session: SessionDep, principal: CurrentPrincipal
) -> ServiceItemRead:
    return ServiceItemRead.model_validate(await service.create_item(session, principal, body))


@stations.post("", status_code=201)
async def create_station(
    body: StationCreate, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> StationRead:
    return service.station_read(await service.create_station(session, principal, body), now)


@stations.get("")
async def list_stations(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    now: Now,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[StationRead]:
    return await service.list_stations(session, page, community_id, now)


@stations.get("/{station_id}")
async def get_station(
    station_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> StationRead:
    return service.station_read(await service.locate_station(session, station_id), now)


@stations.put("/{station_id}/catalogue")
async def set_station_catalogue(
    station_id: uuid.UUID,
    body: CatalogueUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> StationRead:
    station = await service.set_catalogue(session, principal, station_id, body.item_codes)
    return service.station_read(station, now)


@stations.post("/{station_id}/requests", status_code=201)
async def make_service_request(
    station_id: uuid.UUID, body: RequestCreate, session: SessionDep, principal: CurrentPrincipal
) -> RequestRead:
    return RequestRead.model_validate(
        await requests.make_request(session, principal, station_id, body)
    )


@service_requests.get("")
async def list_service_requests(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    station_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[RequestRead]:
    return await requests.list_requests(session, principal, page, station_id)


@service_requests.get("/{request_id}")
async def get_service_request(
    request_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> RequestRead:
    return RequestRead.model_validate(await requests.locate_request(session, principal, request_id))


@service_requests.post("/{request_id}/handling")
async def take_on_service_request(
    request_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> RequestRead:
    return RequestRead.model_validate(await requests.take_on(session, principal, request_id))


@service_requests.post("/{request_id}/dispatch")
async def dispatch_service_request(
    request_id: uuid.UUID,
    body: DispatchRequest,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> RequestRead:
    request = await requests.dispatch_to_volunteers(session, principal, request_id, body, now)
    return RequestRead.model_validate(request)


@service_requests.post("/{request_id}/closure")
async def close_service_request(
    request_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> RequestRead:
    return RequestRead.model_validate(await requests.close(session, principal, request_id, now))


@service_requests.post("/{request_id}/appraisal")
async def appraise_service_request(
    request_id: uuid.UUID, body: Appraisal, session: SessionDep, principal: CurrentPrincipal
) -> RequestRead:
    return RequestRead.model_validate(await requests.appraise(session, principal, request_id, body))
