import uuid
from datetime import datetime

from sqlalchemy import Select, case, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_wishes.wall.cards import WALL_SEQUENCE_ROW
from weimin_wishes.wall.models import KioskDevice, WallEvent, WallSequence
from weimin_wishes.wishes.lifecycle import WALL_STATES
from weimin_wishes.wishes.models import Wish

#: The most wishes one wall render carries (a community has a few dozen at most).
WALL_LIMIT = 500


async def last_event_seq(session: AsyncSession, community_id: uuid.UUID | None) -> int:
    """The wall's version: the newest wall event it has seen (every visible change makes one)."""
    if community_id is None:
        statement = select(WallSequence.last_seq).where(WallSequence.id == WALL_SEQUENCE_ROW)
    else:
        statement = select(func.max(WallEvent.seq)).where(WallEvent.community_id == community_id)
    return int(await session.scalar(statement) or 0)


async def wall_wishes(session: AsyncSession, community_id: uuid.UUID | None) -> list[Wish]:
    urgency_order = case({"high": 0, "normal": 1, "low": 2}, value=Wish.urgency, else_=3)
    statement = select(Wish).where(Wish.state.in_(sorted(WALL_STATES)))
    if community_id is not None:
        statement = statement.where(Wish.community_id == community_id)
    statement = statement.order_by(urgency_order, Wish.published_at.desc(), Wish.id)
    return list((await session.scalars(statement.limit(WALL_LIMIT))).all())


def events_after(seq: int, community_id: uuid.UUID | None, limit: int) -> Select[WallEvent]:
    statement = select(WallEvent).where(WallEvent.seq > seq)
    if community_id is not None:
        statement = statement.where(WallEvent.community_id == community_id)
    return statement.order_by(WallEvent.seq).limit(limit)


async def kiosk_by_key_hash(session: AsyncSession, key_hash: str) -> KioskDevice | None:
    return await session.scalar(select(KioskDevice).where(KioskDevice.key_hash == key_hash))


async def kiosk_by_code_hash(session: AsyncSession, code_hash: str) -> KioskDevice | None:
    return await session.scalar(
        select(KioskDevice).where(KioskDevice.pairing_code_hash == code_hash)
    )


async def use_pairing_code(
    session: AsyncSession, device_id: uuid.UUID, *, key_hash: str, key_hint: str, now: datetime
) -> bool:
    """Mark the device's code used and give it a new key, unless the code was used already."""
    result = await session.execute(
        update(KioskDevice)
        .where(
            KioskDevice.id == device_id,
            KioskDevice.pairing_used_at.is_(None),
            KioskDevice.revoked_at.is_(None),
        )
        .values(
            pairing_used_at=now,
            pairing_expires_at=None,
            paired_at=now,
            key_hash=key_hash,
            key_hint=key_hint,
            updated_at=now,
        )
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


#: Where a wish stands once claimed this year and not given back.
_CLAIMED_STATES = ("claim_pending", "claimed", "fulfilled", "confirmed")
_FULFILLED_STATES = ("fulfilled", "confirmed")


async def year_counts(
    session: AsyncSession, community_id: uuid.UUID | None, since: datetime
) -> tuple[int, int]:
    """Wishes claimed since `since` (still claimed or done) and wishes fulfilled since then."""
    claimed = func.count(case((Wish.state.in_(_CLAIMED_STATES) & (Wish.claimed_at >= since), 1)))
    fulfilled = func.count(
        case((Wish.state.in_(_FULFILLED_STATES) & (Wish.fulfilled_at >= since), 1))
    )
    statement = select(claimed, fulfilled)
    if community_id is not None:
        statement = statement.where(Wish.community_id == community_id)
    row = (await session.execute(statement)).one()
    return int(row[0]), int(row[1])
