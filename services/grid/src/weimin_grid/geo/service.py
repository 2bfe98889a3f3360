"""Locating a point: which grid unit holds it, and the nearest building there.

A lookup is answered from memory: the point index over every unit's boundary, each unit's
name and ancestry, and every building's position. Changes this process commits to grid
units or buildings are seen by the next lookup; changes made by another process within
REVALIDATE_SECONDS, when one small aggregate query (count and latest update of both
tables) decides whether to rebuild. A per-lookup query would cost more than the lookup
itself: the locate endpoint answers 32 phones at a time.
"""

import asyncio
import time
import uuid
from dataclasses import dataclass
from datetime import datetime
from itertools import chain
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import event, func, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import Session

from weimin_grid.geo.coords import Crs, distance_metres, to_wgs84
from weimin_grid.geo.index import GridIndex, IndexedUnit
from weimin_grid.geo.polygons import shape_of
from weimin_grid.registry.models import Building
from weimin_grid.units.models import GridUnit
from weimin_kit.db import Database, database_of
from weimin_kit.errors import InvalidInput

#: How stale another process's boundary or building edit may look here.
REVALIDATE_SECONDS = 2.0

Fingerprint = tuple[int, datetime | None, int, datetime | None]


@dataclass(frozen=True, slots=True)
class UnitSummary:
    id: uuid.UUID
    code: str
    name: str
    street_id: uuid.UUID
    community_id: uuid.UUID


@dataclass(frozen=True, slots=True)
class BuildingPoint:
    id: uuid.UUID
    address: str
    lon: float
    lat: float


class _LocalChanges:
    """Counts commits of this process that touched grid units or buildings."""

    generation = 0


def mark_geography_changed(session: AsyncSession) -> None:
    """For writes the ORM does not see (an import's COPY of buildings)."""
    session.sync_session.info["geography_changed"] = True


@event.listens_for(Session, "after_flush")
def _note_geography_flush(session: Session, _context: Any) -> None:
    touched = chain(session.new, session.dirty, session.deleted)
    if any(isinstance(instance, GridUnit | Building) for instance in touched):
        session.info["geography_changed"] = True


@event.listens_for(Session, "after_commit")
def _count_geography_commit(session: Session) -> None:
    # On commit, not flush: a lookup between the two would cache the old rows as new.
    if session.info.pop("geography_changed", False):
        _LocalChanges.generation += 1


@event.listens_for(Session, "after_rollback")
def _forget_geography_flush(session: Session) -> None:
    session.info.pop("geography_changed", None)


class IndexCache:
    """Rechecked through the caller's session when it has one, else through a session of
    its own (the locate endpoint opens none: per lookup, that cost more than the lookup).
    A caller in a transaction already holds a connection: asking the pool for a second
    one while holding it could wait on a pool that such callers have filled."""

    def __init__(self, database: Database) -> None:
        self._database = database
        self._index: GridIndex | None = None
        self._units: dict[uuid.UUID, UnitSummary] = {}
        self._buildings: dict[uuid.UUID, list[BuildingPoint]] = {}
        self._fingerprint: Fingerprint | None = None
        self._generation = -1
        self._checked_at = 0.0
        self._lock = asyncio.Lock()

    async def current(self, session: AsyncSession | None = None) -> GridIndex:
        if self._index is not None and self._generation == _LocalChanges.generation:
            # Nothing committed here since the last check. Past REVALIDATE_SECONDS one
            # lookup checks again while the rest answer from what is here: queued behind
            # the lock, they resumed one per event-loop turn, tens of milliseconds at
            # thousands of lookups a second.
            due = time.monotonic() - self._checked_at >= REVALIDATE_SECONDS
            if not due or self._lock.locked():
                return self._index
        async with self._lock:
            if self._index is not None and self._fresh_enough():
                return self._index  # revalidated by the lookup this one waited for
            generation = _LocalChanges.generation
            if session is None:
                async with self._database.read_sessionmaker() as own:
                    await self._recheck(own)
            else:
                await self._recheck(session)
            self._generation, self._checked_at = generation, time.monotonic()
            assert self._index is not None
            return self._index

    async def _recheck(self, session: AsyncSession) -> None:
        fingerprint = await _fingerprint(session)
        if self._index is None or fingerprint != self._fingerprint:
            await self._rebuild(session)
            self._fingerprint = fingerprint

    def _fresh_enough(self) -> bool:
        recent = time.monotonic() - self._checked_at < REVALIDATE_SECONDS
        return recent and self._generation == _LocalChanges.generation

    async def _rebuild(self, session: AsyncSession) -> None:
        rows = (
            await session.execute(
                select(
                    GridUnit.id,
                    GridUnit.code,
                    GridUnit.name,
                    GridUnit.street_id,
                    GridUnit.community_id,
                    GridUnit.boundary,
                )
            )
        ).all()
        units = [IndexedUnit(r.id, r.code, shape_of(r.boundary)) for r in rows]
        # Classifying the lattice's cells takes a tenth of a second or more for a city:
        # off the event loop, so requests keep being answered while it builds.
        self._index = await asyncio.to_thread(GridIndex, units)
        self._units = {
            r.id: UnitSummary(r.id, r.code, r.name, r.street_id, r.community_id) for r in rows
        }
        # Every building at once (the city's 17,080 take a few megabytes). Read per unit on
        # its first lookup, they held the first minute's lookups up behind those reads.
        buildings: dict[uuid.UUID, list[BuildingPoint]] = {}
        located = select(
            Building.grid_unit_id, Building.id, Building.address, Building.lon, Building.lat
        )
        for row in await session.execute(located):
            point = BuildingPoint(row.id, row.address, row.lon, row.lat)
            buildings.setdefault(row.grid_unit_id, []).append(point)
        self._buildings = buildings

    def unit(self, unit_id: uuid.UUID) -> UnitSummary:
        return self._units[unit_id]

    def buildings(self, unit_id: uuid.UUID) -> list[BuildingPoint]:
        return self._buildings.get(unit_id, [])


async def _fingerprint(session: AsyncSession) -> Fingerprint:
    units = (await session.execute(select(func.count(), func.max(GridUnit.updated_at)))).one()
    buildings = (await session.execute(select(func.count(), func.max(Building.updated_at)))).one()
    return int(units[0]), units[1], int(buildings[0]), buildings[1]


async def _index_cache(request: Request) -> IndexCache:
    cache: IndexCache | None = getattr(request.app.state, "grid_index_cache", None)
    if cache is None:
        cache = request.app.state.grid_index_cache = IndexCache(database_of(request))
    return cache


IndexCacheDep = Annotated[IndexCache, Depends(_index_cache)]


@dataclass(frozen=True, slots=True)
class Located:
    lon: float
    lat: float
    grid_unit: UnitSummary


class PointOutsideGrid(InvalidInput):
    code = "point-outside-grid"
    title = "The point lies outside every grid unit"
    title_zh = "该位置不在任何网格内"


async def locate_point(
    cache: IndexCache,
    lon: float,
    lat: float,
    crs: Crs,
    field: str,
    session: AsyncSession | None = None,
) -> Located:
    """The WGS-84 position and the grid unit holding it; 422 outside every unit."""
    wgs_lon, wgs_lat = to_wgs84(lon, lat, crs)
    index = await cache.current(session)
    found = index.locate(wgs_lon, wgs_lat)
    if found is None:
        raise PointOutsideGrid(
            f"{field}: [{lon}, {lat}] ({crs}) lies outside every grid unit of the city",
            errors=[{"field": field, "reason": "outside every grid unit", "code": "outside-grid"}],
        )
    return Located(round(wgs_lon, 7), round(wgs_lat, 7), cache.unit(found.id))


async def nearest_building(
    cache: IndexCache,
    grid_unit_id: uuid.UUID,
    lon: float,
    lat: float,
    session: AsyncSession | None = None,
) -> tuple[BuildingPoint, float] | None:
    """The closest building of the unit (a unit holds tens to hundreds: scanning is cheap)."""
    best: tuple[BuildingPoint, float] | None = None
    await cache.current(session)
    for building in cache.buildings(grid_unit_id):
        metres = distance_metres(lon, lat, building.lon, building.lat)
        if best is None or metres < best[1]:
            best = (building, metres)
    return best
