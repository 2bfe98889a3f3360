"""A wish was fulfilled: when its claimer is a party member who has reported to their home
community, the service counts on that report.

The claimer is known by account id. The account may belong to no person here (a
volunteer's or resident's login), or to a person who is no reporting member: then
nothing happens, and the volunteers service credits a volunteer claimer's hours itself.
"""

import uuid
from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import WishFulfilled
from weimin_kit.clock import Clock
from weimin_kit.events.envelope import CloudEvent
from weimin_org_registry.members import repository
from weimin_org_registry.members.services_done import record_wish_service


def _account_id(claimer_id: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(claimer_id)
    except ValueError:
        return None  # not an account this registry issues (e.g. a partner's client id)


def on_wish_fulfilled(
    app: FastAPI,
) -> Callable[[AsyncSession, WishFulfilled, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, wish: WishFulfilled, event: CloudEvent) -> None:
        account_id = _account_id(wish.claimer_id)
        if account_id is None:
            return
        report = await repository.report_of_account(session, account_id)
        if report is None:
            return  # not a member who has reported to a community
        clock: Clock = app.state.clock  # read per event: tests move it
        now = clock()
        await record_wish_service(
            session,
            report,
            wish_id=wish.wish_id,
            claim_id=wish.claim_id,
            community_id=wish.community_id,
            claimer_type=wish.claimer_type,
            # As reported; None stays None: the report says "not reported", never a guess.
            minutes=wish.service_minutes,
            fulfilled_at=event.time or now,
            now=now,
        )

    return apply
