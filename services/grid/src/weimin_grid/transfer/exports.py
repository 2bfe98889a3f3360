"""Exporting the register as CSV (streamed) or XLSX, within the caller's scope.

Identity numbers and phones are exported masked, as every list shows them; an export is
still personal data, so each one is written to the export audit before it starts.
"""

import csv
import io
import tempfile
import uuid
from collections.abc import AsyncIterator
from datetime import datetime
from typing import IO, Any

from openpyxl import Workbook
from sqlalchemy import Select, func, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.registry.repository import buildings_in_scope, households_in_scope
from weimin_grid.scope import STAFF_ROLES, scope_condition
from weimin_grid.transfer.models import ExportAudit
from weimin_grid.transfer.rows import COLUMNS
from weimin_grid.transfer.service import FileFormat, Kind
from weimin_grid.units.models import GridUnit
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.db import Database

BATCH = 1000


def _statement(
    principal: Principal, kind: Kind, grid_unit_id: uuid.UUID | None
) -> tuple[Select[Any], Any]:
    """The scoped query for `kind` (each row: the object and its parent's key) and the
    id column it is ordered by."""
    if kind == "buildings":
        statement: Select[Any] = (
            buildings_in_scope(principal)
            .add_columns(GridUnit.code)
            .join(GridUnit, GridUnit.id == Building.grid_unit_id)
        )
        model: Any = Building
    elif kind == "households":
        statement = (
            households_in_scope(principal)
            .add_columns(Building.address)
            .join(Building, Building.id == Household.building_id)
        )
        model = Household
    else:
        # The inner join leaves out anonymised residents (no household): nothing to export.
        statement = select(Resident, Household.address).join(  # type: ignore[assignment]
            Household, Household.id == Resident.household_id
        )
        condition = scope_condition(
            principal,
            street=Resident.street_id,
            community=Resident.community_id,
            grid=Resident.grid_unit_id,
        )
        if condition is not None:
            statement = statement.where(condition)
        model = Resident
    if grid_unit_id is not None:
        statement = statement.where(model.grid_unit_id == grid_unit_id)
    return statement.order_by(model.id), model.id


def _cells(kind: Kind, row: Any, vault: PersonalDataVault) -> list[Any]:
    thing, parent = row[0], row[1]
    if kind == "buildings":
        return [parent, thing.address, thing.lon, thing.lat, thing.floors]
    if kind == "households":
        return [parent, thing.door_number, thing.address]
    return [
        parent,
        thing.name,
        vault.masked_id_card(thing.id_card_cipher),
        vault.masked_phone(thing.phone_cipher) or "",
        thing.ethnicity,
        thing.registration,
        "|".join(thing.care_tags),
        thing.relation_to_head,
    ]


async def audit_export(
    session: AsyncSession,
    principal: Principal,
    kind: Kind,
    file_format: FileFormat,
    grid_unit_id: uuid.UUID | None,
    now: datetime,
) -> ExportAudit:
    ensure_role(principal, *STAFF_ROLES)
    statement, _ = _statement(principal, kind, grid_unit_id)
    counted = statement.order_by(None).subquery()
    rows = int(await session.scalar(select(func.count()).select_from(counted)) or 0)
    entry = ExportAudit(
        principal_subject=principal.subject,
        principal_roles=sorted(principal.roles),
        kind=kind,
        format=file_format,
        filters={"grid_unit_id": None if grid_unit_id is None else str(grid_unit_id)},
        rows=rows,
        at=now,
    )
    session.add(entry)
    await session.flush()
    return entry


async def export_rows(
    database: Database,
    principal: Principal,
    vault: PersonalDataVault,
    kind: Kind,
    grid_unit_id: uuid.UUID | None,
) -> AsyncIterator[list[Any]]:
    """The header, then every row; on its own read session because the response streams
    after the request's transaction has ended."""
    yield list(COLUMNS[kind])
    statement, id_column = _statement(principal, kind, grid_unit_id)
    async with database.read_sessionmaker() as session:
        offset_key = None
        while True:
            # Keyset pages: no cursor held open across the whole (possibly long) download.
            page = statement if offset_key is None else statement.where(id_column > offset_key)
            rows = (await session.execute(page.limit(BATCH))).all()
            for row in rows:
                yield _cells(kind, row, vault)
            if len(rows) < BATCH:
                return
            offset_key = rows[-1][0].id


async def csv_chunks(rows: AsyncIterator[list[Any]]) -> AsyncIterator[bytes]:
    yield "\ufeff".encode()  # so spreadsheets open it as UTF-8
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    async for row in rows:
        writer.writerow(row)
        if buffer.tell() > 64 * 1024:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue().encode()


async def xlsx_file(rows: AsyncIterator[list[Any]]) -> IO[bytes]:
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    async for row in rows:
        sheet.append(row)
    file: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    book.save(file)
    file.seek(0)
    return file
