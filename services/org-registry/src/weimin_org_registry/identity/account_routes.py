import uuid
from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request, Response

from weimin_events.vocabularies import Role
from weimin_kit.auth import CurrentPrincipal, Principal, require_roles
from weimin_kit.clock import ClockDep
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_org_registry.identity import (
    accounts,
    browser_session,
    scoping,
    second_factor,
    service,
)
from weimin_org_registry.identity.accounts import CurrentPasswordIncorrect, UsernameTaken
from weimin_org_registry.identity.context import IdentityDep
from weimin_org_registry.identity.passwords import PasswordPolicyViolated
from weimin_org_registry.identity.schemas import (
    AccountCreate,
    AccountRead,
    AccountUpdate,
    Me,
    PasswordChange,
    SecondFactorConfirm,
    SecondFactorEnabled,
    SecondFactorEnrolment,
    SecondFactorStatus,
)
from weimin_org_registry.identity.scoping import (
    AccountOutOfReach,
    RoleNotGrantable,
    ScopeNotGrantable,
)
from weimin_org_registry.identity.second_factor import (
    NoEnrolmentStarted,
    SecondFactorAlreadyEnabled,
    WrongEnrolmentCode,
)

router = APIRouter(prefix="/v1/accounts", tags=["accounts"])
# Changing accounts is administration: a manager, signed in with a second factor where the
# settings require one of them.
ManagerDep = Annotated[
    Principal, Depends(require_roles(*scoping.MANAGER_ROLES, second_factor=True))
]


@router.get("/me")
async def me(session: SessionDep, principal: CurrentPrincipal, identity: IdentityDep) -> Me:
    account = await accounts.own_account(session, principal)
    return Me(
        id=account.id,
        username=account.username,
        display_name=account.display_name,
        roles=list(account.roles),
        scopes=list(account.scopes),
        phone=identity.phone_vault.masked_phone(account.phone_cipher),
        member_pending=account.member_pending,
    )


@router.post(
    "/me/password",
    status_code=204,
    responses=problems(CurrentPasswordIncorrect, PasswordPolicyViolated),
)
async def change_password(
    body: PasswordChange,
    session: SessionDep,
    principal: CurrentPrincipal,
    identity: IdentityDep,
    clock: ClockDep,
) -> None:
    await accounts.change_own_password(
        session,
        identity.passwords,
        principal,
        body.current_password,
        body.new_password,
        clock(),
        keep_seconds=identity.settings.revocation_keep_seconds,
    )


@router.post("/me/sessions/revoke", status_code=204)
async def revoke_own_sessions(
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    identity: IdentityDep,
    clock: ClockDep,
) -> None:
    """Sign me out everywhere, this sign-in included (a lost phone, a shared computer):
    every service refuses my access tokens within a second and my refresh tokens are dead.
    This browser's session cookies are cleared too."""
    await accounts.revoke_own_sessions(
        session, principal, clock(), keep_seconds=identity.settings.revocation_keep_seconds
    )
    browser_session.clear_cookies(response, request, identity.settings)


@router.get("/me/second-factor")
async def second_factor_status(
    request: Request, session: SessionDep, principal: CurrentPrincipal
) -> SecondFactorStatus:
    account = await accounts.own_account(session, principal)
    settings = request.app.state.settings
    required = settings.second_factor_required and bool(
        set(account.roles) & set(settings.second_factor_roles)
    )
    return SecondFactorStatus(
        enabled=await second_factor.status(session, account.id), required=required
    )


@router.post("/me/second-factor", status_code=201, responses=problems(SecondFactorAlreadyEnabled))
async def start_second_factor(
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    identity: IdentityDep,
    clock: ClockDep,
) -> SecondFactorEnrolment:
    """A new TOTP secret (replacing one not yet confirmed); confirm it with a code."""
    # The secret is shown once: no cache keeps it, nor the idempotency store.
    response.headers["Cache-Control"] = "no-store"
    account = await accounts.own_account(session, principal)
    enrolment = await second_factor.start_enrolment(
        session, identity.field_cipher, identity.settings, account, clock()
    )
    return SecondFactorEnrolment(
        secret=enrolment.secret, otpauth_uri=enrolment.otpauth_uri, qr_svg=enrolment.qr_svg
    )


@router.post(
    "/me/second-factor/confirm", responses=problems(NoEnrolmentStarted, WrongEnrolmentCode)
)
async def confirm_second_factor(
    body: SecondFactorConfirm,
    request: Request,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
    identity: IdentityDep,
    clock: ClockDep,
) -> SecondFactorEnabled:
    """Turns the factor on. The recovery codes are shown this once; the tokens are a new
    sign-in that counts as password and second factor (the code was just proven), and a
    browser's refresh cookie moves to it, so the page renews on the new sign-in."""
    response.headers["Cache-Control"] = "no-store"
    account = await accounts.own_account(session, principal)
    codes, tokens = await service.enable_second_factor(
        session, identity, account, body.code, clock()
    )
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return SecondFactorEnabled(recovery_codes=codes, tokens=tokens)


@router.post(
    "",
    status_code=201,
    responses=problems(RoleNotGrantable, ScopeNotGrantable, UsernameTaken, PasswordPolicyViolated),
)
async def create_account(
    body: AccountCreate,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> AccountRead:
    account = await accounts.create_account(session, identity.passwords, principal, body, clock())
    return AccountRead.model_validate(account)


@router.get("", responses=problems(Forbidden))
async def list_accounts(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    q: Annotated[str | None, Query(min_length=1, max_length=64)] = None,
    role: Role | None = None,
) -> Page[AccountRead]:
    scoping.ensure_manager(principal)
    return await accounts.list_accounts(session, principal, page, q, role)


@router.get("/{account_id}", responses=problems(NotFound))
async def get_account(
    account_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> AccountRead:
    return AccountRead.model_validate(
        await accounts.visible_account(session, principal, account_id)
    )


@router.patch(
    "/{account_id}",
    responses=problems(AccountOutOfReach, RoleNotGrantable, ScopeNotGrantable, NotFound),
)
async def update_account(
    account_id: uuid.UUID,
    body: AccountUpdate,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> AccountRead:
    account = await accounts.update_account(
        session,
        principal,
        account_id,
        body,
        clock(),
        keep_seconds=identity.settings.revocation_keep_seconds,
    )
    return AccountRead.model_validate(account)


@router.post(
    "/{account_id}/sessions/revoke",
    status_code=204,
    responses=problems(AccountOutOfReach, NotFound),
)
async def revoke_sessions(
    account_id: uuid.UUID,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> None:
    """Sign the account out everywhere: every service refuses its access tokens within a
    second, and its refresh tokens are dead."""
    await accounts.revoke_sessions(
        session,
        principal,
        account_id,
        clock(),
        keep_seconds=identity.settings.revocation_keep_seconds,
    )


@router.post(
    "/{account_id}/second-factor/reset",
    status_code=204,
    responses=problems(AccountOutOfReach, NotFound),
)
async def reset_second_factor(
    account_id: uuid.UUID,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> None:
    """For a lost authenticator and recovery codes: the account enrols again at its next
    sign-in, and its sessions end."""
    await accounts.reset_second_factor(
        session,
        principal,
        account_id,
        clock(),
        keep_seconds=identity.settings.revocation_keep_seconds,
    )
