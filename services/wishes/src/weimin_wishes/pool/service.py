"""The wish-claimer pool: members who reported to a community join it (from org-registry's
`member.reported` event); a claim by one of them on that community's wishes is a member's
claim that needs no approval (see README, "Claimer pool")."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_wishes.pool import repository
from weimin_wishes.pool.models import PoolMember
from weimin_wishes.pool.schemas import PoolMemberRead


async def join_pool(
    session: AsyncSession,
    *,
    member_id: uuid.UUID,
    report_id: uuid.UUID,
    street_id: uuid.UUID,
    community_id: uuid.UUID,
    account_id: uuid.UUID | None,
    pledge_areas: list[str],
    now: datetime,
) -> PoolMember:
    """One row per member: a report told again (under another event id) refreshes the row
    and keeps the date they joined."""
    entry = await repository.by_member(session, member_id)
    if entry is None:
        entry = PoolMember(
            member_id=member_id,
            joined_at=now,
            created_at=now,
            report_id=report_id,
            street_id=street_id,
            community_id=community_id,
            account_id=account_id,
            pledge_areas=pledge_areas,
            updated_at=now,
        )
        session.add(entry)
    else:
        entry.report_id, entry.street_id, entry.community_id = report_id, street_id, community_id
        entry.account_id, entry.pledge_areas, entry.updated_at = account_id, pledge_areas, now
    await session.flush()
    return entry


async def list_pool(
    session: AsyncSession, principal: Principal, page: PageParams, community_id: uuid.UUID | None
) -> Page[PoolMemberRead]:
    return await paginate(
        session,
        repository.pool_in_scope(principal, community_id),
        PoolMember.id,
        page,
        PoolMemberRead.model_validate,
        parse_key=uuid.UUID,
    )
