"""A party member reported to their home community (org-registry's `member.reported`):
they join that community's volunteer pool (one row per member)."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import MemberReported
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_volunteers.pool.service import join_pool


def on_member_reported(
    app: FastAPI,
) -> Callable[[AsyncSession, MemberReported, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, report: MemberReported, event: CloudEvent) -> None:
        await join_pool(session, report, now_of(app))

    return apply
