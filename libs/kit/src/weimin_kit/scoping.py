"""Object-level scope for lists: the WHERE clause that limits a table to the rows a
principal may see. Rows carry their ancestry ids (one column per scope kind), so the filter
is a plain OR of IN clauses over indexed columns; single objects use `Principal.covers`."""

import uuid
from typing import Any

from sqlalchemy import ColumnElement, false, or_
from sqlalchemy.orm import InstrumentedAttribute

from weimin_kit.auth import Principal

ScopeColumn = InstrumentedAttribute[Any] | ColumnElement[Any]


def _uuids(values: frozenset[str]) -> list[uuid.UUID]:
    parsed = []
    for value in values:
        try:
            parsed.append(uuid.UUID(value))
        except ValueError:
            continue  # a scope naming something that is not an id covers nothing here
    return parsed


def scope_condition(
    principal: Principal, **columns: ScopeColumn | None
) -> ColumnElement[bool] | None:
    """Rows whose column for some scope kind (`street=Table.street_id`, …) holds one of
    the principal's ids of that kind; None (no filter) for an admin, nothing for a
    principal without any matching scope."""
    if principal.is_admin:
        return None
    clauses = [
        column.in_(ids)
        for kind, column in columns.items()
        if column is not None and (ids := _uuids(principal.scope_ids(kind)))
    ]
    return or_(*clauses) if clauses else false()
