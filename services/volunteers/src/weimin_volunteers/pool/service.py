"""Each community's pool of reporting party members (在职党员到社区报到): who the community
can call on beyond its registered volunteers. Filled from org-registry's `member.reported`
events; staff see their communities' pools like their volunteers (outside scope: absent)."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import MemberReported
from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers.pool import repository
from weimin_volunteers.pool.models import CommunityPoolMember
from weimin_volunteers.pool.schemas import PoolMemberRead


async def join_pool(session: AsyncSession, report: MemberReported, now: datetime) -> None:
    """One row per member: a repeated report changes nothing, a report to another
    community moves the member there (the latest report applied wins)."""
    member = await repository.pool_member(session, report.member_id)
    if member is None:
        session.add(
            CommunityPoolMember(
                member_id=report.member_id,
                person_id=report.person_id,
                account_id=report.account_id,
                street_id=report.street_id,
                community_id=report.community_id,
                pledge_areas=report.pledge_areas,
                report_id=report.report_id,
                joined_at=now,
                updated_at=now,
            )
        )
        await session.flush()
        return
    if member.report_id == report.report_id:
        return
    if member.community_id != report.community_id:
        member.joined_at = now
    member.person_id = report.person_id
    member.account_id = report.account_id or member.account_id
    member.street_id = report.street_id
    member.community_id = report.community_id
    member.pledge_areas = report.pledge_areas
    member.report_id = report.report_id
    member.updated_at = now
    await session.flush()


async def list_pool(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    community_id: uuid.UUID | None,
) -> Page[PoolMemberRead]:
    statement = repository.pool_visible_to(principal)
    if community_id is not None:
        statement = statement.where(CommunityPoolMember.community_id == community_id)
    rows: Page[CommunityPoolMember] = await paginate(
        session, statement, CommunityPoolMember.id, page, lambda m: m, parse_key=uuid.UUID
    )
    accounts = [m.account_id for m in rows.items if m.account_id is not None]
    volunteers = await repository.volunteers_of_accounts(session, accounts)
    return Page[PoolMemberRead](
        items=[
            PoolMemberRead(
                id=m.id,
                member_id=m.member_id,
                person_id=m.person_id,
                account_id=m.account_id,
                street_id=m.street_id,
                community_id=m.community_id,
                pledge_areas=list(m.pledge_areas),
                volunteer_id=None if m.account_id is None else volunteers.get(m.account_id),
                joined_at=m.joined_at,
                updated_at=m.updated_at,
            )
            for m in rows.items
        ],
        next_cursor=rows.next_cursor,
    )
