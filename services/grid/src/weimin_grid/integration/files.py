"""The file fallback: the exchange's records as CSV or JSON files, for when a partner's
link is down and data moves by hand.

An import file holds the records of one batch (at most 1,000), is read into the same
records and answered exactly as the batch is (`index` / `row`: the data row, from 1). A
CSV file is UTF-8 (a byte-order mark is fine) with a header row of the JSON field names;
an empty cell is a field left out. A JSON file is an array of the batch's records.
Exports are written the same way, so an exported file imports back unchanged.
"""

import io
import json
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal, cast

from sqlalchemy import Select, select

from weimin_grid.addresses.models import StandardAddress
from weimin_grid.addresses.normalise import FIELDS
from weimin_grid.addresses.service import addresses_in_scope
from weimin_grid.incidents.models import Incident
from weimin_grid.integration.schemas import MAX_RECORDS
from weimin_grid.scope import scope_condition
from weimin_grid.transfer.exports import csv_chunks
from weimin_grid.transfer.service import csv_rows
from weimin_grid.units.models import GridUnit
from weimin_grid.webhooks.enqueue import thin_incident
from weimin_grid.webhooks.vocabulary import PUBLIC_SECURITY_CATEGORIES
from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.errors import InvalidInput, Problem

FileFormat = Literal["csv", "json"]
MEDIA_TYPES: dict[FileFormat, str] = {
    "csv": "text/csv; charset=utf-8",
    "json": "application/json",
}
#: Rows read per query while an export streams.
PAGE = 500


class TooManyRecords(Problem):
    status_code = 413
    code = "too-many-records"
    title = "The file holds more records than one batch may (1,000)"
    title_zh = "文件中的记录超过单批上限（1000 条）"


@dataclass(frozen=True, slots=True)
class Columns:
    """A file's columns: those every record needs, and those it may leave empty."""

    required: tuple[str, ...]
    optional: tuple[str, ...]

    @property
    def all(self) -> tuple[str, ...]:
        return (*self.required, *self.optional)


PERSON_COLUMNS = Columns(
    required=(
        "partner_ref", "name", "id_card_number", "ethnicity", "registration",
        "relation_to_head", "address_code",
    ),
    optional=("phone",),
)  # fmt: skip
_ADDRESS_OPTIONAL = ("building", "unit", "floor", "room")
ADDRESS_COLUMNS = Columns(
    required=tuple(name for name in FIELDS if name not in _ADDRESS_OPTIONAL),
    optional=("code", "grid_unit_code", *_ADDRESS_OPTIONAL),
)
#: What an address export writes, in this order: the columns of an address import.
ADDRESS_EXPORT = ("code", "grid_unit_code", *FIELDS)
#: The incident export: the webhook payload's fields, and when it last changed.
INCIDENT_EXPORT = (
    "incident_id", "sequence", "category_code", "state", "exchange_state", "level",
    "grid_unit_code", "reported_at", "updated_at",
)  # fmt: skip


def file_format(content_type: str | None) -> FileFormat:
    media = (content_type or "").split(";")[0].strip().lower()
    if media == "text/csv":
        return "csv"
    if media == "application/json":
        return "json"
    raise InvalidInput.field(
        "header.content-type", "send text/csv or application/json", "unsupported-media-type"
    )


def read_records(body: bytes, fmt: FileFormat, columns: Columns) -> list[dict[str, Any]]:
    """The file's records, or a 422 naming what makes the whole file unreadable (encoding,
    header, a missing column) and a 413 past the batch limit."""
    records = _csv_records(body, columns) if fmt == "csv" else _json_records(body)
    if not records:
        raise InvalidInput.field("file", "holds no records", "empty-file", reason_zh="没有记录")
    if len(records) > MAX_RECORDS:
        raise TooManyRecords(
            f"The file holds {len(records)} records; at most {MAX_RECORDS} go in one file",
            detail_zh=f"文件有 {len(records)} 条记录，每个文件最多 {MAX_RECORDS} 条",
        )
    return records


def _csv_records(body: bytes, columns: Columns) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    for number, row in enumerate(csv_rows(io.BytesIO(body)), start=1):
        if number == 1:
            _check_header(list(row), columns)
        if None in row:
            raise InvalidInput.field(
                f"file.row {number}", "has more cells than the header has columns", "bad-csv"
            )
        # An empty cell is a field left out, as in a JSON record without it.
        records.append({name: value for name, value in row.items() if value != ""})
    return records


def _check_header(header: Sequence[str], columns: Columns) -> None:
    unknown = [name for name in header if name not in columns.all]
    if unknown:
        raise InvalidInput.field(
            f"file.{unknown[0]}",
            f"unknown columns: {', '.join(unknown)} (expected {', '.join(columns.all)})",
            "unknown-columns",
            reason_zh=f"未知的列：{'、'.join(unknown)}",
        )
    missing = [name for name in columns.required if name not in header]
    if missing:
        raise InvalidInput.field(
            f"file.{missing[0]}",
            f"missing columns: {', '.join(missing)}",
            "missing-columns",
            reason_zh=f"缺少列：{'、'.join(missing)}",
        )


def _json_records(body: bytes) -> list[dict[str, Any]]:
    try:
        parsed = json.loads(body)
    except (UnicodeDecodeError, ValueError):
        raise InvalidInput.field(
            "file", "not UTF-8 JSON", "bad-json", reason_zh="不是 UTF-8 编码的 JSON"
        ) from None
    if not isinstance(parsed, list):
        raise InvalidInput.field("file", "must be a JSON array of records", "bad-json")
    for number, record in enumerate(parsed, start=1):
        if not isinstance(record, dict):
            raise InvalidInput.field(f"file[{number}]", "must be a JSON object", "bad-json")
    return cast(list[dict[str, Any]], parsed)


# Exports


async def _paged(
    database: Database, statement: Select[Any, Any], id_column: Any
) -> AsyncIterator[Any]:
    """Every row (an object and its grid unit's code) of `statement`, a page per query,
    on a read session of its own (the answer streams after the request's transaction has
    ended)."""
    async with database.read_sessionmaker() as session:
        after = None
        while True:
            page = statement if after is None else statement.where(id_column > after)
            rows = (await session.execute(page.order_by(id_column).limit(PAGE))).all()
            for row in rows:
                yield row
            if len(rows) < PAGE:
                return
            after = rows[-1][0].id


async def address_records(database: Database, partner: Principal) -> AsyncIterator[dict[str, Any]]:
    statement = (
        addresses_in_scope(partner)
        .add_columns(GridUnit.code)
        .join(GridUnit, GridUnit.id == StandardAddress.grid_unit_id)
    )
    async for address, unit_code in _paged(database, statement, StandardAddress.id):
        yield {
            "code": address.code,
            "grid_unit_code": unit_code,
            **{name: getattr(address, name) for name in FIELDS},
        }


async def incident_records(
    database: Database, partner: Principal, since: datetime | None
) -> AsyncIterator[dict[str, Any]]:
    """The incidents the exchange shares with the client, thin as a webhook: no title,
    description, reporter or caller."""
    statement = (
        select(Incident, GridUnit.code)
        .join(GridUnit, GridUnit.id == Incident.grid_unit_id)
        .where(Incident.category_code.in_(sorted(PUBLIC_SECURITY_CATEGORIES)))
    )
    condition = scope_condition(
        partner, street=Incident.street_id, community=Incident.community_id,
        grid=Incident.grid_unit_id,
    )  # fmt: skip
    if condition is not None:
        statement = statement.where(condition)
    if since is not None:
        statement = statement.where(Incident.updated_at >= since)
    async for incident, unit_code in _paged(database, statement, Incident.id):
        yield {**thin_incident(incident, unit_code), "updated_at": incident.updated_at.isoformat()}


async def _cells(
    records: AsyncIterator[dict[str, Any]], columns: Sequence[str]
) -> AsyncIterator[list[Any]]:
    yield list(columns)
    async for record in records:
        yield ["" if record[name] is None else record[name] for name in columns]


async def _json_array(records: AsyncIterator[dict[str, Any]]) -> AsyncIterator[bytes]:
    yield b"["
    first = True
    async for record in records:
        yield (b"" if first else b",\n") + json.dumps(record, ensure_ascii=False).encode()
        first = False
    yield b"]\n"


def export_body(
    records: AsyncIterator[dict[str, Any]], columns: Sequence[str], fmt: FileFormat
) -> AsyncIterator[bytes]:
    """CSV (UTF-8 with a byte-order mark, so spreadsheets open it right; the header row is
    the JSON field names) or a JSON array, streamed."""
    if fmt == "csv":
        return csv_chunks(_cells(records, columns))
    return _json_array(records)
