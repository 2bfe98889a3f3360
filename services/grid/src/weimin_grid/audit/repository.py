import uuid
from collections.abc import Collection

from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.audit.models import RevealAudit
from weimin_grid.registry.models import Resident
from weimin_grid.scope import scope_condition
from weimin_kit.auth import Principal


async def add_reveal(session: AsyncSession, entry: RevealAudit) -> RevealAudit:
    session.add(entry)
    await session.flush()
    return entry


def reveals(
    community_ids: list[uuid.UUID] | None, resident_id: uuid.UUID | None
) -> Select[RevealAudit]:
    """Audit rows, limited to `community_ids` unless None (everything)."""
    statement = select(RevealAudit)
    if community_ids is not None:
        statement = statement.where(
            RevealAudit.community_id.in_(community_ids) if community_ids else false()
        )
    if resident_id is not None:
        statement = statement.where(RevealAudit.resident_id == resident_id)
    return statement


def reveals_by(subject: str) -> Select[RevealAudit]:
    """The rows one principal's own reveals wrote, whatever their scope is now."""
    return select(RevealAudit).where(RevealAudit.principal_subject == subject)


async def resident_names_in_scope(
    session: AsyncSession, principal: Principal, resident_ids: Collection[uuid.UUID]
) -> dict[uuid.UUID, str]:
    """Names of those residents the principal still sees (a moved grid's are left out)."""
    if not resident_ids:
        return {}
    statement = select(Resident.id, Resident.name).where(Resident.id.in_(resident_ids))
    condition = scope_condition(
        principal,
        street=Resident.street_id,
        community=Resident.community_id,
        grid=Resident.grid_unit_id,
    )
    if condition is not None:
        statement = statement.where(condition)
    return {row.id: row.name for row in (await session.execute(statement)).all()}
