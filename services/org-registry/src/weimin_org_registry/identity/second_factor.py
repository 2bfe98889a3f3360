"""The TOTP second factor (RFC 6238, 30 s steps, 6 digits): enrolment, recovery codes,
the sign-in challenge, and checking a code exactly once.

Accounts that can reveal or export personal data or administer accounts need it for those
actions (the kit's `second_factor_roles`); any account may enrol. The secret is kept
encrypted with the field cipher; a code is accepted one step either side of now, and never
for a step at or before the last one accepted, so a seen code cannot be replayed.
"""

import hashlib
import hmac
import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

import pyotp
import segno
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.errors import Conflict, InvalidInput
from weimin_kit.pii.crypto import FieldCipher
from weimin_org_registry.config import Settings
from weimin_org_registry.identity import second_factor_repository as repository
from weimin_org_registry.identity.models import (
    Account,
    RecoveryCode,
    SecondFactor,
    SignInChallenge,
)

SECRET_CONTEXT = "second_factors.secret"  # noqa: S105 - the cipher context, not a secret
STEP_SECONDS = 30
DIGITS = 6
# Base32 without the look-alikes a person would mistype from a printout.
_RECOVERY_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"


class SecondFactorAlreadyEnabled(Conflict):
    code = "second-factor-already-enabled"
    title = "This account already has a second factor; ask a manager to reset it"
    title_zh = "该账号已绑定第二因素；如需重置请联系管理员"


class NoEnrolmentStarted(Conflict):
    code = "second-factor-not-started"
    title = "Start the enrolment first"
    title_zh = "请先开始绑定"


class WrongEnrolmentCode(InvalidInput):
    code = "second-factor-code-wrong"
    title = "The code does not match the authenticator's secret"
    title_zh = "验证码与身份验证器的密钥不符"


@dataclass(frozen=True, slots=True)
class Enrolment:
    secret: str
    otpauth_uri: str
    qr_svg: str


def hash_token(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


async def status(session: AsyncSession, account_id: uuid.UUID) -> bool:
    """Whether the account has a confirmed second factor."""
    factor = await repository.factor(session, account_id)
    return factor is not None and factor.confirmed_at is not None


async def start_enrolment(
    session: AsyncSession, cipher: FieldCipher, settings: Settings, account: Account, now: datetime
) -> Enrolment:
    """A new secret for the account (replacing an unconfirmed one), and how to show it."""
    factor = await repository.factor(session, account.id, for_update=True)
    if factor is not None and factor.confirmed_at is not None:
        raise SecondFactorAlreadyEnabled()
    secret = pyotp.random_base32()  # 160 bits
    sealed = cipher.encrypt(secret, context=SECRET_CONTEXT)
    if factor is None:
        session.add(
            SecondFactor(account_id=account.id, secret=sealed, created_at=now, updated_at=now)
        )
    else:
        factor.secret, factor.last_step, factor.updated_at = sealed, None, now
    await session.flush()
    uri = pyotp.TOTP(secret, digits=DIGITS, interval=STEP_SECONDS).provisioning_uri(
        name=account.username, issuer_name=settings.totp_issuer
    )
    svg = segno.make(uri, error="m").svg_inline(scale=4)
    return Enrolment(secret=secret, otpauth_uri=uri, qr_svg=svg)


async def confirm_enrolment(
    session: AsyncSession,
    cipher: FieldCipher,
    settings: Settings,
    account: Account,
    code: str,
    now: datetime,
) -> list[str]:
    """Turn the factor on with a first good code; the recovery codes, shown this once."""
    factor = await repository.factor(session, account.id, for_update=True)
    if factor is None:
        raise NoEnrolmentStarted()
    if factor.confirmed_at is not None:
        raise SecondFactorAlreadyEnabled()
    if not _accept_totp(cipher, factor, code, now):
        raise WrongEnrolmentCode(
            "The code does not match; check the authenticator's clock and try the next code",
            errors=[{"field": "body.code", "reason": "does not match", "code": "wrong"}],
        )
    factor.confirmed_at = now
    factor.updated_at = now
    codes = [_recovery_code() for _ in range(settings.recovery_code_count)]
    await repository.replace_recovery_codes(
        session,
        account.id,
        [
            RecoveryCode(account_id=account.id, code_hash=hash_token(c), created_at=now)
            for c in codes
        ],
    )
    await session.flush()
    return [f"{c[:5]}-{c[5:]}" for c in codes]


async def reset(session: AsyncSession, account_id: uuid.UUID) -> None:
    """Forget the account's factor and recovery codes (a lost phone); it enrols again."""
    await repository.delete_factor(session, account_id)


async def verify(
    session: AsyncSession, cipher: FieldCipher, account_id: uuid.UUID, code: str, now: datetime
) -> bool:
    """A current TOTP code not used before, or an unused recovery code (used up now)."""
    factor = await repository.factor(session, account_id, for_update=True)
    if factor is None or factor.confirmed_at is None:
        return False
    if _accept_totp(cipher, factor, code, now):
        factor.updated_at = now
        return True
    normalised = "".join(code.split()).replace("-", "").lower()
    if len(normalised) != 10:
        return False
    return await repository.use_recovery_code(session, account_id, hash_token(normalised), now)


async def open_challenge(
    session: AsyncSession, settings: Settings, account: Account, client: str, now: datetime
) -> str:
    token = secrets.token_urlsafe(32)
    session.add(
        SignInChallenge(
            token_hash=hash_token(token),
            account_id=account.id,
            client_address=client,
            attempts=0,
            expires_at=now + timedelta(seconds=settings.second_factor_challenge_seconds),
            created_at=now,
        )
    )
    await session.flush()
    return token


async def live_challenge(
    session: AsyncSession, settings: Settings, token: str, now: datetime
) -> SignInChallenge | None:
    """The challenge while unused, unexpired and with attempts left, else None."""
    challenge = await repository.challenge_by_hash(session, hash_token(token))
    if (
        challenge is None
        or challenge.used_at is not None
        or challenge.expires_at <= now
        or challenge.attempts >= settings.second_factor_max_attempts
    ):
        return None
    return challenge


async def claim_challenge(session: AsyncSession, challenge_id: uuid.UUID, now: datetime) -> bool:
    return await repository.claim_challenge(session, challenge_id, now)


def _accept_totp(cipher: FieldCipher, factor: SecondFactor, code: str, now: datetime) -> bool:
    code = "".join(code.split())
    if len(code) != DIGITS or not code.isdigit():
        return False
    totp = pyotp.TOTP(
        cipher.decrypt(factor.secret, context=SECRET_CONTEXT), digits=DIGITS, interval=STEP_SECONDS
    )
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if factor.last_step is not None and step <= factor.last_step:
            continue  # that code, or an older one, was used already
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            factor.last_step = step
            return True
    return False


def _recovery_code() -> str:
    return "".join(secrets.choice(_RECOVERY_ALPHABET) for _ in range(10))  # ~49 bits
