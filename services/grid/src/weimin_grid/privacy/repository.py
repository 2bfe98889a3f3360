import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Select, false, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.privacy.models import DataRequest, PersonalDataAudit
from weimin_grid.registry.models import Resident
from weimin_grid.scope import scope_condition
from weimin_kit.auth import Principal
from weimin_kit.types import utcnow

PENDING = "pending"


async def add(session: AsyncSession, row: DataRequest | PersonalDataAudit) -> None:
    session.add(row)
    await session.flush()


async def due_for_anonymisation(
    session: AsyncSession, cutoff: datetime, limit: int
) -> Sequence[uuid.UUID]:
    """Residents who left (moved away or died) at or before `cutoff` and are not yet
    anonymised, oldest first; on PostgreSQL rows another sweep holds are skipped."""
    return list(
        await session.scalars(
            select(Resident.id)
            .where(Resident.moved_out_at <= cutoff, Resident.anonymised_at.is_(None))
            .order_by(Resident.moved_out_at, Resident.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
    )


async def update_resident_unless_anonymised(
    session: AsyncSession, resident_id: uuid.UUID, values: Mapping[str, Any]
) -> bool:
    """Apply `values` (bumping the version) unless the row is already anonymised; False
    then, so a concurrent second anonymisation or correction changes nothing."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(Resident)
        .where(Resident.id == resident_id, Resident.anonymised_at.is_(None))
        .values(**values, version=Resident.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


async def clear_pending_changes(session: AsyncSession, resident_id: uuid.UUID) -> None:
    """An anonymised resident's pending corrections keep no new values either."""
    await session.execute(
        update(DataRequest)
        .where(DataRequest.resident_id == resident_id, DataRequest.changes.is_not(None))
        .values(changes=None)
        .execution_options(synchronize_session=False)
    )


async def decide(session: AsyncSession, request_id: uuid.UUID, values: Mapping[str, Any]) -> bool:
    """Move a pending request to its decision; False when it was decided already."""
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(DataRequest)
        .where(DataRequest.id == request_id, DataRequest.state == PENDING)
        .values(**values, changes=None)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1


def requests_in_scope(principal: Principal) -> Select[DataRequest]:
    """Requests about residents the principal sees (by where the resident is now)."""
    statement = select(DataRequest).join(Resident, Resident.id == DataRequest.resident_id)
    condition = scope_condition(
        principal,
        street=Resident.street_id,
        community=Resident.community_id,
        grid=Resident.grid_unit_id,
    )
    return statement if condition is None else statement.where(condition)


def audits(
    community_ids: list[uuid.UUID] | None, resident_id: uuid.UUID | None
) -> Select[PersonalDataAudit]:
    """Audit rows, limited to `community_ids` unless None (everything)."""
    statement = select(PersonalDataAudit)
    if community_ids is not None:
        statement = statement.where(
            PersonalDataAudit.community_id.in_(community_ids) if community_ids else false()
        )
    if resident_id is not None:
        statement = statement.where(PersonalDataAudit.resident_id == resident_id)
    return statement
