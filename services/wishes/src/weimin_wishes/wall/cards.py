"""The public card of a wish and the wall events that carry it."""

from datetime import datetime
from typing import Any

from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_wishes.wall.models import WallEvent, WallSequence
from weimin_wishes.wall.schemas import WallWish
from weimin_wishes.wishes.models import Wish

WALL_SEQUENCE_ROW = 1


#: Where the gateway serves the wall's routes (the services' own `/v1/...` behind `/api`).
PUBLIC_API_PREFIX = "/api"


def claim_url(base_url: str, wish: Wish) -> str:
    """The wish's landing page in the SPA on Weimin's own host (`/w/<id>`), for a phone."""
    return f"{base_url.rstrip('/')}/w/{wish.id}"


def qr_path(wish: Wish) -> str:
    """The QR code's path on the public host (through the gateway), for `<img src>`."""
    return f"{PUBLIC_API_PREFIX}/v1/wall/wishes/{wish.id}/qr.svg"


def public_card(wish: Wish, base_url: str) -> WallWish:
    # A pending claim is shown as claimed: the wish is spoken for while staff decide.
    state = "claimed" if wish.state == "claim_pending" else wish.state
    return WallWish(
        id=wish.id,
        community_id=wish.community_id,
        grid_unit_id=wish.grid_unit_id,
        grid_label=wish.grid_label,
        title=wish.title,
        description=wish.description,
        category=wish.category,
        urgency=wish.urgency,
        estimated_value_yuan=wish.estimated_value_yuan,
        photo_url=wish.photo_url,
        beneficiary=wish.public_name,
        claim_rule=wish.claim_rule,
        state=state,
        claimer_type=wish.claimer_type if state != "open" else None,
        published_at=wish.published_at,
        claim_url=claim_url(base_url, wish),
        qr_url=qr_path(wish),
    )


async def next_wall_seq(session: AsyncSession) -> int:
    statement = (
        update(WallSequence)
        .where(WallSequence.id == WALL_SEQUENCE_ROW)
        .values(last_seq=WallSequence.last_seq + 1)
        .returning(WallSequence.last_seq)
    )
    return int((await session.execute(statement)).scalar_one())


async def record_wall_event(
    session: AsyncSession, wish: Wish, type: str, now: datetime, base_url: str
) -> int:
    """Tell the wall about a change to `wish` (posted, claimed, released, fulfilled, removed)."""
    seq = await next_wall_seq(session)
    payload: dict[str, Any] = {
        "type": type,
        "wish": public_card(wish, base_url).model_dump(mode="json"),
    }
    session.add(
        WallEvent(
            seq=seq,
            type=type,
            wish_id=wish.id,
            street_id=wish.street_id,
            community_id=wish.community_id,
            created_at=now,
            payload=payload,
        )
    )
    await session.flush()
    return seq
