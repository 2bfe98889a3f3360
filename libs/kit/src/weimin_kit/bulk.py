"""Writing many new rows at once: COPY on PostgreSQL, one executemany elsewhere (a grid
import's chunks, a partner's batch of people and their events).

With 1,000-row INSERT … VALUES statements of twenty columns a million-resident import took
264 s in the grid benchmark (busy machine, load average ~4), with COPY 137 s. COPY names
its columns, so the columns a chunk's rows leave out get their Python-side defaults (ids,
timestamps) here, as an INSERT would give them.
"""

import json
from collections.abc import Callable, Mapping, Sequence
from operator import itemgetter
from typing import Any

import asyncpg
from sqlalchemy import JSON, Column, Table, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession


def _default_of(column: Column[Any]) -> Callable[[], Any]:
    default: Any = column.default
    if default is None:
        return lambda: None
    if default.is_callable:
        return lambda: default.arg(None)  # SQLAlchemy wraps it to take the context
    return lambda: default.arg


def _records(
    table: Table, rows: Sequence[Mapping[str, Any]]
) -> tuple[list[str], list[tuple[Any, ...]]]:
    """(column names, one tuple per row): the rows' plain values read in one C call, then
    JSON as text, then the defaults of the columns the rows leave out (every row of a
    chunk has the same keys)."""
    given = rows[0].keys()
    plain = [c.name for c in table.columns if c.name in given and not isinstance(c.type, JSON)]
    as_json = [c.name for c in table.columns if c.name in given and isinstance(c.type, JSON)]
    missing = [c for c in table.columns if c.name not in given]
    defaults = [_default_of(column) for column in missing]
    read = itemgetter(*plain) if len(plain) > 1 else lambda row: (row[plain[0]],)
    records = [
        (
            *read(row),
            *(None if row[n] is None else json.dumps(row[n]) for n in as_json),
            *(fill() for fill in defaults),
        )
        for row in rows
    ]
    return [*plain, *as_json, *(column.name for column in missing)], records


async def insert_rows(
    session: AsyncSession, table: Table, rows: Sequence[Mapping[str, Any]]
) -> None:
    connection = await session.connection()
    if connection.dialect.name != "postgresql":
        await session.execute(insert(table), list(rows))
        return
    columns, records = _records(table, rows)
    raw = await connection.get_raw_connection()
    # The session's own connection, inside its transaction (begun by the caller's lookups).
    try:
        await raw.driver_connection.copy_records_to_table(  # type: ignore[union-attr]
            table.name, records=records, columns=columns
        )
    except asyncpg.IntegrityConstraintViolationError as exc:
        # The driver's own error, which SQLAlchemy translates for statements it runs but not
        # for this call: as SQLAlchemy's, a race (two batches writing the same person) is
        # the 409 every service answers for one (weimin_kit.errors), not a 500.
        raise IntegrityError(f"COPY {table.name}", None, exc) from exc
