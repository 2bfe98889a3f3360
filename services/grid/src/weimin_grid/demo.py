"""Loading the grid's part of the demonstration city: geography and people.

Ids come from the generator, so they agree with what the other services load. Rows go in
as Core executemany batches in one transaction: all or nothing, and fast enough that the
million-resident `city` size is practical.
"""

import uuid
from collections.abc import Iterable, Iterator
from typing import Any

from sqlalchemy import bindparam, func, select, update
from sqlalchemy.ext.asyncio import AsyncConnection

from weimin_democity import City, generate
from weimin_democity.accounts import demo_account_id, grid_workers
from weimin_grid.addresses.models import StandardAddress
from weimin_grid.demo_addresses import add_addresses_to_loaded_city, address_id, address_rows
from weimin_grid.demo_field import group_rows, patrol_rows, visit_rows
from weimin_grid.demo_incidents import incident_rows
from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.joint_defence.models import JointDefenceGroup, JointDefenceMember
from weimin_grid.models import Base
from weimin_grid.patrols.models import Patrol, PatrolCheckIn, Visit
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.units.models import GridRoleTerm, GridUnit
from weimin_kit.db import Database, insert_in_batches
from weimin_kit.settings import ServiceSettings
from weimin_kit.types import utcnow

BATCH_ROWS = 5_000


def _worker_accounts(city: City) -> dict[uuid.UUID, uuid.UUID]:
    """Grid unit id -> the org-registry id of its demo grid worker's account."""
    return {
        unit_id: demo_account_id(city.seed, username)
        for unit_id, username in grid_workers(city).items()
    }


def _grid_unit_rows(city: City, street_of: dict[uuid.UUID, uuid.UUID]) -> Iterator[dict[str, Any]]:
    now = utcnow()
    workers = _worker_accounts(city)
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
            "responsible_worker_id": workers[unit.id],
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
            "standard_address_id": address_id(building.id),
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
            "standard_address_id": address_id(household.id),
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


async def _is_empty(connection: AsyncConnection, model: type[Base]) -> bool:
    return not await connection.scalar(select(func.count()).select_from(model))


async def _insert_incidents(
    connection: AsyncConnection, city: City, street_of: dict[uuid.UUID, uuid.UUID]
) -> dict[str, int]:
    incidents: list[dict[str, Any]] = []
    changes: list[dict[str, Any]] = []
    counts = {"incidents": 0, "incident_changes": 0}
    for incident, timeline in incident_rows(city, street_of, utcnow()):
        incidents.append(incident)
        changes.extend(timeline)
        if len(incidents) >= BATCH_ROWS:
            counts["incidents"] += await insert_in_batches(connection, Incident, incidents)
            counts["incident_changes"] += await insert_in_batches(
                connection, IncidentChange, changes
            )
            incidents, changes = [], []
    counts["incidents"] += await insert_in_batches(connection, Incident, incidents)
    counts["incident_changes"] += await insert_in_batches(connection, IncidentChange, changes)
    return counts


async def _insert_grid_workers(
    connection: AsyncConnection, city: City, street_of: dict[uuid.UUID, uuid.UUID]
) -> int:
    """Each grid unit's grid-worker role term, held by its demo account (the org-registry
    creates the same ids); a database loaded before the terms existed gets its responsible
    workers set too."""
    now = utcnow()
    workers = _worker_accounts(city)
    terms = [
        {
            "grid_unit_id": unit.id,
            "street_id": street_of[unit.community_id],
            "community_id": unit.community_id,
            "role": "grid_worker",
            "building_id": None,
            "household_id": None,
            "holder_id": workers[unit.id],
            "holder_name": f"{unit.name}网格员"[:50],
            "started_at": now,
            "ended_at": None,
            "created_at": now,
            "updated_at": now,
        }
        for unit in city.grid_units
    ]
    await connection.execute(
        update(GridUnit)
        .where(GridUnit.id == bindparam("unit_id"), GridUnit.responsible_worker_id.is_(None))
        .values(responsible_worker_id=bindparam("worker_id")),
        [{"unit_id": unit_id, "worker_id": worker} for unit_id, worker in workers.items()],
    )
    return await insert_in_batches(connection, GridRoleTerm, terms)


async def _insert_pairs(
    connection: AsyncConnection,
    parents: tuple[str, type[Base]],
    children: tuple[str, type[Base]],
    rows: Iterable[tuple[dict[str, Any], list[dict[str, Any]]]],
) -> dict[str, int]:
    parent_rows: list[dict[str, Any]] = []
    child_rows: list[dict[str, Any]] = []
    for parent, kids in rows:
        parent_rows.append(parent)
        child_rows.extend(kids)
    return {
        parents[0]: await insert_in_batches(connection, parents[1], parent_rows),
        children[0]: await insert_in_batches(connection, children[1], child_rows),
    }


async def _insert_field_work(
    connection: AsyncConnection, city: City, street_of: dict[uuid.UUID, uuid.UUID]
) -> dict[str, int]:
    now = utcnow()
    counts: dict[str, int] = {}
    if await _is_empty(connection, Patrol):
        counts.update(
            await _insert_pairs(
                connection,
                ("patrols", Patrol),
                ("patrol_check_ins", PatrolCheckIn),
                patrol_rows(city, street_of, now),
            )
        )
    if await _is_empty(connection, Visit):
        counts["visits"] = await insert_in_batches(
            connection, Visit, visit_rows(city, street_of, now)
        )
    if await _is_empty(connection, JointDefenceGroup):
        counts.update(
            await _insert_pairs(
                connection,
                ("joint_defence_groups", JointDefenceGroup),
                ("joint_defence_members", JointDefenceMember),
                group_rows(city, street_of, now),
            )
        )
    return counts


async def load_demo(database: Database, settings: ServiceSettings, size: str) -> dict[str, int]:
    """Load the grid's part of `generate(size)`. Each part loads only into empty tables, so
    running it again changes nothing, and a database loaded before a part existed gains
    just that part."""
    if size not in ("demo", "city"):
        raise ValueError(f"unknown demo size {size!r}")
    vault = PersonalDataVault.from_settings(settings)
    counts: dict[str, int] = {}
    async with database.engine.begin() as connection:
        city = generate(size)  # type: ignore[arg-type]  # checked above
        street_of = {community.id: community.street_id for community in city.communities}
        if await _is_empty(connection, GridUnit):
            counts = {
                "grid_units": await insert_in_batches(
                    connection, GridUnit, _grid_unit_rows(city, street_of)
                ),
                "standard_addresses": await insert_in_batches(
                    connection, StandardAddress, address_rows(city, street_of)
                ),
                "buildings": await insert_in_batches(
                    connection, Building, _building_rows(city, street_of)
                ),
                "households": await insert_in_batches(
                    connection, Household, _household_rows(city, street_of)
                ),
                "residents": await insert_in_batches(
                    connection, Resident, _resident_rows(city, street_of, vault)
                ),
            }
        elif await _is_empty(connection, StandardAddress):
            counts["standard_addresses"] = await add_addresses_to_loaded_city(
                connection, city, street_of
            )
        if await _is_empty(connection, GridRoleTerm):
            counts["grid_role_terms"] = await _insert_grid_workers(connection, city, street_of)
        if await _is_empty(connection, Incident):
            counts.update(await _insert_incidents(connection, city, street_of))
        counts.update(await _insert_field_work(connection, city, street_of))
    return counts
