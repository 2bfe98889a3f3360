"""Moving a wish along its lifecycle, and telling the world: every move is one conditional
UPDATE, an outbox event for the other services and, when the wall can see it, a wall event."""

from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import WishPlace
from weimin_kit.outbox import record_event
from weimin_wishes.wall.cards import record_wall_event
from weimin_wishes.wishes import repository
from weimin_wishes.wishes.errors import WishTransitionNotAllowed
from weimin_wishes.wishes.lifecycle import ALLOWED, Action, allows
from weimin_wishes.wishes.models import Wish

EVENT_SOURCE = "/weimin/wishes"


async def advance(
    session: AsyncSession, wish: Wish, action: Action, now: datetime, **values: Any
) -> None:
    """Apply `action` to `wish` or refuse it (409) when the wish's state does not allow it,
    including when a concurrent request moved the wish first."""
    if not allows(action, wish.state):
        raise WishTransitionNotAllowed(f"A wish that is {wish.state} cannot take '{action}'")
    before = wish.state
    moved = await repository.move_wish(
        session, wish, from_states=ALLOWED[action], now=now, values=values
    )
    if not moved:
        raise WishTransitionNotAllowed(
            f"The wish became {wish.state} (was {before}); '{action}' no longer applies"
        )


async def announce(
    session: AsyncSession,
    wish: Wish,
    event: type[WishPlace],
    *,
    wall: str | None,
    now: datetime,
    base_url: str,
    **data: Any,
) -> None:
    """Record `event` (the wish's place and `data`: ids and numbers only) and, when `wall`
    names one, the wall event."""
    payload = event(
        wish_id=wish.id,
        street_id=wish.street_id,
        community_id=wish.community_id,
        grid_unit_id=wish.grid_unit_id,
        **data,
    )
    await record_event(session, source=EVENT_SOURCE, subject=str(wish.id), payload=payload)
    if wall is not None:
        await record_wall_event(session, wish, wall, now, base_url)
