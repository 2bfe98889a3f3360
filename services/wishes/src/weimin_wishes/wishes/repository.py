import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import CursorResult, Select, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_wishes.scope import scope_condition
from weimin_wishes.wishes.models import ACTIVE_CLAIM_STATUSES, Wish, WishClaim


async def get_wish(session: AsyncSession, wish_id: uuid.UUID) -> Wish | None:
    return await session.get(Wish, wish_id, populate_existing=True)


@dataclass(frozen=True, slots=True)
class WishFilter:
    state: str | None = None
    community_id: uuid.UUID | None = None
    grid_unit_id: uuid.UUID | None = None


def wishes_in_scope(principal: Principal, where: WishFilter) -> Select[Wish]:
    statement = select(Wish)
    condition = scope_condition(
        principal, street=Wish.street_id, community=Wish.community_id, grid=Wish.grid_unit_id
    )
    if condition is not None:
        statement = statement.where(condition)
    if where.state is not None:
        statement = statement.where(Wish.state == where.state)
    if where.community_id is not None:
        statement = statement.where(Wish.community_id == where.community_id)
    if where.grid_unit_id is not None:
        statement = statement.where(Wish.grid_unit_id == where.grid_unit_id)
    return statement


async def move_wish(
    session: AsyncSession,
    wish: Wish,
    *,
    from_states: Iterable[str],
    now: datetime,
    values: dict[str, Any],
) -> bool:
    """Change the wish only if it is still in one of `from_states` at the version read.

    One conditional UPDATE: on SQLite writers are serialised by BEGIN IMMEDIATE; on
    PostgreSQL a concurrent writer waits for the row lock and then re-checks the WHERE
    against the committed row, so of many simultaneous moves exactly one matches.
    """
    statement = (
        update(Wish)
        .where(
            Wish.id == wish.id,
            Wish.state.in_(list(from_states)),
            Wish.version == wish.version,
        )
        .values(**values, version=Wish.version + 1, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    result: CursorResult[Any] = await session.execute(statement)  # type: ignore[assignment]
    await session.refresh(wish)
    return result.rowcount == 1


async def add_claim(session: AsyncSession, claim: WishClaim) -> WishClaim:
    session.add(claim)
    await session.flush()
    return claim


async def get_claim(session: AsyncSession, claim_id: uuid.UUID | None) -> WishClaim | None:
    if claim_id is None:
        return None
    return await session.get(WishClaim, claim_id, populate_existing=True)


async def end_claim(
    session: AsyncSession, claim_id: uuid.UUID | None, status: str, now: datetime
) -> None:
    if claim_id is None:
        return
    await session.execute(
        update(WishClaim)
        .where(WishClaim.id == claim_id, WishClaim.status.in_(ACTIVE_CLAIM_STATUSES))
        .values(status=status, ended_at=now, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def set_claim_status(
    session: AsyncSession, claim_id: uuid.UUID | None, status: str, now: datetime
) -> None:
    if claim_id is None:
        return
    await session.execute(
        update(WishClaim)
        .where(WishClaim.id == claim_id)
        .values(status=status, updated_at=now)
        .execution_options(synchronize_session=False)
    )


async def overdue_wishes(session: AsyncSession, now: datetime) -> list[Wish]:
    statement = select(Wish).where(
        Wish.state.in_(["claim_pending", "claimed"]), Wish.claim_deadline_at < now
    )
    return list((await session.scalars(statement.order_by(Wish.claim_deadline_at))).all())


async def claims_of_wish(session: AsyncSession, wish_id: uuid.UUID) -> list[WishClaim]:
    statement = select(WishClaim).where(WishClaim.wish_id == wish_id).order_by(WishClaim.id)
    return list((await session.scalars(statement)).all())
