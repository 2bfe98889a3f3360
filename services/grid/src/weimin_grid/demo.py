"""Loading the grid's part of the demonstration city: geography and people.

Ids come from the generator, so they agree with what the other services load. Rows go in
as Core executemany batches in one transaction: all or nothing, and fast enough that the
million-resident `city` size is practical.
"""

import uuid
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncConnection

from weimin_democity import City, generate
from weimin_grid.models import Base
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.units.models import GridUnit
from weimin_kit.db import Database
from weimin_kit.settings import ServiceSettings
from weimin_kit.types import utcnow

BATCH_ROWS = 5_000


def _batches(
    rows: Iterable[dict[str, Any]], size: int = BATCH_ROWS
) -> Iterator[list[dict[str, Any]]]:
    iterator = iter(rows)
    while batch := list(islice(iterator, size)):
        yield batch


async def _insert(
    connection: AsyncConnection, model: type[Base], rows: Iterable[dict[str, Any]]
) -> int:
    count = 0
    for batch in _batches(rows):
        await connection.execute(insert(model), batch)
        count += len(batch)
    return count


def _grid_unit_rows(city: City, street_of: dict[uuid.UUID, uuid.UUID]) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for unit in city.grid_units:
        yield {
            "id": unit.id,
            "code": unit.code,
            "name": unit.name,
            "street_id": street_of[unit.community_id],
            "community_id": unit.community_id,
            "resident_group_id": unit.resident_group_id,
            "boundary": unit.boundary,
            "centroid_lon": unit.centroid[0],
            "centroid_lat": unit.centroid[1],
            "responsible_worker_id": None,
            "created_at": now,
            "updated_at": now,
        }


def _building_rows(city: City, street_of: dict[uuid.UUID, uuid.UUID]) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for building in city.iter_buildings():
        yield {
            "id": building.id,
            "grid_unit_id": building.grid_unit_id,
            "street_id": street_of[building.community_id],
            "community_id": building.community_id,
            "address": building.address,
            "lon": building.lon,
            "lat": building.lat,
            "floors": building.floors,
            "created_at": now,
            "updated_at": now,
        }


def _household_rows(city: City, street_of: dict[uuid.UUID, uuid.UUID]) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for household in city.iter_households():
        yield {
            "id": household.id,
            "building_id": household.building_id,
            "grid_unit_id": household.grid_unit_id,
            "street_id": street_of[household.community_id],
            "community_id": household.community_id,
            "door_number": household.door_number,
            "address": household.address,
            "created_at": now,
            "updated_at": now,
        }


def _resident_rows(
    city: City, street_of: dict[uuid.UUID, uuid.UUID], vault: PersonalDataVault
) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for resident in city.iter_residents():
        sealed_id = vault.seal_id_card(resident.id_card_number)
        sealed_phone = None if resident.phone is None else vault.seal_phone(resident.phone)
        yield {
            "id": resident.id,
            "household_id": resident.household_id,
            "grid_unit_id": resident.grid_unit_id,
            "street_id": street_of[resident.community_id],
            "community_id": resident.community_id,
            "name": resident.name,
            "gender": resident.gender,
            "birth_date": resident.birth_date,
            "ethnicity": resident.ethnicity,
            "registration": resident.registration,
            "care_tags": list(resident.care_tags),
            "relation_to_head": resident.relation_to_head,
            "id_card_cipher": sealed_id.cipher,
            "id_card_index": sealed_id.index,
            "phone_cipher": None if sealed_phone is None else sealed_phone.cipher,
            "phone_index": None if sealed_phone is None else sealed_phone.index,
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }


async def load_demo(database: Database, settings: ServiceSettings, size: str) -> dict[str, int]:
    """Load the grid's part of `generate(size)`; nothing when grid_units already has rows."""
    if size not in ("demo", "city"):
        raise ValueError(f"unknown demo size {size!r}")
    vault = PersonalDataVault.from_settings(settings)
    async with database.engine.begin() as connection:
        existing = await connection.scalar(select(func.count()).select_from(GridUnit))
        if existing:
            return {}
        city = generate(size)  # type: ignore[arg-type]  # checked above
        street_of = {community.id: community.street_id for community in city.communities}
        counts = {
            "grid_units": await _insert(connection, GridUnit, _grid_unit_rows(city, street_of)),
            "buildings": await _insert(connection, Building, _building_rows(city, street_of)),
            "households": await _insert(connection, Household, _household_rows(city, street_of)),
            "residents": await _insert(
                connection, Resident, _resident_rows(city, street_of, vault)
            ),
        }
    return counts
