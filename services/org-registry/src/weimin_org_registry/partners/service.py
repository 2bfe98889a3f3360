"""Staff managing partner clients: create, list, read, change the rate limit, rotate the
secret, revoke.

The admin manages every client; a street secretary the clients whose area is their street
or one of its communities. Outside that, a client is `404` by id and absent from lists,
and an area is refused as a grant outside one's scope (`403 scope-not-grantable`), as for
accounts. Every change is written to `partner_client_changes` in its transaction.

Revoking uses the sign-in revocation machinery: a partner token's `sid` is its client's
row id, so one `revoked_sessions` row (and its `session.revoked` event to every service)
refuses every token the client holds, within a second, though they live 10 minutes. A
`partner_client.revoked` event in the same transaction tells the grid to stop its webhook
deliveries to the client.
"""

import secrets
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events import payloads
from weimin_events.vocabularies import Role
from weimin_kit.auth import (
    OPEN311_AUDIENCE,
    PARTNER_ROLE,
    PARTNER_SUBJECT_PREFIX,
    Principal,
    ensure_role,
)
from weimin_kit.db import Database
from weimin_kit.errors import Conflict, InvalidInput, NotFound, SessionRevoked
from weimin_kit.outbox import record_event
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.identity import revocation
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.identity.passwords import Passwords
from weimin_org_registry.identity.scoping import ScopeNotGrantable
from weimin_org_registry.partners import repository
from weimin_org_registry.partners.models import (
    PartnerClient,
    PartnerClientChange,
    PartnerClientSecret,
    PartnerTokenRequest,
)
from weimin_org_registry.partners.schemas import (
    Open311KeyIssued,
    PartnerClientChangeRead,
    PartnerClientCreate,
    PartnerClientCreated,
    PartnerClientRead,
    PartnerClientUpdate,
    PartnerIdentity,
    PartnerTokenRequestRead,
    SecretRead,
    SecretRotated,
)
from weimin_org_registry.partners.tokens import TokenAttempt

#: Who manages partner clients (the admin always may): street-level staff, for their street.
PARTNER_MANAGER_ROLES: tuple[Role, ...] = ("street_secretary",)
CLIENT_ID_PREFIX = "pc-"
#: The scope an Open311 key carries, and which a client must hold to get one.
OPEN311_SCOPE = "open311:requests.write"


class UnknownArea(InvalidInput):
    code = "unknown-area"
    title = "No such active street or community"
    title_zh = "没有此有效街道或社区"


class Open311ScopeNotGranted(Conflict):
    code = "open311-scope-not-granted"
    title = "This partner client does not hold open311:requests.write"
    title_zh = "该合作方客户端没有 open311:requests.write 权限范围"


class PartnerClientRevoked(Conflict):
    code = "partner-client-revoked"
    title = "This partner client is revoked"
    title_zh = "该合作方客户端已撤销"


async def area_id_of(session: AsyncSession, id_or_code: str) -> uuid.UUID:
    """An active street's or community's id from its id or its organisation code (the
    command line takes either); an unknown one is `UnknownArea`."""
    try:
        return uuid.UUID(id_or_code)
    except ValueError:
        pass
    area = await repository.active_area_by_code(session, id_or_code)
    if area is None:
        raise UnknownArea(f"area: no active street or community with code {id_or_code!r}")
    return area.id


def new_client_id() -> str:
    return CLIENT_ID_PREFIX + secrets.token_hex(10)


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def ensure_partner_manager(principal: Principal) -> None:
    ensure_role(principal, *PARTNER_MANAGER_ROLES)


def _manages(principal: Principal, client: PartnerClient) -> bool:
    if principal.is_admin:
        return True
    return principal.has_role(*PARTNER_MANAGER_ROLES) and str(
        client.street_id
    ) in principal.scope_ids("street")


async def create_client(
    session: AsyncSession,
    passwords: Passwords,
    principal: Principal,
    body: PartnerClientCreate,
    now: datetime,
    *,
    default_rate_limit: int,
) -> PartnerClientCreated:
    """`default_rate_limit`: calls per minute when `body` names none (the settings')."""
    ensure_partner_manager(principal)
    area = await repository.active_area(session, body.area_id)
    if area is None or area.street_id is None:
        raise UnknownArea(
            f"body.area_id: no active street or community {body.area_id}",
            errors=[
                {
                    "field": "body.area_id",
                    "reason": "no active street or community with this id",
                    "code": UnknownArea.code,
                }
            ],
        )
    if not principal.is_admin and str(area.street_id) not in principal.scope_ids("street"):
        raise ScopeNotGrantable(
            "body.area_id: outside your street",
            errors=[
                {
                    "field": "body.area_id",
                    "reason": "this area is outside your scope",
                    "code": "forbidden",
                }
            ],
        )
    is_street = area.kind == "street_committee"
    scopes = list(dict.fromkeys(body.scopes))
    client = PartnerClient(
        client_id=new_client_id(),
        name=body.name,
        scopes=scopes,
        area_kind="street" if is_street else "community",
        area_id=area.id,
        street_id=area.street_id,
        community_id=None if is_street else area.id,
        rate_limit_per_minute=(body.rate_limit_per_minute or default_rate_limit),
        rate_limit_burst=body.rate_limit_burst,
        created_by=principal.subject,
        created_at=now,
        updated_at=now,
    )
    session.add(client)
    await session.flush()
    secret = new_secret()
    row = await _add_secret(session, passwords, client, secret, now)
    _audit(
        session,
        client,
        "created",
        principal,
        now,
        {
            "name": client.name,
            "scopes": scopes,
            "area_kind": client.area_kind,
            "area_id": str(client.area_id),
            "rate_limit_per_minute": client.rate_limit_per_minute,
            "rate_limit_burst": client.rate_limit_burst,
        },
    )
    await session.flush()
    read = _read(client, [row])
    return PartnerClientCreated(**read.model_dump(), client_secret=secret)


async def _add_secret(
    session: AsyncSession, passwords: Passwords, client: PartnerClient, secret: str, now: datetime
) -> PartnerClientSecret:
    row = PartnerClientSecret(
        client_pk=client.id,
        secret_hash=await passwords.hash(secret),
        expires_at=None,
        created_at=now,
        updated_at=now,
    )
    session.add(row)
    return row


def _audit(
    session: AsyncSession,
    client: PartnerClient,
    action: str,
    principal: Principal,
    now: datetime,
    details: dict[str, Any],
) -> None:
    session.add(
        PartnerClientChange(
            client_pk=client.id,
            action=action,
            details=details,
            actor=principal.subject,
            at=now,
            street_id=client.street_id,
            community_id=client.community_id,
        )
    )


def _read(client: PartnerClient, live: list[PartnerClientSecret]) -> PartnerClientRead:
    return PartnerClientRead(
        client_id=client.client_id,
        name=client.name,
        scopes=list(client.scopes),
        area_kind=client.area_kind,
        area_id=client.area_id,
        street_id=client.street_id,
        community_id=client.community_id,
        status="revoked" if client.revoked_at is not None else "active",
        created_by=client.created_by,
        created_at=client.created_at,
        revoked_at=client.revoked_at,
        revoked_by=client.revoked_by,
        rate_limit_per_minute=client.rate_limit_per_minute,
        rate_limit_burst=client.rate_limit_burst,
        secrets=[] if client.revoked_at else [SecretRead.model_validate(s) for s in live],
    )


async def managed_client(
    session: AsyncSession, principal: Principal, client_id: str
) -> PartnerClient:
    """The client if the caller manages it; else 404, as if it did not exist."""
    client = await repository.client_by_client_id(session, client_id)
    if client is None or not _manages(principal, client):
        raise NotFound("No such partner client")
    return client


async def get_client(
    session: AsyncSession, principal: Principal, client_id: str, now: datetime
) -> PartnerClientRead:
    client = await managed_client(session, principal, client_id)
    return _read(client, await repository.live_secrets(session, client.id, now))


async def list_clients(
    session: AsyncSession, principal: Principal, page: PageParams, now: datetime
) -> Page[PartnerClientRead]:
    ensure_partner_manager(principal)
    found: Page[PartnerClient] = await paginate(
        session,
        repository.clients_query(principal),
        PartnerClient.id,
        page,
        lambda client: client,
        parse_key=uuid.UUID,
    )
    live = await repository.live_secrets_of(session, [c.id for c in found.items], now)
    return Page[PartnerClientRead](
        items=[_read(client, live[client.id]) for client in found.items],
        next_cursor=found.next_cursor,
    )


async def update_client(
    session: AsyncSession,
    principal: Principal,
    client_id: str,
    body: PartnerClientUpdate,
    now: datetime,
) -> PartnerClientRead:
    """Change what was sent (the rate limit); each change is audited as `updated` with its
    fields' values before and after. The client's tokens carry the limit, so a change
    holds from its next token on (tokens live 10 minutes)."""
    sent = body.model_fields_set
    if not sent:
        raise InvalidInput.field(
            "body",
            "send at least one of rate_limit_per_minute, rate_limit_burst",
            reason_zh="请至少提供 rate_limit_per_minute 或 rate_limit_burst",
        )
    if "rate_limit_per_minute" in sent and body.rate_limit_per_minute is None:
        raise InvalidInput.field(
            "body.rate_limit_per_minute",
            "must be a number of calls, not null",
            reason_zh="必须是调用次数，不能为空",
        )
    client = await managed_client(session, principal, client_id)
    if client.revoked_at is not None:
        raise PartnerClientRevoked("A revoked client makes no calls; create another")
    changed: dict[str, Any] = {}
    for name in sorted(sent):
        before, after = getattr(client, name), getattr(body, name)
        if before != after:
            changed[name] = {"from": before, "to": after}
            setattr(client, name, after)
    if changed:
        client.updated_at = now
        _audit(session, client, "updated", principal, now, changed)
        await session.flush()
    return _read(client, await repository.live_secrets(session, client.id, now))


async def rotate_secret(
    session: AsyncSession,
    identity: Identity,
    principal: Principal,
    client_id: str,
    previous_valid_seconds: int | None,
    now: datetime,
) -> SecretRotated:
    """A new secret; the current one keeps working until the overlap ends (default the
    setting, 24 h), and one still overlapping from an earlier rotation ends now."""
    client = await managed_client(session, principal, client_id)
    if client.revoked_at is not None:
        raise PartnerClientRevoked("A revoked client gets no new secret; create another")
    seconds = (
        previous_valid_seconds
        if previous_valid_seconds is not None
        else identity.settings.partner_secret_overlap_seconds
    )
    had_current = any(
        s.expires_at is None for s in await repository.live_secrets(session, client.id, now)
    )
    until = now + timedelta(seconds=seconds)
    await repository.end_secrets(session, client.id, now, current_until=until)
    secret = new_secret()
    await _add_secret(session, identity.passwords, client, secret, now)
    client.updated_at = now
    _audit(
        session,
        client,
        "secret-rotated",
        principal,
        now,
        {"previous_secret_expires_at": until.isoformat() if had_current else None},
    )
    await session.flush()
    return SecretRotated(
        client_id=client.client_id,
        client_secret=secret,
        previous_secret_expires_at=until if had_current else None,
    )


async def revoke_client(
    session: AsyncSession,
    identity: Identity,
    principal: Principal,
    client_id: str,
    now: datetime,
) -> PartnerClientRead:
    """No more tokens, and the tokens it holds are refused everywhere within a second; the
    grid stops its webhook deliveries (`PartnerClientRevoked` event). A second revoke
    changes nothing and announces nothing."""
    client = await managed_client(session, principal, client_id)
    if client.revoked_at is None:
        client.revoked_at = now
        client.revoked_by = principal.subject
        client.updated_at = now
        # An Open311 key lives up to a year: its refusal is kept as long.
        holds_key = OPEN311_SCOPE in client.scopes
        await revocation.announce(
            session,
            account_id=client.id,
            session_ids=[client.id],
            reason="sessions-revoked",
            now=now,
            keep_seconds=identity.settings.revocation_keep_seconds,
            keep_until=now + open311_key_life(identity) if holds_key else None,
        )
        _audit(session, client, "revoked", principal, now, {})
        # What the client receives stops too (the grid's webhooks), not only what it calls.
        await record_event(
            session,
            source=revocation.SOURCE,
            subject=client.client_id,
            payload=payloads.PartnerClientRevoked(client_id=client.client_id, revoked_at=now),
        )
        await session.flush()
    return _read(client, [])


def open311_key_life(identity: Identity) -> timedelta:
    return timedelta(seconds=identity.settings.partner_open311_key_ttl_seconds)


async def issue_open311_key(
    session: AsyncSession,
    identity: Identity,
    principal: Principal,
    client_id: str,
    now: datetime,
) -> Open311KeyIssued:
    """A long-lived signed token for a GeoReport v2 client's `api_key`: audience
    `weimin-open311`, the client as `sub`, scope `open311:requests.write` and its area, `sid`
    its row id so revoking the client refuses it. Each issue is a change; earlier keys keep
    working until they expire or the client is revoked."""
    client = await managed_client(session, principal, client_id)
    if client.revoked_at is not None:
        raise PartnerClientRevoked("A revoked client gets no Open311 key; create another")
    if OPEN311_SCOPE not in client.scopes:
        raise Open311ScopeNotGranted(
            f"Client {client.client_id} was not granted {OPEN311_SCOPE}",
            detail_zh=f"客户端 {client.client_id} 没有 {OPEN311_SCOPE} 权限范围",
        )
    settings = identity.settings
    issued_at = int(now.timestamp())
    expires_at = issued_at + settings.partner_open311_key_ttl_seconds
    key_id = uuid.uuid4().hex
    api_key, _ = await identity.signer.sign(
        session,
        {
            "iss": settings.jwt_issuer,
            "aud": OPEN311_AUDIENCE,
            "sub": PARTNER_SUBJECT_PREFIX + client.client_id,
            "client_id": client.client_id,
            "iat": issued_at,
            "exp": expires_at,
            "jti": key_id,
            "sid": str(client.id),
            "typ": "access",
            "roles": [PARTNER_ROLE],
            "scopes": [OPEN311_SCOPE, f"{client.area_kind}:{client.area_id}"],
            "scope": OPEN311_SCOPE,
            "name": client.name,
        },
    )
    expires = datetime.fromtimestamp(expires_at, tz=UTC)
    client.updated_at = now
    # The key's id and end, never the key.
    _audit(
        session,
        client,
        "open311-key",
        principal,
        now,
        {"key_id": key_id, "expires_at": expires.isoformat()},
    )
    await session.flush()
    return Open311KeyIssued(client_id=client.client_id, api_key=api_key, expires_at=expires)


async def list_changes(
    session: AsyncSession, principal: Principal, client_id: str, page: PageParams
) -> Page[PartnerClientChangeRead]:
    """The client's audit, newest first."""
    client = await managed_client(session, principal, client_id)
    return await paginate(
        session,
        repository.changes_query(client.id),
        PartnerClientChange.id,
        page,
        PartnerClientChangeRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def partner_identity(
    session: AsyncSession, principal: Principal, now: datetime
) -> PartnerIdentity:
    """What a partner's token carries, with its client's name and area."""
    client_id = principal.subject.removeprefix(PARTNER_SUBJECT_PREFIX)
    client = await repository.client_by_client_id(session, client_id)
    if client is None or client.revoked_at is not None:
        raise SessionRevoked()
    area = f"{client.area_kind}:{client.area_id}"
    return PartnerIdentity(
        client_id=client.client_id,
        name=client.name,
        scopes=sorted(s for s in principal.scopes if s != area),
        area_kind=client.area_kind,
        area_id=client.area_id,
        expires_at=datetime.fromtimestamp(principal.expires_at, tz=UTC),
        rate_limit_per_minute=principal.claims.get("rate_limit_per_minute"),
        rate_limit_burst=principal.claims.get("rate_limit_burst"),
    )


async def record_token_request(
    database: Database, attempt: TokenAttempt, client_address: str, now: datetime
) -> None:
    """Audit a token request that named a known client, in its own short write (the token
    endpoint reads in a read transaction, so its Argon2 check holds no write lock)."""
    if attempt.client is None or attempt.outcome is None:
        return
    async with database.sessionmaker() as session, session.begin():
        session.add(
            PartnerTokenRequest(
                client_pk=attempt.client.id,
                at=now,
                outcome=attempt.outcome,
                scopes=[scope[:100] for scope in attempt.scopes],
                client_address=client_address[:64],
            )
        )


async def list_token_requests(
    session: AsyncSession, principal: Principal, client_id: str, page: PageParams
) -> Page[PartnerTokenRequestRead]:
    """The client's token requests, newest first."""
    client = await managed_client(session, principal, client_id)
    return await paginate(
        session,
        repository.token_requests_query(client.id),
        PartnerTokenRequest.id,
        page,
        PartnerTokenRequestRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
