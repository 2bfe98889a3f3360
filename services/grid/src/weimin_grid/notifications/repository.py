import uuid

from sqlalchemy import Select, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.notifications.models import Notification
from weimin_grid.units.models import GridRoleTerm
from weimin_kit.auth import Principal

#: Which role reads which desk, and the scope kind that names the desk.
DESK_READERS = {
    "community_desk": ("community_secretary", "community"),
    "street_desk": ("street_secretary", "street"),
}


def inbox_of(principal: Principal, unread_only: bool = False) -> Select[Notification]:
    """The caller's own notices and those of the desks it sits at; nobody else's (an admin
    holds no desk: its scope is everything, which is no particular desk)."""
    boxes = [
        and_(Notification.recipient_kind == "account", Notification.recipient == principal.subject)
    ]
    for desk, (role, scope_kind) in DESK_READERS.items():
        ids = principal.scope_ids(scope_kind)
        if principal.has_role(role) and ids:
            boxes.append(
                and_(Notification.recipient_kind == desk, Notification.recipient.in_(sorted(ids)))
            )
    statement = select(Notification).where(or_(*boxes))
    if unread_only:
        statement = statement.where(Notification.read_at.is_(None))
    return statement


async def mark_read_where(
    session: AsyncSession, incident_id: uuid.UUID, subject: str, kind: str, now: object
) -> None:
    await session.execute(
        update(Notification)
        .where(
            Notification.incident_id == incident_id,
            Notification.recipient_kind == "account",
            Notification.recipient == subject,
            Notification.kind == kind,
            Notification.read_at.is_(None),
        )
        .values(read_at=now)
    )


async def current_grid_head(session: AsyncSession, grid_unit_id: uuid.UUID) -> str | None:
    holder = await session.scalar(
        select(GridRoleTerm.holder_id).where(
            GridRoleTerm.grid_unit_id == grid_unit_id,
            GridRoleTerm.role == "grid_head",
            GridRoleTerm.ended_at.is_(None),
        )
    )
    return None if holder is None else str(holder)
