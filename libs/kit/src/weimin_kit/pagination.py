"""Keyset (cursor) pagination.

The cursor is an opaque url-safe string holding the sort key of the last row returned, so
pages stay stable while rows are inserted, and the database never counts an OFFSET.
"""

import base64
import binascii
import json
from collections.abc import Callable, Sequence
from typing import Annotated, Any, Generic, TypeVar

from fastapi import Depends, Query
from pydantic import BaseModel
from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from weimin_kit.errors import InvalidInput

T = TypeVar("T")

DEFAULT_LIMIT = 50
MAX_LIMIT = 200


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_cursor: str | None = None


class PageParams(BaseModel):
    limit: int = DEFAULT_LIMIT
    cursor: str | None = None


async def _page_params(
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = DEFAULT_LIMIT,
    cursor: Annotated[str | None, Query(max_length=512)] = None,
) -> PageParams:
    return PageParams(limit=limit, cursor=cursor)


PageDep = Annotated[PageParams, Depends(_page_params)]


def encode_cursor(values: Sequence[Any]) -> str:
    raw = json.dumps([str(v) for v in values], separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(cursor: str) -> list[str]:
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        values = json.loads(raw)
    except (binascii.Error, ValueError, UnicodeDecodeError):
        raise InvalidInput.field("query.cursor", "not a cursor this API issued") from None
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise InvalidInput.field("query.cursor", "not a cursor this API issued")
    return values


async def paginate(
    session: AsyncSession,
    statement: Select[Any],
    key: InstrumentedAttribute[Any],
    params: PageParams,
    to_item: Callable[[Any], T],
    parse_key: Callable[[str], Any] = str,
    *,
    newest_first: bool = False,
) -> Page[T]:
    """One page of `statement` ordered by the unique, time-ordered column `key`
    (oldest first, or newest first for logs and feeds)."""
    if params.cursor is not None:
        values = decode_cursor(params.cursor)
        if len(values) != 1:
            raise InvalidInput.field("query.cursor", "not a cursor this API issued")
        last = values[0]
        try:
            after = parse_key(last)
        except ValueError:
            raise InvalidInput.field("query.cursor", "not a cursor this API issued") from None
        statement = statement.where(key < after if newest_first else key > after)
    order = key.desc() if newest_first else key
    rows = list((await session.scalars(statement.order_by(order).limit(params.limit + 1))).all())

    has_more = len(rows) > params.limit
    rows = rows[: params.limit]
    next_cursor = encode_cursor([getattr(rows[-1], key.key)]) if has_more and rows else None
    return Page[T](items=[to_item(row) for row in rows], next_cursor=next_cursor)
