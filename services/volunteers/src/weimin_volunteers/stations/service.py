"""Service stations and the catalogue of service items they offer (Open311-style)."""

import uuid
from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import Forbidden, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.dispatch.ranking import available_at
from weimin_volunteers.scope import manager_covers
from weimin_volunteers.stations import repository
from weimin_volunteers.stations.errors import ServiceItemExists, StationExists
from weimin_volunteers.stations.models import ServiceItem, Station
from weimin_volunteers.stations.schemas import ServiceItemCreate, StationCreate, StationRead


def station_read(station: Station, now: datetime) -> StationRead:
    return StationRead.model_validate(
        {
            "id": station.id,
            "street_id": station.street_id,
            "community_id": station.community_id,
            "name": station.name,
            "lon": station.lon,
            "lat": station.lat,
            "opening_hours": station.opening_hours,
            "item_codes": station.item_codes,
            "open_now": available_at(station.opening_hours, [], now),
        }
    )


async def create_item(
    session: AsyncSession, principal: Principal, body: ServiceItemCreate
) -> ServiceItem:
    if not principal.is_admin:
        raise Forbidden("The service catalogue is city-wide: only an admin changes it")
    if await repository.items_by_code(session, [body.code]):
        raise ServiceItemExists(
            f"Service item {body.code!r} exists",
            errors=[
                {"field": "body.code", "reason": "already in the catalogue", "code": "duplicate"}
            ],
        )
    item = ServiceItem(**body.model_dump(mode="json"))
    await repository.add(session, item)
    return item


async def _known_codes(session: AsyncSession, codes: list[str], field: str) -> list[str]:
    wanted = sorted(set(codes))
    known = await repository.items_by_code(session, wanted)
    unknown = [code for code in wanted if code not in known]
    if unknown:
        raise InvalidInput.field(
            field, f"not in the catalogue: {', '.join(unknown)}", "unknown-item"
        )
    return wanted


async def create_station(
    session: AsyncSession, principal: Principal, body: StationCreate
) -> Station:
    if not manager_covers(principal, street=body.street_id, community=body.community_id):
        raise NotFound(
            "No such community",
            errors=[
                {"field": "body.community_id", "reason": "outside your scope", "code": "not-found"}
            ],
        )
    codes = await _known_codes(session, body.item_codes, "body.item_codes")
    if await repository.station_of_community(session, body.community_id) is not None:
        raise StationExists("One station per community; change the existing one")
    document: dict[str, Any] = body.model_dump(mode="json")
    station = Station(
        street_id=body.street_id,
        community_id=body.community_id,
        name=body.name,
        lon=body.lon,
        lat=body.lat,
        opening_hours=document["opening_hours"],
        item_codes=codes,
    )
    await repository.add(session, station)
    return station


async def locate_station(session: AsyncSession, station_id: uuid.UUID) -> Station:
    station = await repository.get_station(session, station_id)
    if station is None:
        raise NotFound("No such station")
    return station


async def set_catalogue(
    session: AsyncSession, principal: Principal, station_id: uuid.UUID, codes: list[str]
) -> Station:
    station = await locate_station(session, station_id)
    if not manager_covers(principal, street=station.street_id, community=station.community_id):
        raise NotFound("No such station")
    station.item_codes = await _known_codes(session, codes, "body.item_codes")
    await session.flush()
    return station


async def list_stations(
    session: AsyncSession, page: PageParams, community_id: uuid.UUID | None, now: datetime
) -> Page[StationRead]:
    return await paginate(
        session,
        repository.stations(community_id),
        Station.id,
        page,
        lambda station: station_read(station, now),
        parse_key=uuid.UUID,
    )


async def items(session: AsyncSession) -> Sequence[ServiceItem]:
    return await repository.items(session)
