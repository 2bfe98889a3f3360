"""Sign-up, sign-in and password reset with a mobile number and a one-time code.

A code is 6 random digits, sent by text message (`weimin_kit.sms`), kept only as a keyed
hash, good for `phone_code_ttl_seconds` (5 min), for `phone_code_max_attempts` (5) wrong
guesses and for one use; only the number's newest code of a purpose counts. Sending is
limited per number (one per `phone_code_interval_seconds`, `phone_code_hourly_per_phone`
an hour) and per client address (`phone_code_hourly_per_client` an hour). A code is never
logged: it exists in the text message (the outbox file or the provider) and nowhere else.

Whether a number has an account is told only to whoever proves they hold it (a right
code): asking for a code answers the same for any number.
"""

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from typing import Literal

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.errors import Conflict, InvalidInput, RateLimited, Unauthenticated
from weimin_kit.ids import new_id
from weimin_kit.pii import InvalidPhone, validate_mobile
from weimin_kit.sms import SmsSender
from weimin_org_registry.identity import repository, revocation
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.identity.models import Account, PhoneCode, SignInEvent
from weimin_org_registry.identity.passwords import check_password_policy
from weimin_org_registry.identity.protection import AccountsVault
from weimin_org_registry.identity.schemas import CodePurpose, TokenResponse
from weimin_org_registry.identity.service import AccountDisabled, issue_tokens
from weimin_org_registry.people.protection import PersonalDataVault as PeopleVault

SelfRole = Literal["resident", "volunteer", "member"]
PHONE_CODE = ["sms"]
CODE_DIGITS = 6

_MESSAGES = {
    "sign-in": "【{sig}】您的登录验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。",
    "register": "【{sig}】您的注册验证码是 {code}，{minutes} 分钟内有效。请勿告诉他人。",
    "reset-password": "【{sig}】您正在重设密码，验证码是 {code}，{minutes} 分钟内有效。"
    "如非本人操作请忽略。",
}


class PhoneCodeRateLimited(RateLimited):
    """429 with Retry-After: this number or this address asked for codes too often."""

    def __init__(self, retry_after_seconds: int) -> None:
        super().__init__(retry_after_seconds)


class InvalidPhoneCode(Unauthenticated):
    code = "invalid-phone-code"
    title = "Wrong or expired code; ask for a new one if it keeps failing"
    title_zh = "验证码错误或已过期，如多次失败请重新获取"

    @classmethod
    def on_field(cls) -> "InvalidPhoneCode":
        return cls(
            "body.code: wrong, expired, used or tried too often",
            detail_zh="body.code：验证码错误、已过期、已使用或尝试次数过多",
            errors=[
                {
                    "field": "body.code",
                    "reason": "wrong, expired, used or tried too often",
                    "reason_zh": "验证码错误、已过期、已使用或尝试次数过多",
                    "code": "invalid-phone-code",
                }
            ],
        )


class PhoneNotRegistered(Unauthenticated):
    code = "phone-not-registered"
    title = "No account has this mobile number; register first"
    title_zh = "该手机号尚未注册，请先注册"


class PhoneAlreadyRegistered(Conflict):
    code = "phone-already-registered"
    title = "This mobile number already has an account; sign in with a code instead"
    title_zh = "该手机号已注册，请用验证码登录"


def mobile_of(value: str, field: str = "body.phone") -> str:
    """The bare 11-digit number, or `422` naming the field in both languages."""
    try:
        return validate_mobile(value)
    except InvalidPhone as exc:
        raise InvalidInput.field(
            field,
            str(exc),
            "invalid-phone",
            reason_zh="请输入 11 位中国大陆手机号（以 13 至 19 开头）",
        ) from None


def _code_hash(code: str, salt: str) -> str:
    return hmac.new(bytes.fromhex(salt), code.encode(), hashlib.sha256).hexdigest()


def _retry_after(times: list[datetime], window: timedelta, limit: int, now: datetime) -> int:
    """Seconds until fewer than `limit` of `times` fall inside the window; 0 when already."""
    if len(times) < limit:
        return 0
    oldest_that_counts = sorted(times)[-limit]
    remaining = (oldest_that_counts + window - now).total_seconds()
    return 0 if remaining <= 0 else int(remaining) + 1


async def send_code(
    session: AsyncSession,
    identity: Identity,
    vault: AccountsVault,
    sms: SmsSender,
    phone: str,
    purpose: CodePurpose,
    client: str,
    now: datetime,
) -> None:
    """Make, store (hashed) and text a new code; the number's earlier codes of the same
    purpose stop counting. The same answer whether the number has an account or not."""
    settings = identity.settings
    number = mobile_of(phone)
    index = vault.phone_index(number)
    hour = timedelta(hours=1)
    interval = timedelta(seconds=settings.phone_code_interval_seconds)
    to_number = await repository.phone_codes_since(session, phone_index=index, since=now - hour)
    from_client = await repository.phone_codes_since(session, client=client, since=now - hour)
    wait = max(
        _retry_after(to_number, interval, 1, now),
        _retry_after(to_number, hour, settings.phone_code_hourly_per_phone, now),
        _retry_after(from_client, hour, settings.phone_code_hourly_per_client, now),
    )
    if wait:
        raise PhoneCodeRateLimited(wait)
    code = f"{secrets.randbelow(10**CODE_DIGITS):0{CODE_DIGITS}d}"
    salt = secrets.token_hex(16)
    session.add(
        PhoneCode(
            phone_index=index,
            purpose=purpose,
            code_hash=_code_hash(code, salt),
            salt=salt,
            client_address=client[:64],
            attempts=0,
            expires_at=now + timedelta(seconds=settings.phone_code_ttl_seconds),
            created_at=now,
        )
    )
    await session.flush()
    text = _MESSAGES[purpose].format(
        sig=settings.sms_signature, code=code, minutes=settings.phone_code_ttl_seconds // 60
    )
    await sms.send(number, text, purpose=purpose, at=now)


async def _use_code(
    session: AsyncSession,
    identity: Identity,
    index: str,
    purpose: CodePurpose,
    code: str,
    now: datetime,
) -> None:
    """Spend the number's newest live code if `code` is it; a wrong guess counts (the
    caller commits it before the error goes out)."""
    row = await repository.latest_phone_code(session, index, purpose)
    if (
        row is None
        or row.used_at is not None
        or row.expires_at <= now
        or row.attempts >= identity.settings.phone_code_max_attempts
    ):
        raise InvalidPhoneCode.on_field()
    if not hmac.compare_digest(row.code_hash, _code_hash(code, row.salt)):
        await repository.count_phone_code_attempt(session, row.id)
        raise InvalidPhoneCode.on_field()
    if not await repository.claim_phone_code(session, row.id, now):
        raise InvalidPhoneCode.on_field()


def _audit(session: AsyncSession, account: Account, client: str, now: datetime) -> None:
    session.add(
        SignInEvent(
            at=now,
            username=account.username,
            account_id=account.id,
            street_id=account.street_id,
            community_id=account.community_id,
            client_address=client[:64],
            outcome="success",
        )
    )


async def sign_in(
    session: AsyncSession,
    identity: Identity,
    vault: AccountsVault,
    phone: str,
    code: str,
    client: str,
    now: datetime,
) -> TokenResponse:
    index = vault.phone_index(mobile_of(phone))
    await _use_code(session, identity, index, "sign-in", code, now)
    account = await repository.account_by_phone_index(session, index)
    if account is None:
        raise PhoneNotRegistered()
    if account.status != "active":
        raise AccountDisabled()
    _audit(session, account, client, now)
    return await issue_tokens(session, identity, account, new_id(), now, PHONE_CODE)


async def _free_username(session: AsyncSession) -> str:
    """`p-` and 10 random characters: a username that says nothing about the number."""
    while True:
        username = "p-" + secrets.token_hex(5)
        if not await repository.username_taken(session, username):
            return username


async def register(
    session: AsyncSession,
    identity: Identity,
    vault: AccountsVault,
    people: PeopleVault,
    *,
    phone: str,
    code: str,
    display_name: str,
    role: SelfRole,
    password: str | None,
    client: str,
    now: datetime,
) -> tuple[Account, Literal["granted", "pending"] | None, TokenResponse]:
    """A new account for a person who proved the number: `resident` or `volunteer` as
    they choose; `member` only when a party member's record holds this number (the
    account is then linked to that person), else a `resident` whose membership waits for
    staff (`member_pending`)."""
    number = mobile_of(phone)
    index = vault.phone_index(number)
    await _use_code(session, identity, index, "register", code, now)
    if await repository.account_by_phone_index(session, index) is not None:
        raise PhoneAlreadyRegistered()
    username = await _free_username(session)
    if password is not None:
        check_password_policy(password, username)
    member: Literal["granted", "pending"] | None = None
    person = None
    roles: list[str] = [role]
    if role == "member":
        person = await repository.party_member_by_phone_index(session, people.phone_index(number))
        member = "granted" if person is not None else "pending"
        if person is None:
            roles = ["resident"]
    cipher, phone_index = vault.seal_phone(number)
    account = Account(
        username=username,
        display_name=display_name,
        person_id=person.id if person is not None else None,
        # Without a password of their own the account has an unguessable one: it signs in
        # by code until the person sets one (reset by code).
        password_hash=await identity.passwords.hash(password or secrets.token_urlsafe(32)),
        roles=roles,
        scopes=[],
        status="active",
        phone_cipher=cipher,
        phone_index=phone_index,
        member_pending=member == "pending",
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    await session.flush()
    if person is not None and person.account_id is None:
        person.account_id = account.id  # the member may now read their own record
    _audit(session, account, client, now)
    tokens = await issue_tokens(session, identity, account, new_id(), now, PHONE_CODE)
    return account, member, tokens


async def reset_password(
    session: AsyncSession,
    identity: Identity,
    vault: AccountsVault,
    *,
    phone: str,
    code: str,
    new_password: str,
    now: datetime,
) -> None:
    """A new password for the number's account; every sign-in of it ends."""
    index = vault.phone_index(mobile_of(phone))
    await _use_code(session, identity, index, "reset-password", code, now)
    account = await repository.account_by_phone_index(session, index)
    if account is None:
        raise PhoneNotRegistered()
    if account.status != "active":
        raise AccountDisabled()
    check_password_policy(new_password, account.username, field="body.new_password")
    account.password_hash = await identity.passwords.hash(new_password)
    account.updated_at = now
    families = await repository.revoke_account_families(session, account.id, now)
    await revocation.announce(
        session,
        account_id=account.id,
        session_ids=families,
        reason="password-changed",
        now=now,
        keep_seconds=identity.settings.revocation_keep_seconds,
        whole_account=True,
    )
    await session.flush()
