"""The wishes a signed-in person has to do with: those they claimed (a volunteer's, a
member's, a resident's "my wishes") and those they submitted (a grid worker's or a
secretary's). Each is the wish's public card (an honorific, never the beneficiary's name)
with what its claimer or submitter needs to follow it: the real state, the claim's deadline
and what happened at fulfilment and confirmation."""

import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_wishes.wall.cards import public_card
from weimin_wishes.wall.schemas import WallWish
from weimin_wishes.wishes.models import Wish

Relation = Literal["claimed", "submitted"]
#: A person's own list is short; the newest this many are shown.
MY_WISHES_LIMIT = 100


class MyWish(BaseModel):
    card: WallWish
    #: The wish's own state (`claim_pending` included, which the public card shows as claimed).
    state: str
    i_claimed: bool
    i_submitted: bool
    claim_deadline_at: datetime | None
    fulfilled_at: datetime | None
    service_minutes: int | None
    confirmed_at: datetime | None
    rating: int | None
    thanks_message: str | None
    rejection_reason: str | None
    updated_at: datetime


def my_wish(wish: Wish, subject: str, base_url: str) -> MyWish:
    return MyWish(
        card=public_card(wish, base_url),
        state=wish.state,
        i_claimed=wish.claimer_id == subject,
        i_submitted=wish.submitted_by == subject,
        claim_deadline_at=wish.claim_deadline_at,
        fulfilled_at=wish.fulfilled_at,
        service_minutes=wish.service_minutes,
        confirmed_at=wish.confirmed_at,
        rating=wish.rating,
        thanks_message=wish.thanks_message,
        rejection_reason=wish.rejection_reason,
        updated_at=wish.updated_at,
    )


async def my_wishes(
    session: AsyncSession, principal: Principal, relation: Relation, base_url: str
) -> list[MyWish]:
    column = Wish.claimer_id if relation == "claimed" else Wish.submitted_by
    statement = (
        select(Wish)
        .where(column == principal.subject)
        .order_by(Wish.updated_at.desc(), Wish.id.desc())
        .limit(MY_WISHES_LIMIT)
    )
    rows = (await session.scalars(statement)).all()
    return [my_wish(wish, principal.subject, base_url) for wish in rows]


async def my_wish_by_id(
    session: AsyncSession, principal: Principal, wish_id: uuid.UUID, base_url: str
) -> MyWish | None:
    """The wish when the caller claimed or submitted it, else None (a stranger's is not theirs)."""
    wish = await session.get(Wish, wish_id)
    if wish is None or principal.subject not in (wish.claimer_id, wish.submitted_by):
        return None
    return my_wish(wish, principal.subject, base_url)
