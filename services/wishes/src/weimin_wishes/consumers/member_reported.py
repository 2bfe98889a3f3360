"""A party member reported to their home community: they join its wish-claimer pool."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import MemberReported
from weimin_kit.clock import app_clock
from weimin_kit.events.envelope import CloudEvent
from weimin_wishes.pool.service import join_pool


def on_member_reported(
    app: FastAPI,
) -> Callable[[AsyncSession, MemberReported, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, report: MemberReported, event: CloudEvent) -> None:
        await join_pool(
            session,
            member_id=report.member_id,
            report_id=report.report_id,
            street_id=report.street_id,
            community_id=report.community_id,
            account_id=report.account_id,
            pledge_areas=sorted(set(report.pledge_areas)),
            now=app_clock(app)(),
        )

    return apply
