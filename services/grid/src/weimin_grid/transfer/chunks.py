"""Turning a chunk of import rows into register rows, or the reasons each cannot be one.

Each kind has a natural key that makes a re-import harmless: a building is its grid unit
and address, a household its building and door number, a resident its identity number
(through the blind index). A row whose key exists already, in the database or earlier in
the same file, counts as unchanged.

A chunk costs a few queries whatever its size: its rows' parents are read together, then
the keys already taken, each row is checked in turn (its problems reported in the same
order as ever: the parent first, then the row's own fields, and the key last), and the
new rows go in as one COPY (one executemany off PostgreSQL) while the next chunk is read
and checked.
"""

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.geo.service import mark_geography_changed
from weimin_grid.models import Base
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.scope import covers
from weimin_grid.transfer import lookups
from weimin_grid.transfer.lookups import ParentLookup, Place
from weimin_grid.transfer.rows import (
    BuildingFields,
    ResidentFields,
    RowProblem,
    building_fields,
    household_fields,
    parent_key,
    resident_details,
    resident_fields,
)
from weimin_kit.auth import Principal
from weimin_kit.bulk import insert_rows

NumberedRow = tuple[int, Mapping[str, str]]
#: Rows checked between turns of the event loop, so a write in flight keeps streaming.
YIELD_EVERY = 50
#: A row read on its own: the problem with its parent's key, or that key with the row's
#: own fields (or their problem, which counts only once the parent is found).
Read = RowProblem | tuple[str, Any]
PARENT_MISSING = {
    "buildings": ("grid_unit_code", "no such grid unit in your scope"),
    "households": ("building_address", "no such building in your scope"),
    "residents": ("household_address", "no such household in your scope"),
}


@dataclass(frozen=True, slots=True)
class Candidate:
    """A row that passed its checks: its key in the database, the key it is known by
    within one file (a building's or household's address, a resident's index), the values
    to insert and the row itself (some fields are read only once it proves new)."""

    stored_key: Any
    file_key: str
    values: dict[str, Any]
    row: Mapping[str, str]


@dataclass
class ChunkOutcome:
    created: int = 0
    unchanged: int = 0
    problems: list[tuple[int, RowProblem]] = field(default_factory=list)


class ChunkImporter:
    """Per-file state: the parents met so far, the keys created so far, the caller's scope."""

    def __init__(
        self, session: AsyncSession, principal: Principal, vault: PersonalDataVault, kind: str
    ) -> None:
        self.session = session
        self.principal = principal
        self.vault = vault
        self.kind = kind
        self.parents = ParentLookup(session, principal)
        # Buildings and households created earlier in this file, by address (as before);
        # residents need none: an earlier chunk's are in the database already.
        self._created_in_file: set[str] = set()
        # The keys of the chunk being written while the next is looked up and checked.
        self._unwritten: set[Any] = set()

    async def read_rows(self, chunk: Sequence[NumberedRow]) -> list[Read]:
        """Each row's parent key and own fields, or their problems (no database)."""
        read: list[Read] = []
        for position, (_, row) in enumerate(chunk):
            if position % YIELD_EVERY == 0:
                await asyncio.sleep(0)  # let the write in flight stream its rows
            try:
                key = parent_key(self.kind, row)
            except RowProblem as problem:
                read.append(problem)
                continue
            try:
                fields = self._fields(row)
            except RowProblem as problem:
                fields = problem  # reported only if the parent is found, as before
            read.append((key, fields))
        return read

    async def look_up(self, read: list[Read]) -> set[Any]:
        """The chunk's database reads: its parents, then which of its keys are taken (by
        rows written before the chunk in flight, whose keys `check` knows)."""
        parsed = [r for r in read if not isinstance(r, RowProblem)]
        await self.parents.resolve(self.kind, [key for key, _ in parsed])
        if self.kind == "residents":
            indexes = [f[1] for _, f in parsed if not isinstance(f, RowProblem)]
            return await lookups.existing_id_card_indexes(self.session, indexes)
        if self.kind == "buildings":
            addresses = {f.address for _, f in parsed if not isinstance(f, RowProblem)}
            return await lookups.existing_buildings(self.session, addresses)
        places = (self.parents.place(key) for key, _ in parsed)
        buildings = {place.id for place in places if place is not None}
        return await lookups.existing_households(self.session, buildings)

    async def check(
        self, chunk: Sequence[NumberedRow], read: list[Read], taken: set[Any]
    ) -> tuple[ChunkOutcome, list[dict[str, Any]]]:
        """The chunk's outcome and its new rows, for `write` (no database: it runs while
        the previous chunk is written)."""
        created_now: set[str] = set()
        created_keys: set[Any] = set()
        outcome = ChunkOutcome()
        new_rows: list[dict[str, Any]] = []
        for position, ((number, row), result) in enumerate(zip(chunk, read, strict=True)):
            if position % YIELD_EVERY == 0:
                await asyncio.sleep(0)
            try:
                if isinstance(result, RowProblem):
                    raise result
                candidate = self._candidate(self.parents.place(result[0]), row, result[1])
                if (
                    candidate.stored_key in taken
                    or candidate.stored_key in self._unwritten
                    or candidate.stored_key in created_keys
                    or candidate.file_key in created_now
                    or (self.kind != "residents" and candidate.file_key in self._created_in_file)
                ):
                    outcome.unchanged += 1
                    continue
                new_rows.append(self._new_row(candidate))
            except RowProblem as problem:
                outcome.problems.append((number, problem))
                continue
            created_now.add(candidate.file_key)
            created_keys.add(candidate.stored_key)
        if self.kind != "residents":
            self._created_in_file |= created_now
        self._unwritten = created_keys
        outcome.created = len(new_rows)
        return outcome, new_rows

    async def write(self, new_rows: list[dict[str, Any]]) -> None:
        if new_rows:
            # On the table, not the ORM's bulk insert: that splits a chunk into a statement
            # per run of rows whose NULL columns agree (phone or none).
            await insert_rows(self.session, Base.metadata.tables[self.kind], new_rows)
            if self.kind == "buildings":
                mark_geography_changed(self.session)  # the locate cache's buildings

    def _fields(self, row: Mapping[str, str]) -> Any:
        if self.kind == "buildings":
            return building_fields(row)
        if self.kind == "households":
            return household_fields(row)
        fields = resident_fields(row)
        return fields, self.vault.id_card_index(fields.id_card)

    def _candidate(self, parent: Place | None, row: Mapping[str, str], fields: Any) -> Candidate:
        if parent is None or not covers(
            self.principal,
            street=parent.street_id,
            community=parent.community_id,
            grid=parent.grid_unit_id,
        ):
            raise RowProblem(*PARENT_MISSING[self.kind])
        if isinstance(fields, RowProblem):
            raise fields
        ancestry = {
            "grid_unit_id": parent.grid_unit_id,
            "street_id": parent.street_id,
            "community_id": parent.community_id,
        }
        if self.kind == "buildings":
            b: BuildingFields = fields
            values = {
                **ancestry,
                "address": b.address,
                "lon": b.lon,
                "lat": b.lat,
                "floors": b.floors,
            }
            return Candidate((parent.id, b.address), b.address, values, row)
        if self.kind == "households":
            door, address = fields
            values = {**ancestry, "building_id": parent.id, "door_number": door, "address": address}
            return Candidate((parent.id, door), address, values, row)
        r: ResidentFields
        r, index = fields
        values = {
            **ancestry,
            "household_id": parent.id,
            "name": r.name,
            "gender": r.gender,
            "birth_date": r.birth_date,
            "registration": r.registration,
            "care_tags": r.care_tags,
            "id_card_index": index,
            "_id_card": r.id_card,
            "_phone": r.phone,
        }
        return Candidate(index, index, values, row)

    def _new_row(self, candidate: Candidate) -> dict[str, Any]:
        if self.kind != "residents":
            return candidate.values
        # Sealed only once the resident proves new: a re-import encrypts nothing.
        values = dict(candidate.values)
        id_card, phone = values.pop("_id_card"), values.pop("_phone")
        sealed_phone = None if phone is None else self.vault.seal_phone(phone)
        return {
            **values,
            **resident_details(candidate.row),
            "version": 1,
            "id_card_cipher": self.vault.seal_id_card(id_card).cipher,
            "phone_cipher": None if sealed_phone is None else sealed_phone.cipher,
            "phone_index": None if sealed_phone is None else sealed_phone.index,
        }
