import uuid

from sqlalchemy import Select, case, func, select
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
