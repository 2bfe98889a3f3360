"""Every query on the claimer pool."""

import uuid

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_wishes.pool.models import PoolMember
from weimin_wishes.scope import scope_condition


async def by_member(session: AsyncSession, member_id: uuid.UUID) -> PoolMember | None:
    return await session.scalar(select(PoolMember).where(PoolMember.member_id == member_id))


async def account_in_pool(session: AsyncSession, community_id: uuid.UUID, subject: str) -> bool:
    """Whether the signed-in account is a member reported to this community."""
    try:
        account_id = uuid.UUID(subject)
    except ValueError:
        return False  # not an org-registry account (a test or partner subject)
    found = await session.scalar(
        select(PoolMember.id)
        .where(PoolMember.community_id == community_id, PoolMember.account_id == account_id)
        .limit(1)
    )
    return found is not None


def pool_in_scope(principal: Principal, community_id: uuid.UUID | None) -> Select[PoolMember]:
    statement = select(PoolMember)
    condition = scope_condition(
        principal, street=PoolMember.street_id, community=PoolMember.community_id
    )
    if condition is not None:
        statement = statement.where(condition)
    if community_id is not None:
        statement = statement.where(PoolMember.community_id == community_id)
    return statement
