"""The database side of an import, one query per chunk of rows rather than one per row.

Parents (grid units by code, buildings and households by address) are read within the
importer's scope as plain columns and remembered for the rest of the file, up to a bound:
a million-resident file names 400,000 households, which need not all stay in memory.
"""

import uuid
from collections.abc import Collection, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice
from typing import Any

from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.repository import buildings_in_scope, households_in_scope
from weimin_grid.units.models import GridUnit
from weimin_grid.units.repository import grid_units_in_scope
from weimin_kit.auth import Principal

#: Values per IN list: well inside every database's limit on bound parameters.
IN_GROUP = 500
#: Parents remembered across chunks before the memory is cleared and refilled.
MAX_REMEMBERED = 50_000


@dataclass(frozen=True, slots=True)
class Place:
    """A parent row's id and the ancestry its children copy."""

    id: uuid.UUID
    grid_unit_id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID


async def plan_lookups_afresh(session: AsyncSession) -> None:
    """On PostgreSQL, plan every lookup of this transaction for the table as it is then.

    asyncpg prepares each statement, and PostgreSQL settles on one generic plan after five
    runs: made while a new register's table held a few chunks, it stays a sequential scan
    for the rest of the import, a second per lookup by a million rows (the grid benchmark
    measured 0.9 s at 100,000). Planning each run afresh costs well under a millisecond.
    """
    if (await session.connection()).dialect.name == "postgresql":
        await session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))


def _groups(values: Iterable[Any]) -> Iterator[list[Any]]:
    iterator = iter(values)
    while group := list(islice(iterator, IN_GROUP)):
        yield group


async def _rows_in(
    session: AsyncSession, statement: Any, column: Any, values: Collection[Any]
) -> list[Any]:
    """`statement` filtered to `column IN values`, a bounded IN list at a time."""
    rows: list[Any] = []
    for group in _groups(values):
        rows.extend((await session.execute(statement.where(column.in_(group)))).all())
    return rows


class ParentLookup:
    """Finds each kind's parent by its natural key within the importer's scope."""

    def __init__(self, session: AsyncSession, principal: Principal) -> None:
        self.session = session
        self.principal = principal
        self._known: dict[str, Place | None] = {}

    def _statement(self, kind: str) -> tuple[Any, Any]:
        if kind == "buildings":  # a building's parent is its grid unit
            unit = grid_units_in_scope(self.principal)
            return unit.with_only_columns(
                GridUnit.code,
                GridUnit.id,
                GridUnit.id.label("grid_unit_id"),
                GridUnit.street_id,
                GridUnit.community_id,
            ), GridUnit.code
        if kind == "households":
            building = buildings_in_scope(self.principal)
            return building.with_only_columns(
                Building.address,
                Building.id,
                Building.grid_unit_id,
                Building.street_id,
                Building.community_id,
            ), Building.address
        household = households_in_scope(self.principal)
        return household.with_only_columns(
            Household.address,
            Household.id,
            Household.grid_unit_id,
            Household.street_id,
            Household.community_id,
        ), Household.address

    async def resolve(self, kind: str, keys: Collection[str]) -> None:
        """Read the parents named by `keys` that are not remembered yet."""
        unknown = {key for key in keys if key not in self._known}
        if not unknown:
            return
        if len(self._known) + len(unknown) > MAX_REMEMBERED:
            self._known.clear()
            unknown = set(keys)
        statement, column = self._statement(kind)
        found: dict[str, Place] = {}
        for key, *ids in await _rows_in(self.session, statement, column, unknown):
            # Two parents may share an address; as before, any one of them in scope will do.
            found.setdefault(key, Place(*ids))
        for key in unknown:
            self._known[key] = found.get(key)

    def place(self, key: str) -> Place | None:
        return self._known.get(key)


async def existing_buildings(
    session: AsyncSession, addresses: Collection[str]
) -> set[tuple[uuid.UUID, str]]:
    """(grid unit, address) of the buildings already registered at these addresses."""
    statement = select(Building.grid_unit_id, Building.address)
    rows = await _rows_in(session, statement, Building.address, addresses)
    return {(row[0], row[1]) for row in rows}


async def existing_households(
    session: AsyncSession, building_ids: Collection[uuid.UUID]
) -> set[tuple[uuid.UUID, str]]:
    """(building, door number) of every household already in these buildings (a building
    holds tens of them)."""
    statement = select(Household.building_id, Household.door_number)
    rows = await _rows_in(session, statement, Household.building_id, building_ids)
    return {(row[0], row[1]) for row in rows}


async def existing_id_card_indexes(session: AsyncSession, indexes: Collection[str]) -> set[str]:
    statement = select(Resident.id_card_index)
    return {row[0] for row in await _rows_in(session, statement, Resident.id_card_index, indexes)}
