import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_volunteers.pool.models import CommunityPoolMember
from weimin_volunteers.registry.models import Volunteer
from weimin_volunteers.scope import scope_condition


async def pool_member(session: AsyncSession, member_id: uuid.UUID) -> CommunityPoolMember | None:
    return await session.scalar(
        select(CommunityPoolMember).where(CommunityPoolMember.member_id == member_id)
    )


def pool_visible_to(principal: Principal) -> Select[CommunityPoolMember]:
    condition = scope_condition(
        principal, street=CommunityPoolMember.street_id, community=CommunityPoolMember.community_id
    )
    statement = select(CommunityPoolMember)
    return statement if condition is None else statement.where(condition)


async def volunteers_of_accounts(
    session: AsyncSession, account_ids: Sequence[uuid.UUID]
) -> dict[uuid.UUID, uuid.UUID]:
    """account id -> volunteer id, for the accounts that have a volunteer record."""
    if not account_ids:
        return {}
    rows = await session.execute(
        select(Volunteer.account_id, Volunteer.id).where(Volunteer.account_id.in_(account_ids))
    )
    return {account: volunteer for account, volunteer in rows.all() if account is not None}
