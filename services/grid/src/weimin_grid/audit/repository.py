import uuid

from sqlalchemy import Select, false, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.audit.models import RevealAudit


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
