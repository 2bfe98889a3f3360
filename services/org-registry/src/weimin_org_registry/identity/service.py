"""Signing in (password, then a second factor where enrolled), refreshing, signing out.

Failures that change state (a throttle count, an audit entry, a spent challenge, a family
revoked on reuse) must survive the error response: the routes commit before re-raising.
"""

import hashlib
import secrets
import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import RevocationReason
from weimin_kit.auth import Principal
from weimin_kit.errors import Forbidden, Unauthenticated
from weimin_kit.ids import new_id
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.pii import is_valid_mobile, validate_mobile
from weimin_org_registry.identity import repository, revocation, second_factor, throttle
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.identity.models import Account, RefreshToken, SignInEvent
from weimin_org_registry.identity.schemas import SignInEventRead, SignInOutcome, TokenResponse

PASSWORD_ONLY = ["pwd"]
WITH_SECOND_FACTOR = ["pwd", "otp"]


class InvalidCredentials(Unauthenticated):
    code = "invalid-credentials"
    title = "Wrong username or password"
    title_zh = "用户名或密码错误"


class SecondFactorNeeded(Unauthenticated):
    """The password was right; finish at /v1/auth/second-factor with the challenge."""

    code = "second-factor-required"
    title = "Enter the code from your authenticator app"
    title_zh = "请输入身份验证器中的验证码"

    def __init__(self, challenge: str, expires_in: int) -> None:
        super().__init__(
            "The password is right; send the 6-digit code (or a recovery code) with this "
            "challenge to /v1/auth/second-factor",
            extra={"challenge": challenge, "challenge_expires_in": expires_in},
        )


class InvalidChallenge(Unauthenticated):
    code = "invalid-second-factor-challenge"
    title = "Sign-in challenge expired, used or unknown; sign in again"
    title_zh = "登录验证已过期、已使用或无效，请重新登录"


class InvalidSecondFactorCode(Unauthenticated):
    code = "invalid-second-factor-code"
    title = "Wrong or already used code"
    title_zh = "验证码错误或已使用"


class AccountDisabled(Forbidden):
    code = "account-disabled"
    title = "This account is disabled"
    title_zh = "该账号已停用"


class InvalidRefreshToken(Unauthenticated):
    code = "invalid-refresh-token"
    title = "Refresh token expired, revoked or unknown; sign in again"
    title_zh = "刷新令牌已过期、已撤销或无效，请重新登录"


class RefreshTokenReused(Unauthenticated):
    code = "refresh-token-reused"
    title = "Refresh token used twice; every session of that sign-in is revoked"
    title_zh = "刷新令牌被重复使用，该次登录的所有会话已撤销"


#: The account the login page suggests trying when the platform runs the demo city, and
#: the other demo accounts that show it is one (see demo_grid_worker).
DEMO_GRID_WORKER = "grid001"
_OTHER_DEMO_ACCOUNTS = ("community01", "street01", "volunteer01")


async def demo_grid_worker(session: AsyncSession) -> str | None:
    """`grid001` when this platform runs the demo city, else None.

    The demo loader hashes the shared demo password once for all its accounts (demo.py), so
    their stored hash strings are identical, which Argon2's random salt never makes of two
    passwords set any other way. `grid001` still holding the same hash string as another
    demo account therefore means: the demo city, with grid001's demo password unchanged.
    The app itself never loads the city generator to tell."""
    hashes = await repository.active_password_hashes(
        session, [DEMO_GRID_WORKER, *_OTHER_DEMO_ACCOUNTS]
    )
    mine = hashes.pop(DEMO_GRID_WORKER, None)
    return DEMO_GRID_WORKER if mine is not None and mine in hashes.values() else None


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
    """An unknown username takes exactly the wrong-password path: the same queries, a
    dummy hash, the same throttle counts and the same answer."""
    settings = identity.settings
    attempt = throttle.Attempt(username.lower(), client_ip)
    known_since = now - timedelta(days=settings.login_known_client_days)
    known_client = await repository.signed_in_from(
        session, attempt.username, client_ip, known_since
    )
    await throttle.ensure_not_throttled(session, attempt, known_client, now)
    account = await repository.account_by_username(session, attempt.username)
    if account is None and is_valid_mobile(username):
        # A person who registered with a mobile number signs in with it (and a password
        # set by reset); the throttle keys stay the number as typed.
        index = identity.phone_vault.phone_index(validate_mobile(username))
        account = await repository.account_by_phone_index(session, index)
    valid = await identity.passwords.verify(account.password_hash if account else None, password)
    if account is None or not valid:
        wait = await throttle.record_failure(session, settings, attempt, now)
        _audit(session, attempt, account, "wrong-password", now, retry_after=wait)
        raise InvalidCredentials()
    if account.status != "active":
        _audit(session, attempt, account, "disabled", now)
        raise AccountDisabled()
    await throttle.record_success(session, attempt)
    if identity.passwords.needs_rehash(account.password_hash):
        account.password_hash = await identity.passwords.hash(password)
        account.updated_at = now
    if await second_factor.status(session, account.id):
        challenge = await second_factor.open_challenge(session, settings, account, client_ip, now)
        _audit(session, attempt, account, "second-factor-required", now)
        raise SecondFactorNeeded(challenge, settings.second_factor_challenge_seconds)
    _audit(session, attempt, account, "success", now)
    return await issue_tokens(session, identity, account, new_id(), now, PASSWORD_ONLY)


async def finish_with_second_factor(
    session: AsyncSession,
    identity: Identity,
    challenge_token: str,
    code: str,
    client_ip: str,
    now: datetime,
) -> TokenResponse:
    """The second step: a live challenge and a code (TOTP or recovery) of its account."""
    settings = identity.settings
    challenge = await second_factor.live_challenge(session, settings, challenge_token, now)
    if challenge is None:
        raise InvalidChallenge()
    account = await repository.account_by_id(session, challenge.account_id)
    if account is None or account.status != "active":
        raise InvalidChallenge()
    key = str(account.id)
    await throttle.ensure_second_factor_not_throttled(session, key, now)
    attempt = throttle.Attempt(account.username, client_ip)
    if not await second_factor.verify(session, identity.field_cipher, account.id, code, now):
        challenge.attempts += 1
        await throttle.record_second_factor_failure(session, settings, key, now)
        _audit(session, attempt, account, "second-factor-failure", now)
        raise InvalidSecondFactorCode()
    # Claimed in one UPDATE: the same challenge cannot finish two sign-ins.
    if not await second_factor.claim_challenge(session, challenge.id, now):
        raise InvalidChallenge()
    await throttle.record_second_factor_success(session, key)
    _audit(session, attempt, account, "second-factor-success", now)
    return await issue_tokens(session, identity, account, new_id(), now, WITH_SECOND_FACTOR)


async def enable_second_factor(
    session: AsyncSession, identity: Identity, account: Account, code: str, now: datetime
) -> tuple[list[str], TokenResponse]:
    """Confirm the enrolment; its recovery codes, and a new sign-in with both factors."""
    codes = await second_factor.confirm_enrolment(
        session, identity.field_cipher, identity.settings, account, code, now
    )
    tokens = await issue_tokens(session, identity, account, new_id(), now, WITH_SECOND_FACTOR)
    return codes, tokens


def _audit(
    session: AsyncSession,
    attempt: throttle.Attempt,
    account: Account | None,
    outcome: str,
    now: datetime,
    *,
    retry_after: int | None = None,
) -> None:
    session.add(
        SignInEvent(
            at=now,
            username=attempt.username[:64],
            account_id=account.id if account else None,
            street_id=account.street_id if account else None,
            community_id=account.community_id if account else None,
            client_address=attempt.client[:64],
            outcome=outcome,
            retry_after=retry_after,
        )
    )


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
    return await issue_tokens(session, identity, account, row.family_id, now, list(row.amr))


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
    amr: list[str],
) -> TokenResponse:
    """Tokens for a sign-in authenticated by `amr` ("pwd", "otp"), kept on every refresh."""
    settings = identity.settings
    refresh_token = secrets.token_urlsafe(32)  # 256 bits
    session.add(
        RefreshToken(
            account_id=account.id,
            family_id=family_id,
            token_hash=hash_refresh_token(refresh_token),
            amr=amr,
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
            "amr": amr,
        },
    )
    await session.flush()
    return TokenResponse(
        access_token=access_token,
        expires_in=settings.access_token_ttl_seconds,
        refresh_token=refresh_token,
        refresh_expires_in=settings.refresh_token_ttl_seconds,
    )


async def list_sign_in_events(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    account_id: uuid.UUID | None,
    username: str | None,
    outcome: SignInOutcome | None,
) -> Page[SignInEventRead]:
    """Newest first, as the caller's scope shows them."""
    return await paginate(
        session,
        repository.sign_in_events_query(principal, account_id, username, outcome),
        SignInEvent.id,
        page,
        SignInEventRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
