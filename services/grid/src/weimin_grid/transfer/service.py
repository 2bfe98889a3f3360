"""Importing and exporting the register.

An upload is spooled to a temporary file (memory first, disk past a few megabytes) and
then read row by row, so a million-row file never sits in memory; rows are validated one
at a time and looked up and written a chunk at a time (chunks.py). Good rows land, refused
rows are reported with their row number, field and reason, and the run (with its report)
is kept.
"""

import asyncio
import codecs
import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import datetime
from typing import IO, Any, Literal

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.scope import STAFF_ROLES
from weimin_grid.transfer.chunks import ChunkImporter, ChunkOutcome, NumberedRow
from weimin_grid.transfer.lookups import plan_lookups_afresh
from weimin_grid.transfer.models import ImportRun
from weimin_grid.transfer.rows import COLUMNS
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound, Problem

Kind = Literal["buildings", "households", "residents"]
FileFormat = Literal["csv", "xlsx"]
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_REPORTED_ERRORS = 10_000
#: Rows read, checked and written together (a few queries and one insert per chunk).
CHUNK_ROWS = 1000
#: Who may import (admin implied).
IMPORT_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary", "grid_worker")


class UploadTooLarge(Problem):
    status_code = 413
    code = "upload-too-large"
    title = "The file is too large"
    title_zh = "文件太大"


async def spool(chunks: AsyncIterator[bytes]) -> IO[bytes]:
    spooled: IO[bytes] = tempfile.SpooledTemporaryFile(max_size=8 * 1024 * 1024)  # noqa: SIM115
    size = 0
    async for chunk in chunks:
        size += len(chunk)
        if size > MAX_UPLOAD_BYTES:
            spooled.close()
            raise UploadTooLarge(f"Upload at most {MAX_UPLOAD_BYTES // (1024 * 1024)} MB")
        spooled.write(chunk)
    spooled.seek(0)
    return spooled


def csv_rows(file: IO[bytes]) -> Iterator[dict[str, str]]:
    """Each row as a dict by the header row (the exchange's file fallback reads with it too)."""
    # utf-8-sig: spreadsheets save CSV with a byte-order mark.
    text = io.TextIOWrapper(file, encoding="utf-8-sig", newline="")
    try:
        yield from csv.DictReader(text)
    except UnicodeDecodeError:
        raise InvalidInput.field("file", "not UTF-8 text", "bad-encoding") from None
    except csv.Error as exc:
        raise InvalidInput.field("file", f"not readable as CSV: {exc}", "bad-csv") from None


def _xlsx_rows(file: IO[bytes]) -> Iterator[dict[str, str]]:
    try:
        book = load_workbook(file, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not a workbook
        raise InvalidInput.field("file", "not an .xlsx workbook", "bad-xlsx") from None
    sheet = book.worksheets[0]
    rows = sheet.iter_rows(values_only=True)
    header = [str(cell or "").strip() for cell in next(rows, ())]
    for values in rows:
        yield {
            name: "" if value is None else str(value)
            for name, value in zip(header, values, strict=False)
        }


def _check_header(kind: Kind, first: Mapping[str, str] | None) -> None:
    missing = [c for c in COLUMNS[kind] if first is None or c not in first]
    if missing:
        raise InvalidInput.field(
            "file", f"missing columns: {', '.join(missing)}", "missing-columns"
        )


def _chunks(
    kind: Kind, rows: Iterator[dict[str, str]], counts: dict[str, int]
) -> Iterator[list[NumberedRow]]:
    """Numbered rows a chunk at a time, blank lines left out and counted rows counted."""
    chunk: list[NumberedRow] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if number == 2:
            _check_header(kind, row)
        if not any((value or "").strip() for value in row.values()):
            continue  # blank lines at the end of a sheet are not rows
        counts["rows"] += 1
        chunk.append((number, row))
        if len(chunk) == CHUNK_ROWS:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


async def run_import(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    kind: Kind,
    file_format: FileFormat,
    file: IO[bytes],
    now: datetime,
) -> ImportRun:
    ensure_role(principal, *IMPORT_ROLES)
    rows = csv_rows(file) if file_format == "csv" else _xlsx_rows(file)
    importer = ChunkImporter(session, principal, vault, kind)
    await plan_lookups_afresh(session)
    counts = {"rows": 0, "created": 0, "unchanged": 0, "failed": 0}
    errors: list[dict[str, Any]] = []

    def record(outcome: ChunkOutcome) -> None:
        counts["created"] += outcome.created
        counts["unchanged"] += outcome.unchanged
        counts["failed"] += len(outcome.problems)
        for number, problem in outcome.problems[: MAX_REPORTED_ERRORS - len(errors)]:
            errors.append({"row": number, "field": problem.field, "reason": problem.reason})

    # Pipelined: a chunk's rows are written (COPY) while the next chunk is read and
    # checked, so the database and the interpreter work at once. The connection takes one
    # statement at a time, so a chunk's lookups wait for the write before them; the keys
    # of the chunk in flight are known to `check`. (Reading in a worker thread instead
    # made a million-row import slower: the threads contended for the interpreter lock.)
    writing: asyncio.Task[None] | None = None
    unsent: list[dict[str, Any]] = []
    try:
        for chunk in _chunks(kind, rows, counts):
            read = await importer.read_rows(chunk)
            if writing is not None:
                await writing
            taken = await importer.look_up(read)
            writing = asyncio.create_task(importer.write(unsent)) if unsent else None
            outcome, unsent = await importer.check(chunk, read, taken)
            record(outcome)
        if writing is not None:
            await writing
        await importer.write(unsent)
    finally:
        if writing is not None and not writing.done():
            # A bad file raised mid-way: let the write end before the rollback.
            await asyncio.gather(writing, return_exceptions=True)
    if counts["rows"] == 0:
        _check_header(kind, None)
    run = ImportRun(kind=kind, principal_subject=principal.subject, errors=errors, at=now, **counts)
    session.add(run)
    await session.flush()
    return run


async def locate_run(session: AsyncSession, principal: Principal, run_id: Any) -> ImportRun:
    """A run is its importer's own report (admins see every run)."""
    ensure_role(principal, *STAFF_ROLES)
    run = await session.get(ImportRun, run_id)
    if run is None or not (principal.is_admin or run.principal_subject == principal.subject):
        raise NotFound("No such import")
    return run


def error_report_csv(run: ImportRun) -> str:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["row", "field", "reason"])
    for error in run.errors:
        writer.writerow([error["row"], error["field"], error["reason"]])
    return codecs.BOM_UTF8.decode() + out.getvalue()
