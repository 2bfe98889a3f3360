"""Signing in, refreshing and signing out.

Failures that change state (a failed-attempt count, a lockout, a family revoked on reuse)
must survive the error response: the routes commit before re-raising these problems.
"""

import hashlib
import math
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import RevocationReason
from weimin_kit.errors import Forbidden, Problem, Unauthenticated
from weimin_kit.ids import new_id
from weimin_org_registry.identity import repository, revocation
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.identity.models import Account, RefreshToken
from weimin_org_registry.identity.schemas import TokenResponse


class InvalidCredentials(Unauthenticated):
    code = "invalid-credentials"
    title = "Wrong username or password"


class AccountLocked(Problem):
    status_code = 423
    code = "account-locked"
    title = "Account locked after too many failed sign-ins"

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(
            f"Too many failed sign-ins; try again in {retry_after_seconds} s",
            headers={"Retry-After": str(retry_after_seconds)},
            extra={"retry_after": retry_after_seconds},
        )


class AccountDisabled(Forbidden):
    code = "account-disabled"
    title = "This account is disabled"


class InvalidRefreshToken(Unauthenticated):
    code = "invalid-refresh-token"
    title = "Refresh token expired, revoked or unknown; sign in again"


class RefreshTokenReused(Unauthenticated):
    code = "refresh-token-reused"
    title = "Refresh token used twice; every session of that sign-in is revoked"


def hash_refresh_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


async def login(
    session: AsyncSession,
    identity: Identity,
    username: str,
    password: str,
    client_ip: str,
    now: datetime,
) -> TokenResponse:
    settings = identity.settings
    identity.login_limiter.check_and_hit(
        [f"ip:{client_ip}", f"user:{username.lower()}"], now.timestamp()
    )
    account = await repository.account_by_username(session, username, for_update=True)
    if account is not None and account.locked_until is not None and account.locked_until > now:
        raise AccountLocked(_seconds_until(account.locked_until, now))
    valid = await identity.passwords.verify(account.password_hash if account else None, password)
    if account is None:
        raise InvalidCredentials()
    if not valid:
        account.failed_login_count += 1
        account.updated_at = now
        if account.failed_login_count >= settings.login_max_failures:
            account.failed_login_count = 0
            account.locked_until = now + timedelta(minutes=settings.lockout_minutes)
            raise AccountLocked(settings.lockout_minutes * 60)
        raise InvalidCredentials()
    if account.status != "active":
        raise AccountDisabled()
    account.failed_login_count = 0
    account.locked_until = None
    if identity.passwords.needs_rehash(account.password_hash):
        account.password_hash = await identity.passwords.hash(password)
    account.updated_at = now
    return await issue_tokens(session, identity, account, new_id(), now)


async def refresh(
    session: AsyncSession, identity: Identity, token: str, now: datetime
) -> TokenResponse:
    row = await repository.refresh_token_by_hash(session, hash_refresh_token(token))
    if row is None or row.revoked_at is not None or row.expires_at <= now:
        raise InvalidRefreshToken()
    # Checked and claimed in one UPDATE, so two racing refreshes cannot both win.
    if row.used_at is not None or not await repository.mark_used(session, row.id, now):
        # Somebody holds a copy: the access tokens of this sign-in go too, the thief's and
        # the owner's alike.
        await _revoke_family(session, identity, row, "refresh-token-reused", now)
        raise RefreshTokenReused()
    account = await repository.account_by_id(session, row.account_id)
    if account is None or account.status != "active":
        await _revoke_family(session, identity, row, "account-disabled", now)
        raise InvalidRefreshToken()
    return await issue_tokens(session, identity, account, row.family_id, now)


async def logout(session: AsyncSession, identity: Identity, token: str, now: datetime) -> None:
    """Revoke the sign-in the token belongs to, its access tokens included; an unknown
    token is already signed out."""
    row = await repository.refresh_token_by_hash(session, hash_refresh_token(token))
    if row is not None:
        await _revoke_family(session, identity, row, "logout", now)


async def _revoke_family(
    session: AsyncSession,
    identity: Identity,
    row: RefreshToken,
    reason: RevocationReason,
    now: datetime,
) -> None:
    if await repository.revoke_family(session, row.family_id, now):
        await revocation.announce(
            session,
            account_id=row.account_id,
            session_ids=[row.family_id],
            reason=reason,
            now=now,
            keep_seconds=identity.settings.revocation_keep_seconds,
        )


async def issue_tokens(
    session: AsyncSession,
    identity: Identity,
    account: Account,
    family_id: uuid.UUID,
    now: datetime,
) -> TokenResponse:
    settings = identity.settings
    refresh_token = secrets.token_urlsafe(32)  # 256 bits
    session.add(
        RefreshToken(
            account_id=account.id,
            family_id=family_id,
            token_hash=hash_refresh_token(refresh_token),
            expires_at=now + timedelta(seconds=settings.refresh_token_ttl_seconds),
            created_at=now,
            updated_at=now,
        )
    )
    issued_at = int(now.timestamp())
    access_token, _ = await identity.signer.sign(
        session,
        {
            "iss": settings.jwt_issuer,
            "aud": settings.jwt_audience,
            "sub": str(account.id),
            "iat": issued_at,
            "exp": issued_at + settings.access_token_ttl_seconds,
            "jti": uuid.uuid4().hex,
            "sid": str(family_id),
            "typ": "access",
            "roles": list(account.roles),
            "scopes": list(account.scopes),
            "name": account.display_name,
        },
    )
    await session.flush()
    return TokenResponse(
        access_token=access_token,
        expires_in=settings.access_token_ttl_seconds,
        refresh_token=refresh_token,
        refresh_expires_in=settings.refresh_token_ttl_seconds,
    )


def _seconds_until(moment: datetime, now: datetime) -> int:
    return max(1, math.ceil((moment - now).total_seconds()))
