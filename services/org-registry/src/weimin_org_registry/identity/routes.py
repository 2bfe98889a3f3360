"""Signing in and out, token refresh, the sign-in audit, the published keys and their
rotation."""

import uuid
from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request, Response

from weimin_kit.auth import CurrentPrincipal, Principal, require_roles
from weimin_kit.clock import ClockDep
from weimin_kit.db import SessionDep
from weimin_kit.errors import Problem
from weimin_kit.pagination import Page, PageDep
from weimin_org_registry.identity import keys, scoping, service
from weimin_org_registry.identity.context import IdentityDep
from weimin_org_registry.identity.ratelimit import client_address
from weimin_org_registry.identity.schemas import (
    LoginRequest,
    RefreshRequest,
    SecondFactorLogin,
    SignInEventRead,
    SigningKeyRotated,
    SignInOutcome,
    TokenResponse,
    Username,
)

T = TypeVar("T")
auth_router = APIRouter(prefix="/v1/auth", tags=["auth"])
events_router = APIRouter(prefix="/v1/sign-in-events", tags=["auth"])
keys_router = APIRouter(tags=["signing-keys"])
AdminDep = Annotated[Principal, Depends(require_roles("admin", second_factor=True))]
NO_STORE = {"Cache-Control": "no-store"}


async def _keeping_state_on_failure(session: SessionDep, work: Awaitable[T]) -> T:
    """Run `work`; if it fails with a problem, commit what it recorded (a failure count,
    an audit entry, a challenge, a revoked family) before the error response goes out."""
    try:
        return await work
    except Problem:
        await session.commit()
        raise


@auth_router.post("/login")
async def login(
    body: LoginRequest,
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> TokenResponse:
    response.headers.update(NO_STORE)
    ip = client_address(request, identity.trusted_proxies)
    return await _keeping_state_on_failure(
        session, service.login(session, identity, body.username, body.password, ip, clock())
    )


@auth_router.post("/second-factor")
async def finish_with_second_factor(
    body: SecondFactorLogin,
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> TokenResponse:
    """After `401 second-factor-required` from /login: its `challenge` and a code."""
    response.headers.update(NO_STORE)
    ip = client_address(request, identity.trusted_proxies)
    return await _keeping_state_on_failure(
        session,
        service.finish_with_second_factor(
            session, identity, body.challenge, body.code, ip, clock()
        ),
    )


@auth_router.post("/refresh")
async def refresh(
    body: RefreshRequest,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
) -> TokenResponse:
    response.headers.update(NO_STORE)
    return await _keeping_state_on_failure(
        session, service.refresh(session, identity, body.refresh_token, clock())
    )


@auth_router.post("/logout", status_code=204)
async def logout(
    body: RefreshRequest, session: SessionDep, identity: IdentityDep, clock: ClockDep
) -> None:
    await service.logout(session, identity, body.refresh_token, clock())


@events_router.get("")
async def list_sign_in_events(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    account_id: uuid.UUID | None = None,
    username: Username | None = None,
    outcome: SignInOutcome | None = None,
) -> Page[SignInEventRead]:
    """Newest first. Admins: every attempt, unknown usernames too; secretaries: the
    accounts placed in their scope."""
    scoping.ensure_manager(principal)
    return await service.list_sign_in_events(
        session, principal, page, account_id, username, outcome
    )


@keys_router.get("/.well-known/jwks.json")
async def jwks(session: SessionDep, response: Response, clock: ClockDep) -> dict[str, Any]:
    response.headers["Cache-Control"] = "public, max-age=300"
    return {"keys": await keys.published_keys(session, clock())}


@keys_router.post("/v1/signing-keys/rotate")
async def rotate_signing_key(
    request: Request,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
    _admin: AdminDep,
) -> SigningKeyRotated:
    key, retiring = await keys.rotate_signing_key(
        session, request.app.state.field_cipher, identity.settings, clock()
    )
    return SigningKeyRotated(kid=key.kid, retiring=retiring)
