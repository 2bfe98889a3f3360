"""A wish was fulfilled (wishes' `wish.fulfilled`): when the claimer is a volunteer, the
time they reported is credited to their hours, once per wish (ledger key `wish:<id>`).

A fulfilment that does not say how long it took gets a line of 0 minutes marked not
reported: the ledger says the wish was done and that its time is unknown, and credits none.
"""

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import WishFulfilled
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_volunteers.hours import repository as ledger
from weimin_volunteers.hours.service import credit

RECORDED_BY = "service:wishes"


def on_wish_fulfilled(
    app: FastAPI,
) -> Callable[[AsyncSession, WishFulfilled, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, wish: WishFulfilled, event: CloudEvent) -> None:
        try:
            account_id = uuid.UUID(wish.claimer_id)
        except ValueError:
            return  # an organisation or a device, not an account a volunteer signs in with
        key = f"wish:{wish.wish_id}"
        found = await ledger.volunteer_to_credit(session, account_id, key)
        if found is None:
            return  # the claimer is not a volunteer: nothing to credit
        volunteer_id, credited = found
        if credited:
            return  # credited already (another delivery, or a re-sent event)
        reported = wish.service_minutes is not None
        await credit(
            session,
            volunteer_id=volunteer_id,
            minutes=wish.service_minutes or 0,
            kind="wish",
            reason=f"wish: {wish.wish_id}" + ("" if reported else " (time not reported)"),
            recorded_by=RECORDED_BY,
            now=now_of(app),
            credit_key=key,
            minutes_reported=reported,
        )

    return apply
