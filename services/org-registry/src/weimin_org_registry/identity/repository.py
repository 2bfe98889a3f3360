"""Every query on accounts and refresh tokens."""

import uuid
from datetime import datetime

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    cast,
    delete,
    false,
    or_,
    select,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute

from weimin_kit.auth import Principal
from weimin_org_registry.identity.models import (
    Account,
    LoginThrottle,
    PhoneCode,
    RefreshToken,
    SignInEvent,
)
from weimin_org_registry.members.models import PartyMember
from weimin_org_registry.people.models import Person


async def active_password_hashes(session: AsyncSession, usernames: list[str]) -> dict[str, str]:
    rows = await session.execute(
        select(Account.username, Account.password_hash).where(
            Account.username.in_(usernames), Account.status == "active"
        )
    )
    return {username: password_hash for username, password_hash in rows.all()}


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
    return _placed_in_scope(principal, Account.street_id, Account.community_id)


def _placed_in_scope(
    principal: Principal,
    street: InstrumentedAttribute[uuid.UUID | None],
    community: InstrumentedAttribute[uuid.UUID | None],
) -> ColumnElement[bool]:
    streets = [uuid.UUID(s) for s in principal.scope_ids("street")]
    communities = [uuid.UUID(c) for c in principal.scope_ids("community")]
    conditions: list[ColumnElement[bool]] = []
    if streets:
        conditions.append(street.in_(streets))
    if communities:
        conditions.append(community.in_(communities))
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


async def throttles(session: AsyncSession, keys: list[tuple[str, str]]) -> list[LoginThrottle]:
    statement = select(LoginThrottle).where(tuple_(LoginThrottle.kind, LoginThrottle.key).in_(keys))
    return list(await session.scalars(statement))


async def claim_throttles(
    session: AsyncSession, keys: list[tuple[str, str]], now: datetime
) -> list[LoginThrottle]:
    """The counters of `keys`, created when missing, locked (on PostgreSQL; SQLite's
    BEGIN IMMEDIATE serialises writers) so concurrent failures in any process all count.
    Creation ignores a row another process made first."""
    dialect = (await session.connection()).dialect.name
    insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
    await session.execute(
        insert(LoginThrottle)
        .values(
            [
                {"kind": kind, "key": key, "failures": 0, "window_start": now, "updated_at": now}
                for kind, key in keys
            ]
        )
        .on_conflict_do_nothing(index_elements=["kind", "key"])
    )
    statement = (
        select(LoginThrottle)
        .where(tuple_(LoginThrottle.kind, LoginThrottle.key).in_(keys))
        .order_by(LoginThrottle.kind, LoginThrottle.key)  # one lock order: no deadlocks
        .with_for_update()
        .execution_options(populate_existing=True)
    )
    return list(await session.scalars(statement))


async def forget_stale_throttles(session: AsyncSession, before: datetime, now: datetime) -> None:
    """Delete up to 100 counters untouched since `before` and not holding anyone back:
    counting would restart them anyway, and usernames typed by attackers do not pile up."""
    stale = (
        select(LoginThrottle.kind, LoginThrottle.key)
        .where(
            LoginThrottle.updated_at < before,
            or_(LoginThrottle.blocked_until.is_(None), LoginThrottle.blocked_until <= now),
        )
        .limit(100)
    )
    await session.execute(
        delete(LoginThrottle).where(tuple_(LoginThrottle.kind, LoginThrottle.key).in_(stale))
    )


async def delete_throttles(session: AsyncSession, keys: list[tuple[str, str]]) -> None:
    await session.execute(
        delete(LoginThrottle).where(tuple_(LoginThrottle.kind, LoginThrottle.key).in_(keys))
    )


async def signed_in_from(
    session: AsyncSession, username: str, client: str, since: datetime
) -> bool:
    """Whether `username` completed a sign-in from `client` since `since`."""
    found = await session.scalar(
        select(SignInEvent.id)
        .where(
            SignInEvent.username == username,
            SignInEvent.client_address == client,
            SignInEvent.outcome.in_(("success", "second-factor-success")),
            SignInEvent.at >= since,
        )
        .limit(1)
    )
    return found is not None


def sign_in_events_query(
    principal: Principal,
    account_id: uuid.UUID | None,
    username: str | None,
    outcome: str | None,
) -> Select[SignInEvent]:
    """Admins see every event (unknown usernames too); secretaries those of the accounts
    placed in their scope."""
    statement = select(SignInEvent)
    if not principal.is_admin:
        statement = statement.where(
            _placed_in_scope(principal, SignInEvent.street_id, SignInEvent.community_id)
        )
    if account_id is not None:
        statement = statement.where(SignInEvent.account_id == account_id)
    if username is not None:
        statement = statement.where(SignInEvent.username == username.lower())
    if outcome is not None:
        statement = statement.where(SignInEvent.outcome == outcome)
    return statement


async def account_by_phone_index(session: AsyncSession, phone_index: str) -> Account | None:
    return await session.scalar(select(Account).where(Account.phone_index == phone_index))


async def username_taken(session: AsyncSession, username: str) -> bool:
    return (
        await session.scalar(select(Account.id).where(Account.username == username))
    ) is not None


async def phone_codes_since(
    session: AsyncSession,
    *,
    phone_index: str | None = None,
    client: str | None = None,
    since: datetime,
) -> list[datetime]:
    """When codes were sent to a number (or asked from an address) since `since`."""
    statement = select(PhoneCode.created_at).where(PhoneCode.created_at > since)
    if phone_index is not None:
        statement = statement.where(PhoneCode.phone_index == phone_index)
    if client is not None:
        statement = statement.where(PhoneCode.client_address == client)
    return list((await session.scalars(statement)).all())


async def latest_phone_code(
    session: AsyncSession, phone_index: str, purpose: str
) -> PhoneCode | None:
    """The number's newest code for `purpose`: only the last one sent counts."""
    return await session.scalar(
        select(PhoneCode)
        .where(PhoneCode.phone_index == phone_index, PhoneCode.purpose == purpose)
        .order_by(PhoneCode.created_at.desc(), PhoneCode.id.desc())
        .limit(1)
    )


async def count_phone_code_attempt(session: AsyncSession, code_id: uuid.UUID) -> None:
    await session.execute(
        update(PhoneCode).where(PhoneCode.id == code_id).values(attempts=PhoneCode.attempts + 1)
    )


async def claim_phone_code(session: AsyncSession, code_id: uuid.UUID, now: datetime) -> bool:
    """Mark the code used, in one UPDATE: two requests with it cannot both pass."""
    result = await session.execute(
        update(PhoneCode)
        .where(PhoneCode.id == code_id, PhoneCode.used_at.is_(None))
        .values(used_at=now)
    )
    return bool(getattr(result, "rowcount", 0) == 1)


async def party_member_by_phone_index(
    session: AsyncSession, people_phone_index: str
) -> Person | None:
    """The person holding this number who is a party member (the newest such record)."""
    return await session.scalar(
        select(Person)
        .join(PartyMember, PartyMember.person_id == Person.id)
        .where(Person.phone_index == people_phone_index)
        .order_by(Person.created_at.desc())
        .limit(1)
    )
