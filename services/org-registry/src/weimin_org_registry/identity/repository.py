"""Every query on accounts and refresh tokens."""

import uuid
from datetime import datetime

from sqlalchemy import ColumnElement, Select, String, cast, false, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.identity.models import Account, RefreshToken


async def account_by_username(
    session: AsyncSession, username: str, *, for_update: bool = False
) -> Account | None:
    statement = select(Account).where(Account.username == username.lower())
    # Sign-in locks the row on PostgreSQL so concurrent failures all count towards the
    # lockout; SQLite's BEGIN IMMEDIATE already serialises writers.
    return await session.scalar(statement.with_for_update() if for_update else statement)


async def account_by_id(session: AsyncSession, account_id: uuid.UUID) -> Account | None:
    return await session.get(Account, account_id)


async def first_admin(session: AsyncSession) -> Account | None:
    # Roles are a JSON list of fixed words; '"admin"' in its text form cannot match any
    # other role, and the text form is the same on SQLite and PostgreSQL.
    return await session.scalar(
        select(Account)
        .where(cast(Account.roles, String).like('%"admin"%'))
        .order_by(Account.created_at, Account.id)
        .limit(1)
    )


def visible_accounts_filter(principal: Principal) -> ColumnElement[bool]:
    if principal.is_admin:
        return Account.id.is_not(None)
    streets = [uuid.UUID(s) for s in principal.scope_ids("street")]
    communities = [uuid.UUID(c) for c in principal.scope_ids("community")]
    conditions: list[ColumnElement[bool]] = []
    if streets:
        conditions.append(Account.street_id.in_(streets))
    if communities:
        conditions.append(Account.community_id.in_(communities))
    return or_(*conditions) if conditions else false()


def accounts_query(principal: Principal, q: str | None, role: str | None) -> Select[Account]:
    statement = select(Account).where(visible_accounts_filter(principal))
    if q:
        statement = statement.where(
            or_(
                Account.username.contains(q.lower(), autoescape=True),
                Account.display_name.contains(q, autoescape=True),
            )
        )
    if role:
        statement = statement.where(cast(Account.roles, String).like(f'%"{role}"%'))
    return statement


async def refresh_token_by_hash(session: AsyncSession, token_hash: str) -> RefreshToken | None:
    return await session.scalar(select(RefreshToken).where(RefreshToken.token_hash == token_hash))


async def mark_used(session: AsyncSession, token_id: uuid.UUID, now: datetime) -> bool:
    """Claim a refresh token for rotation; False when someone else used it first."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.id == token_id, RefreshToken.used_at.is_(None))
        .values(used_at=now, updated_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def revoke_family(session: AsyncSession, family_id: uuid.UUID, now: datetime) -> bool:
    """Revoke one sign-in; False when it was revoked already."""
    result = await session.execute(
        update(RefreshToken)
        .where(RefreshToken.family_id == family_id, RefreshToken.revoked_at.is_(None))
        .values(revoked_at=now, updated_at=now)
    )
    return bool(getattr(result, "rowcount", 0))


async def revoke_account_families(
    session: AsyncSession,
    account_id: uuid.UUID,
    now: datetime,
    keep_family: uuid.UUID | None = None,
) -> set[uuid.UUID]:
    """Revoke every live session of an account (but `keep_family`); the ones that were live."""
    live = (RefreshToken.account_id == account_id) & RefreshToken.revoked_at.is_(None)
    if keep_family is not None:
        live = live & (RefreshToken.family_id != keep_family)
    families = set(await session.scalars(select(RefreshToken.family_id).where(live)))
    await session.execute(update(RefreshToken).where(live).values(revoked_at=now, updated_at=now))
    return families
