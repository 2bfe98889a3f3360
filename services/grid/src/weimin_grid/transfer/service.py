"""Importing and exporting the register.

An upload is spooled to a temporary file (memory first, disk past a few megabytes) and
then read row by row, so a million-row file never sits in memory; rows are validated and
written one at a time and flushed in batches. Good rows land, refused rows are reported
with their row number, field and reason, and the run (with its report) is kept.
"""

import codecs
import csv
import io
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from datetime import datetime
from typing import IO, Any, Literal

from openpyxl import load_workbook
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.scope import STAFF_ROLES
from weimin_grid.transfer.models import ImportRun
from weimin_grid.transfer.rows import COLUMNS, RowImporter, RowProblem
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound, Problem

Kind = Literal["buildings", "households", "residents"]
FileFormat = Literal["csv", "xlsx"]
MAX_UPLOAD_BYTES = 512 * 1024 * 1024
MAX_REPORTED_ERRORS = 10_000
FLUSH_EVERY = 500
#: Who may import (admin implied).
IMPORT_ROLES = ("street_secretary", "community_secretary", "grid_worker")


class UploadTooLarge(Problem):
    status_code = 413
    code = "upload-too-large"
    title = "The file is too large"


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


def _csv_rows(file: IO[bytes]) -> Iterator[dict[str, str]]:
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
    rows = _csv_rows(file) if file_format == "csv" else _xlsx_rows(file)
    importer = RowImporter(session, principal, vault)
    handle = importer.handler(kind)
    counts = {"rows": 0, "created": 0, "unchanged": 0, "failed": 0}
    errors: list[dict[str, Any]] = []
    for number, row in enumerate(rows, start=2):  # row 1 is the header
        if counts["rows"] == 0:
            _check_header(kind, row)
        counts["rows"] += 1
        if not any((value or "").strip() for value in row.values()):
            counts["rows"] -= 1
            continue  # blank lines at the end of a sheet are not rows
        try:
            outcome = await handle(row)
        except RowProblem as problem:
            counts["failed"] += 1
            if len(errors) < MAX_REPORTED_ERRORS:
                errors.append({"row": number, "field": problem.field, "reason": problem.reason})
            continue
        if outcome.created is None:
            counts["unchanged"] += 1
            continue
        session.add(outcome.created)
        counts["created"] += 1
        if counts["created"] % FLUSH_EVERY == 0:
            await session.flush()
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
