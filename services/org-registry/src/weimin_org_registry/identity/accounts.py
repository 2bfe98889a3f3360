"""Managing accounts: creation and changes within the manager's scope, own password."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import RevocationReason
from weimin_events.vocabularies import Role
from weimin_kit.auth import Principal
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.identity import repository, revocation, scoping, second_factor
from weimin_org_registry.identity.models import Account
from weimin_org_registry.identity.passwords import Passwords, check_password_policy
from weimin_org_registry.identity.schemas import AccountCreate, AccountRead, AccountUpdate


class UsernameTaken(Conflict):
    code = "username-taken"
    title = "This username is taken"
    title_zh = "该用户名已被使用"


class CurrentPasswordIncorrect(InvalidInput):
    code = "current-password-incorrect"
    title = "The current password is wrong"
    title_zh = "当前密码不正确"


def _unique(values: list[str]) -> list[str]:
    return list(dict.fromkeys(values))


async def create_account(
    session: AsyncSession,
    passwords: Passwords,
    principal: Principal,
    body: AccountCreate,
    now: datetime,
) -> Account:
    scoping.ensure_manager(principal)
    roles, scopes = _unique(list(body.roles)), _unique(body.scopes)
    scoping.ensure_roles_grantable(principal, roles)
    placement = await scoping.place_account(session, principal, scopes, body.community_id)
    check_password_policy(body.password, body.username)
    if await repository.account_by_username(session, body.username) is not None:
        raise UsernameTaken(
            f"'{body.username}' is taken",
            errors=[{"field": "body.username", "reason": "is taken", "code": "taken"}],
        )
    account = Account(
        username=body.username,
        display_name=body.display_name,
        person_id=body.person_id,
        password_hash=await passwords.hash(body.password),
        roles=roles,
        scopes=scopes,
        street_id=placement.street_id,
        community_id=placement.community_id,
        status="active",
        created_at=now,
        updated_at=now,
    )
    session.add(account)
    await session.flush()
    return account


async def visible_account(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID
) -> Account:
    """The account if the caller may see it (itself, or within a manager's scope), else 404."""
    account = await repository.account_by_id(session, account_id)
    if account is None or not (
        str(account.id) == principal.subject
        or (
            (principal.is_admin or principal.has_role(*scoping.MANAGER_ROLES))
            and principal.covers(street=account.street_id, community=account.community_id)
        )
    ):
        raise NotFound("No such account")
    return account


async def managed_account(
    session: AsyncSession, principal: Principal, account_id: uuid.UUID
) -> Account:
    scoping.ensure_manager(principal)
    account = await visible_account(session, principal, account_id)
    scoping.ensure_may_manage(principal, account.roles)
    return account


async def update_account(
    session: AsyncSession,
    principal: Principal,
    account_id: uuid.UUID,
    body: AccountUpdate,
    now: datetime,
    *,
    keep_seconds: int,
) -> Account:
    account = await managed_account(session, principal, account_id)
    changes = body.model_fields_set
    if "roles" in changes and body.roles is not None:
        roles = _unique(list(body.roles))
        scoping.ensure_roles_grantable(principal, roles)
        account.roles = roles
        # A membership claimed at registration is settled by whoever sets the roles.
        account.member_pending = False
    if changes & {"scopes", "community_id"}:
        scopes = _unique(body.scopes) if body.scopes is not None else list(account.scopes)
        community_id = body.community_id if "community_id" in changes else account.community_id
        placement = await scoping.place_account(session, principal, scopes, community_id)
        account.scopes = scopes
        account.street_id, account.community_id = placement.street_id, placement.community_id
    if body.display_name is not None:
        account.display_name = body.display_name
    if body.status is not None and body.status != account.status:
        account.status = body.status
        if body.status == "disabled":
            await _revoke_all(session, account.id, "account-disabled", now, keep_seconds)
    account.updated_at = now
    await session.flush()
    return account


async def revoke_sessions(
    session: AsyncSession,
    principal: Principal,
    account_id: uuid.UUID,
    now: datetime,
    *,
    keep_seconds: int,
) -> int:
    """Sign the account out everywhere: its refresh and access tokens stop working; how
    many sign-ins were live."""
    account = await managed_account(session, principal, account_id)
    return await _revoke_all(session, account.id, "sessions-revoked", now, keep_seconds)


async def revoke_own_sessions(
    session: AsyncSession, principal: Principal, now: datetime, *, keep_seconds: int
) -> int:
    """The caller's own "sign out everywhere": no manager needed for one's own account."""
    account = await own_account(session, principal)
    return await _revoke_all(session, account.id, "sessions-revoked", now, keep_seconds)


async def _revoke_all(
    session: AsyncSession,
    account_id: uuid.UUID,
    reason: RevocationReason,
    now: datetime,
    keep_seconds: int,
) -> int:
    families = await repository.revoke_account_families(session, account_id, now)
    await revocation.announce(
        session,
        account_id=account_id,
        session_ids=families,
        reason=reason,
        now=now,
        keep_seconds=keep_seconds,
        whole_account=True,
    )
    return len(families)


async def reset_second_factor(
    session: AsyncSession,
    principal: Principal,
    account_id: uuid.UUID,
    now: datetime,
    *,
    keep_seconds: int,
) -> None:
    """The account enrols again; whoever holds its sessions (perhaps with the lost
    authenticator) is signed out everywhere."""
    account = await managed_account(session, principal, account_id)
    await second_factor.reset(session, account.id)
    await _revoke_all(session, account.id, "sessions-revoked", now, keep_seconds)


async def change_own_password(
    session: AsyncSession,
    passwords: Passwords,
    principal: Principal,
    current_password: str,
    new_password: str,
    now: datetime,
    *,
    keep_seconds: int,
) -> None:
    account = await own_account(session, principal)
    if not await passwords.verify(account.password_hash, current_password):
        raise CurrentPasswordIncorrect(
            "The current password is wrong",
            errors=[{"field": "body.current_password", "reason": "is wrong", "code": "wrong"}],
        )
    check_password_policy(new_password, account.username, field="body.new_password")
    account.password_hash = await passwords.hash(new_password)
    account.updated_at = now
    # Every other sign-in ends, access tokens included; the one that changed the password
    # stays (its owner just proved they know the password).
    keep = uuid.UUID(principal.session_id) if principal.session_id else None
    families = await repository.revoke_account_families(session, account.id, now, keep_family=keep)
    await revocation.announce(
        session,
        account_id=account.id,
        session_ids=families,
        reason="password-changed",
        now=now,
        keep_seconds=keep_seconds,
    )
    await session.flush()


async def own_account(session: AsyncSession, principal: Principal) -> Account:
    try:
        account_id = uuid.UUID(principal.subject)
    except ValueError:
        raise NotFound("This token does not belong to an account") from None
    account = await repository.account_by_id(session, account_id)
    if account is None:
        raise NotFound("This token's account no longer exists")
    return account


async def list_accounts(
    session: AsyncSession, principal: Principal, page: PageParams, q: str | None, role: Role | None
) -> Page[AccountRead]:
    return await paginate(
        session,
        repository.accounts_query(principal, q, role),
        Account.id,
        page,
        AccountRead.model_validate,
        parse_key=uuid.UUID,
    )
