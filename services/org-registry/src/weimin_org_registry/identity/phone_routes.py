"""Sign-up, sign-in and password reset with a mobile number and a text-message code."""

from typing import Annotated

from fastapi import APIRouter, Depends, Request, Response

from weimin_kit.clock import ClockDep
from weimin_kit.db import SessionDep
from weimin_kit.errors import Problem
from weimin_kit.problems import problems
from weimin_kit.sms import SmsSender
from weimin_org_registry.identity import browser_session, phone
from weimin_org_registry.identity.context import IdentityDep
from weimin_org_registry.identity.passwords import PasswordPolicyViolated
from weimin_org_registry.identity.phone import (
    InvalidPhoneCode,
    PhoneAlreadyRegistered,
    PhoneCodeRateLimited,
    PhoneNotRegistered,
)
from weimin_org_registry.identity.protection import AccountsVault
from weimin_org_registry.identity.ratelimit import client_address
from weimin_org_registry.identity.schemas import (
    PasswordResetByCode,
    PhoneCodeRequest,
    PhoneCodeSent,
    PhoneLogin,
    PhoneRegistration,
    Registered,
    TokenResponse,
)
from weimin_org_registry.identity.service import AccountDisabled
from weimin_org_registry.people.protection import VaultDep as PeopleVaultDep

router = APIRouter(prefix="/v1/auth", tags=["auth"])
NO_STORE = {"Cache-Control": "no-store"}


async def sms_of(request: Request) -> SmsSender:
    sender: SmsSender = request.app.state.sms
    return sender


SmsDep = Annotated[SmsSender, Depends(sms_of)]
AccountsVaultDep = Annotated[AccountsVault, Depends(AccountsVault.of_request)]


@router.post("/phone-codes", status_code=202, responses=problems(PhoneCodeRateLimited))
async def send_phone_code(
    body: PhoneCodeRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    vault: AccountsVaultDep,
    sms: SmsDep,
    clock: ClockDep,
) -> PhoneCodeSent:
    """Texts a 6-digit code (5 min, 5 tries, one use). The same answer for any valid
    number, registered or not; `422 invalid-phone` names `body.phone`; `429 rate-limited`
    with `Retry-After` past one code a minute or five an hour for a number, or the
    address's hourly limit."""
    response.headers.update(NO_STORE)
    ip = client_address(request, identity.trusted_proxies)
    await phone.send_code(session, identity, vault, sms, body.phone, body.purpose, ip, clock())
    settings = identity.settings
    return PhoneCodeSent(
        expires_in=settings.phone_code_ttl_seconds,
        resend_in=settings.phone_code_interval_seconds,
    )


@router.post(
    "/phone-login", responses=problems(InvalidPhoneCode, PhoneNotRegistered, AccountDisabled)
)
async def phone_login(
    body: PhoneLogin,
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    vault: AccountsVaultDep,
    clock: ClockDep,
) -> TokenResponse:
    """Signs in with the number's newest `sign-in` code: the login body and cookies."""
    response.headers.update(NO_STORE)
    ip = client_address(request, identity.trusted_proxies)
    try:
        tokens = await phone.sign_in(session, identity, vault, body.phone, body.code, ip, clock())
    except Problem:
        await session.commit()  # the wrong guess counts
        raise
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return tokens


@router.post(
    "/register",
    status_code=201,
    responses=problems(InvalidPhoneCode, PhoneAlreadyRegistered, PasswordPolicyViolated),
)
async def register(
    body: PhoneRegistration,
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    vault: AccountsVaultDep,
    people: PeopleVaultDep,
    clock: ClockDep,
) -> Registered:
    """A new account with the number's newest `register` code, signed in at once
    (body and cookies). `role`: `resident` or `volunteer`; `member` is granted when a
    party member's record holds the number, else the account is a resident and
    `member: "pending"` until staff confirm."""
    response.headers.update(NO_STORE)
    ip = client_address(request, identity.trusted_proxies)
    try:
        account, member, tokens = await phone.register(
            session,
            identity,
            vault,
            people,
            phone=body.phone,
            code=body.code,
            display_name=body.display_name,
            role=body.role,
            password=body.password,
            client=ip,
            now=clock(),
        )
    except InvalidPhoneCode:
        await session.commit()
        raise
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return Registered(
        **tokens.model_dump(), account_id=account.id, roles=list(account.roles), member=member
    )


@router.post(
    "/password-reset",
    status_code=204,
    responses=problems(
        InvalidPhoneCode, PhoneNotRegistered, AccountDisabled, PasswordPolicyViolated
    ),
)
async def reset_password(
    body: PasswordResetByCode,
    session: SessionDep,
    identity: IdentityDep,
    vault: AccountsVaultDep,
    clock: ClockDep,
) -> None:
    """A new password with the number's newest `reset-password` code; every sign-in of
    the account ends. Sign in again with the number (or username) and the new password."""
    try:
        await phone.reset_password(
            session,
            identity,
            vault,
            phone=body.phone,
            code=body.code,
            new_password=body.new_password,
            now=clock(),
        )
    except InvalidPhoneCode:
        await session.commit()
        raise
