"""Sync conflicts for staff: fields a partner and a grid worker both changed, kept as ours.
A person looks at the resident, talks to whoever knows, corrects the record if need be,
and marks the conflict settled."""

import uuid
from datetime import datetime

from sqlalchemy import Select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.integration.models import SyncConflict
from weimin_grid.integration.schemas import SyncConflictRead
from weimin_grid.scope import scoped_select
from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate


def _in_scope(principal: Principal) -> Select[SyncConflict]:
    return scoped_select(principal, SyncConflict)


async def list_conflicts(
    session: AsyncSession, principal: Principal, page: PageParams, settled: bool | None
) -> Page[SyncConflictRead]:
    statement = _in_scope(principal)
    if settled is not None:
        column = SyncConflict.settled_at
        statement = statement.where(column.is_not(None) if settled else column.is_(None))
    return await paginate(
        session, statement, SyncConflict.id, page, SyncConflictRead.model_validate,
        parse_key=uuid.UUID, newest_first=True,
    )  # fmt: skip


async def settle(
    session: AsyncSession, principal: Principal, conflict_id: uuid.UUID, now: datetime
) -> SyncConflict:
    conflict = await session.scalar(_in_scope(principal).where(SyncConflict.id == conflict_id))
    if conflict is None:
        raise NotFound("No such sync conflict")
    conflict.settled_at = conflict.settled_at or now
    return conflict
