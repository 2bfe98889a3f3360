import uuid
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Select, insert, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.ids import new_id
from weimin_volunteers.activities.models import Activity, Notification, Shift, Signup
from weimin_volunteers.registry.models import Volunteer

ACTIVE = ("pending", "confirmed", "waitlisted")


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


def activities(community_id: uuid.UUID | None, team_id: uuid.UUID | None) -> Select[Activity]:
    statement = select(Activity)
    if community_id is not None:
        statement = statement.where(Activity.community_id == community_id)
    if team_id is not None:
        statement = statement.where(Activity.team_id == team_id)
    return statement


def activities_in_box(
    box: tuple[float, float, float, float], now: datetime, limit: int
) -> Select[Activity]:
    """Activities inside (west, south, east, north) with a shift not yet over."""
    west, south, east, north = box
    running = select(Shift.id).where(Shift.activity_id == Activity.id, Shift.ends_at > now)
    return (
        select(Activity)
        .where(Activity.lon.between(west, east), Activity.lat.between(south, north))
        .where(running.exists())
        .limit(limit)
    )


async def get_activity(session: AsyncSession, activity_id: uuid.UUID) -> Activity | None:
    return await session.get(Activity, activity_id)


async def get_shift(session: AsyncSession, shift_id: uuid.UUID) -> Shift | None:
    return await session.get(Shift, shift_id)


async def get_signup(session: AsyncSession, signup_id: uuid.UUID) -> Signup | None:
    return await session.get(Signup, signup_id)


async def shifts_of(session: AsyncSession, activity_id: uuid.UUID) -> Sequence[Shift]:
    rows = await session.scalars(
        select(Shift).where(Shift.activity_id == activity_id).order_by(Shift.starts_at, Shift.id)
    )
    return rows.all()


async def lock_volunteer(session: AsyncSession, volunteer_id: uuid.UUID) -> None:
    """Serialise one volunteer's sign-ups (PostgreSQL; SQLite writers are serial already)."""
    await session.execute(
        select(Volunteer.id).where(Volunteer.id == volunteer_id).with_for_update()
    )


async def signup_for(
    session: AsyncSession, shift_id: uuid.UUID, volunteer_id: uuid.UUID
) -> Signup | None:
    return await session.scalar(
        select(Signup).where(Signup.shift_id == shift_id, Signup.volunteer_id == volunteer_id)
    )


async def overlapping_signup(
    session: AsyncSession, volunteer_id: uuid.UUID, shift: Shift
) -> Signup | None:
    return await session.scalar(
        select(Signup)
        .where(
            Signup.volunteer_id == volunteer_id,
            Signup.status.in_(ACTIVE),
            Signup.shift_id != shift.id,
            Signup.starts_at < shift.ends_at,
            Signup.ends_at > shift.starts_at,
        )
        .limit(1)
    )


async def _rowcount(session: AsyncSession, statement: Any) -> int:
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    return int(result.rowcount)


async def take_place(session: AsyncSession, shift_id: uuid.UUID) -> bool:
    """One place on the shift, if any is left (the condition is inside the UPDATE)."""
    return (
        await _rowcount(
            session,
            update(Shift)
            .where(Shift.id == shift_id, Shift.taken < Shift.capacity)
            .values(taken=Shift.taken + 1)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


async def release_place(session: AsyncSession, shift_id: uuid.UUID) -> None:
    await session.execute(
        update(Shift)
        .where(Shift.id == shift_id, Shift.taken > 0)
        .values(taken=Shift.taken - 1)
        .execution_options(synchronize_session=False)
    )


async def change_signup_if(
    session: AsyncSession, signup_id: uuid.UUID, condition: Any, values: Mapping[str, Any]
) -> bool:
    """Apply `values` only while `condition` holds: the loser of a race changes nothing."""
    return (
        await _rowcount(
            session,
            update(Signup)
            .where(Signup.id == signup_id, condition)
            .values(**values)
            .execution_options(synchronize_session=False),
        )
        == 1
    )


async def first_waitlisted(session: AsyncSession, shift_id: uuid.UUID) -> Signup | None:
    return await session.scalar(
        select(Signup)
        .where(Signup.shift_id == shift_id, Signup.status == "waitlisted")
        .order_by(Signup.created_at, Signup.id)
        .limit(1)
    )


async def signups_of_shift(
    session: AsyncSession, shift_id: uuid.UUID, statuses: Sequence[str] | None = None
) -> Sequence[Signup]:
    statement = select(Signup).where(Signup.shift_id == shift_id)
    if statuses is not None:
        statement = statement.where(Signup.status.in_(list(statuses)))
    return (await session.scalars(statement.order_by(Signup.created_at, Signup.id))).all()


def signups_of_volunteer(volunteer_id: uuid.UUID) -> Select[Signup]:
    return select(Signup).where(Signup.volunteer_id == volunteer_id)


async def volunteers_signed_up(session: AsyncSession, activity_id: uuid.UUID) -> list[uuid.UUID]:
    rows = await session.scalars(
        select(Signup.volunteer_id)
        .where(Signup.activity_id == activity_id, Signup.status.in_(ACTIVE))
        .distinct()
    )
    return sorted(rows)


async def due_reminders(
    session: AsyncSession, start: datetime, end: datetime
) -> Sequence[tuple[Signup, Activity]]:
    rows = await session.execute(
        select(Signup, Activity)
        .join(Activity, Activity.id == Signup.activity_id)
        .where(
            Signup.status == "confirmed",
            Signup.reminded_at.is_(None),
            Signup.starts_at > start,
            Signup.starts_at <= end,
        )
        .order_by(Signup.starts_at, Signup.id)
    )
    return [(first, second) for first, second in rows.all()]


async def notify(
    session: AsyncSession,
    volunteer_ids: Sequence[uuid.UUID],
    *,
    kind: str,
    subject_id: uuid.UUID | None,
    text: str,
    now: datetime,
) -> int:
    if volunteer_ids:
        await session.execute(
            insert(Notification),
            [
                {
                    "id": new_id(),
                    "volunteer_id": v,
                    "kind": kind,
                    "subject_id": subject_id,
                    "text": text,
                    "created_at": now,
                }
                for v in volunteer_ids
            ],
        )
    return len(volunteer_ids)


def notifications_of(volunteer_id: uuid.UUID) -> Select[Notification]:
    return select(Notification).where(Notification.volunteer_id == volunteer_id)


async def count_attendance(session: AsyncSession, volunteer_id: uuid.UUID, attended: bool) -> None:
    column = Volunteer.attended_count if attended else Volunteer.no_show_count
    await session.execute(
        update(Volunteer)
        .where(Volunteer.id == volunteer_id)
        .values({column.key: column + 1})
        .execution_options(synchronize_session=False)
    )


async def attendance_context(
    session: AsyncSession, shift_id: uuid.UUID, account_id: uuid.UUID
) -> tuple[Signup | None, Shift, Activity] | None:
    """The caller's sign-up for the shift (if any) with the shift and its activity, in one
    round trip: check-in is the hot path when hundreds arrive at once."""
    volunteer_id = select(Volunteer.id).where(Volunteer.account_id == account_id)
    row = (
        await session.execute(
            select(Shift, Activity, Signup)
            .join(Activity, Activity.id == Shift.activity_id)
            .outerjoin(
                Signup,
                (Signup.shift_id == Shift.id)
                & (Signup.volunteer_id == volunteer_id.scalar_subquery()),
            )
            .where(Shift.id == shift_id)
        )
    ).first()
    if row is None:
        return None
    shift, activity, signup = row
    return signup, shift, activity
