"""Partner clients: staff manage them; partners exchange their credentials for tokens."""

from typing import Annotated, Any

from authlib.oauth2 import OAuth2Error
from fastapi import APIRouter, Depends, Request, Response
from fastapi.responses import JSONResponse

from weimin_kit.auth import Principal, require_partner_scope, require_roles
from weimin_kit.clock import ClockDep
from weimin_kit.db import ReadSessionDep, SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_org_registry.identity.context import IdentityDep
from weimin_org_registry.identity.ratelimit import client_address
from weimin_org_registry.identity.scoping import ScopeNotGrantable
from weimin_org_registry.partners import service, tokens
from weimin_org_registry.partners.schemas import (
    Open311KeyIssued,
    PartnerClientChangeRead,
    PartnerClientCreate,
    PartnerClientCreated,
    PartnerClientRead,
    PartnerClientUpdate,
    PartnerIdentity,
    PartnerTokenRequestRead,
    SecretRotated,
    SecretRotation,
    TokenError,
    TokenGranted,
)
from weimin_org_registry.partners.service import (
    Open311ScopeNotGranted,
    PartnerClientRevoked,
    UnknownArea,
)

router = APIRouter(prefix="/v1/partner-clients", tags=["partner-clients"])
oauth_router = APIRouter(prefix="/v1/oauth", tags=["oauth"])
# Managing partner clients is administration: the admin or a street secretary, signed in
# with a second factor where the settings require one.
ManagerDep = Annotated[
    Principal,
    Depends(require_roles(*service.PARTNER_MANAGER_ROLES, second_factor=True)),
]
PartnerDep = Annotated[Principal, Depends(require_partner_scope())]
NO_STORE = {"Cache-Control": "no-store", "Pragma": "no-cache"}

_TOKEN_FORM: dict[str, Any] = {
    "requestBody": {
        "required": True,
        "content": {
            "application/x-www-form-urlencoded": {
                "schema": {
                    "type": "object",
                    "required": ["grant_type"],
                    "properties": {
                        "grant_type": {"type": "string", "enum": ["client_credentials"]},
                        "scope": {
                            "type": "string",
                            "description": "space-separated; narrows the granted scopes",
                        },
                        "client_id": {
                            "type": "string",
                            "description": "with client_secret, when not using HTTP Basic",
                        },
                        "client_secret": {"type": "string"},
                    },
                }
            }
        },
    }
}
_TOKEN_ERRORS: dict[int | str, dict[str, Any]] = {
    400: {
        "model": TokenError,
        "description": "RFC 6749 §5.2: invalid_request, unsupported_grant_type, invalid_scope",
    },
    401: {
        "model": TokenError,
        "description": "RFC 6749 §5.2: invalid_client (with `WWW-Authenticate: Basic`)",
    },
}


@oauth_router.post(
    "/token", response_model=TokenGranted, responses=_TOKEN_ERRORS, openapi_extra=_TOKEN_FORM
)
async def token(
    request: Request,
    response: Response,
    # It only reads (the client, its secrets, the signing key): a read transaction, so the
    # Argon2 check never holds SQLite's write lock.
    session: ReadSessionDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> TokenGranted | JSONResponse:
    """OAuth2 client credentials (RFC 6749 §4.4): the client id and secret (HTTP Basic, or
    `client_id` and `client_secret` in the form) for a 10-minute token of the partner
    exchange. Errors are RFC 6749 JSON, not problem+json."""
    now, attempt = clock(), tokens.TokenAttempt()
    try:
        form = tokens.parse_form(request.headers.get("content-type"), await request.body())
        granted = await tokens.issue_token(
            session, identity, request.headers.get("authorization"), form, now, attempt
        )
    except OAuth2Error as error:
        status, body, headers = error()
        answer: TokenGranted | JSONResponse = JSONResponse(
            body, status_code=status, headers={**dict(headers), **NO_STORE}
        )
    else:
        response.headers.update(NO_STORE)
        answer = granted
    address = client_address(request, identity.trusted_proxies)
    await service.record_token_request(request.app.state.database, attempt, address, now)
    return answer


@router.get("/me", responses=problems())
async def who_am_i(principal: PartnerDep, session: SessionDep, clock: ClockDep) -> PartnerIdentity:
    """For a partner: what its token says (client, granted scopes, area), to check one."""
    return await service.partner_identity(session, principal, clock())


@router.post(
    "",
    status_code=201,
    responses=problems(UnknownArea, ScopeNotGrantable),
)
async def create_client(
    body: PartnerClientCreate,
    response: Response,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> PartnerClientCreated:
    """A new client and its first secret, shown this once."""
    response.headers.update(NO_STORE)
    return await service.create_client(
        session,
        identity.passwords,
        principal,
        body,
        clock(),
        default_rate_limit=identity.settings.partner_rate_limit_per_minute,
    )


@router.get("", responses=problems(Forbidden))
async def list_clients(
    session: SessionDep, principal: ManagerDep, page: PageDep, clock: ClockDep
) -> Page[PartnerClientRead]:
    """The clients of the caller's street (the admin: all), oldest first; no secrets."""
    return await service.list_clients(session, principal, page, clock())


@router.get("/{client_id}", responses=problems(NotFound))
async def get_client(
    client_id: str, session: SessionDep, principal: ManagerDep, clock: ClockDep
) -> PartnerClientRead:
    return await service.get_client(session, principal, client_id, clock())


@router.patch("/{client_id}", responses=problems(NotFound, PartnerClientRevoked))
async def update_client(
    client_id: str,
    body: PartnerClientUpdate,
    session: SessionDep,
    principal: ManagerDep,
    clock: ClockDep,
) -> PartnerClientRead:
    """Change the client's rate limit (only the fields sent; `rate_limit_burst: null` makes
    the burst the per-minute limit again). It holds from the client's next token."""
    return await service.update_client(session, principal, client_id, body, clock())


@router.post("/{client_id}/secret/rotate", responses=problems(NotFound, PartnerClientRevoked))
async def rotate_secret(
    client_id: str,
    response: Response,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
    body: SecretRotation | None = None,
) -> SecretRotated:
    """A new secret, shown this once; the previous one works until
    `previous_secret_expires_at` (default 24 h; `previous_secret_valid_seconds` sets it)."""
    response.headers.update(NO_STORE)
    seconds = body.previous_secret_valid_seconds if body is not None else None
    return await service.rotate_secret(session, identity, principal, client_id, seconds, clock())


@router.post("/{client_id}/revoke", responses=problems(NotFound))
async def revoke_client(
    client_id: str,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> PartnerClientRead:
    """No more tokens; those it holds are refused everywhere within a second."""
    return await service.revoke_client(session, identity, principal, client_id, clock())


@router.post(
    "/{client_id}/open311-key",
    status_code=201,
    responses=problems(NotFound, PartnerClientRevoked, Open311ScopeNotGranted),
)
async def issue_open311_key(
    client_id: str,
    response: Response,
    session: SessionDep,
    principal: ManagerDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> Open311KeyIssued:
    """An API key for the client's GeoReport v2 (Open311) software, shown this once: it
    posts service requests to the grid's `/open311/v2/requests` within the client's area.
    Lives `partner_open311_key_ttl_seconds` (a year); revoking the client refuses it.
    The client must hold `open311:requests.write` (409 `open311-scope-not-granted`)."""
    response.headers.update(NO_STORE)
    return await service.issue_open311_key(session, identity, principal, client_id, clock())


@router.get("/{client_id}/changes", responses=problems(NotFound))
async def list_changes(
    client_id: str, session: SessionDep, principal: ManagerDep, page: PageDep
) -> Page[PartnerClientChangeRead]:
    """Who created, rotated or revoked the client or issued its Open311 key, newest first."""
    return await service.list_changes(session, principal, client_id, page)


@router.get("/{client_id}/token-requests", responses=problems(NotFound))
async def list_token_requests(
    client_id: str, session: SessionDep, principal: ManagerDep, page: PageDep
) -> Page[PartnerTokenRequestRead]:
    """The client's token requests, newest first: issued, or refused (`wrong-secret`,
    `revoked`, `invalid-scope`), with the scopes and the caller's address."""
    return await service.list_token_requests(session, principal, client_id, page)
