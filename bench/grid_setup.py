"""The grid benchmark's data on PostgreSQL: the `city`'s geography loaded directly, its
residents as the CSV file an import takes, and a million incidents made from the demo's.

The geography (427 grid units, 17,080 buildings, 400,000 households) goes in as Core
executemany batches like the demo loader's; the residents do not: they arrive through the
real import endpoint, which is what the benchmark times.
"""

import csv
import os
import uuid
from collections.abc import Iterator
from itertools import cycle, islice
from pathlib import Path
from typing import Any

from weimin_democity import City
from weimin_grid.demo_incidents import incident_rows
from weimin_grid.incidents.models import Incident
from weimin_grid.registry.models import Building, Household
from weimin_grid.transfer.rows import COLUMNS
from weimin_grid.units.models import GridUnit
from weimin_kit.db import Database, insert_in_batches
from weimin_kit.ids import new_id
from weimin_kit.types import utcnow


def knob(name: str, default: int) -> int:
    """A scale knob: WEIMIN_BENCH_GRID_<NAME> (for a quick run at a smaller scale)."""
    return int(os.environ.get(f"WEIMIN_BENCH_GRID_{name}", default))


def street_of(city: City) -> dict[uuid.UUID, uuid.UUID]:
    return {community.id: community.street_id for community in city.communities}


def _geography(city: City) -> Iterator[tuple[type[Any], Iterator[dict[str, Any]]]]:
    streets, now = street_of(city), utcnow()
    stamps = {"created_at": now, "updated_at": now}
    yield (
        GridUnit,
        (
            {
                "id": u.id,
                "code": u.code,
                "name": u.name,
                "street_id": streets[u.community_id],
                "community_id": u.community_id,
                "resident_group_id": u.resident_group_id,
                "boundary": u.boundary,
                "centroid_lon": u.centroid[0],
                "centroid_lat": u.centroid[1],
                "responsible_worker_id": None,
                **stamps,
            }
            for u in city.grid_units
        ),
    )
    yield (
        Building,
        (
            {
                "id": b.id,
                "grid_unit_id": b.grid_unit_id,
                "street_id": streets[b.community_id],
                "community_id": b.community_id,
                "address": b.address,
                "lon": b.lon,
                "lat": b.lat,
                "floors": b.floors,
                **stamps,
            }
            for b in city.iter_buildings()
        ),
    )
    yield (
        Household,
        (
            {
                "id": h.id,
                "building_id": h.building_id,
                "grid_unit_id": h.grid_unit_id,
                "street_id": streets[h.community_id],
                "community_id": h.community_id,
                "door_number": h.door_number,
                "address": h.address,
                **stamps,
            }
            for h in city.iter_households()
        ),
    )


async def load_geography(database_url: str, city: City) -> dict[str, int]:
    database = Database.from_url(database_url)
    counts: dict[str, int] = {}
    try:
        async with database.engine.begin() as connection:
            for model, rows in _geography(city):
                counts[model.__tablename__] = await insert_in_batches(connection, model, rows)
    finally:
        await database.dispose()
    return counts


def write_residents_csv(city: City, path: Path, limit: int) -> list[str]:
    """The city's first `limit` residents as an import file; returns their ID numbers."""
    address_of = {h.id: h.address for h in city.iter_households()}
    numbers: list[str] = []
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.writer(file)
        writer.writerow(COLUMNS["residents"])
        for r in islice(city.iter_residents(), limit):
            writer.writerow(
                (
                    address_of[r.household_id],
                    r.name,
                    r.id_card_number,
                    r.phone or "",
                    r.ethnicity,
                    r.registration,
                    "|".join(r.care_tags),
                    r.relation_to_head,
                )
            )
            numbers.append(r.id_card_number)
    return numbers


def _incidents(city: City, total: int) -> Iterator[dict[str, Any]]:
    """The demo's incidents (valid rows of every state and category) over and over, each
    copy a new incident with its own time-ordered id, until there are `total`."""
    demo = [row for row, _ in incident_rows(city, street_of(city), utcnow())]
    for row in islice(cycle(demo), total):
        yield {**row, "id": new_id(), "duplicate_of_id": None}


async def load_incidents(database_url: str, city: City, total: int) -> int:
    database = Database.from_url(database_url)
    try:
        async with database.engine.begin() as connection:
            return await insert_in_batches(connection, Incident, _incidents(city, total))
    finally:
        await database.dispose()


async def analyze(database_url: str) -> None:
    """Fresh statistics after the bulk loads, as a live database would have."""
    database = Database.from_url(database_url)
    try:
        async with database.engine.begin() as connection:  # rolled back, it would be lost
            await connection.exec_driver_sql("ANALYZE")
    finally:
        await database.dispose()


async def incident_list_plan(database_url: str, city: City) -> list[str]:
    """EXPLAIN ANALYZE of a grid worker's first page, as the service builds the query."""
    from weimin_grid.incidents.repository import incidents_in_scope
    from weimin_kit.auth import Principal

    unit = city.grid_units[len(city.grid_units) // 2]
    worker = Principal("bench-worker", frozenset({"grid_worker"}), frozenset({f"grid:{unit.id}"}))
    statement = incidents_in_scope(worker).order_by(Incident.id.desc()).limit(51)
    database = Database.from_url(database_url)
    try:
        async with database.engine.connect() as connection:
            sql = statement.compile(
                connection.engine.sync_engine, compile_kwargs={"literal_binds": True}
            )
            rows = await connection.exec_driver_sql(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
            return [row[0] for row in rows]
    finally:
        await database.dispose()
