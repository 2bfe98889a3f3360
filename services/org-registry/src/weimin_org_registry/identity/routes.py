"""Signing in and out, token refresh, the sign-in audit, the published keys and their
rotation."""

import uuid
from collections.abc import Awaitable
from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Depends, Request, Response

from weimin_kit.auth import CurrentPrincipal, Principal, require_roles
from weimin_kit.clock import ClockDep
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, Problem
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_org_registry.identity import browser_session, keys, scoping, service
from weimin_org_registry.identity.browser_session import CrossSiteRequestRefused
from weimin_org_registry.identity.context import Identity, IdentityDep
from weimin_org_registry.identity.keys import SigningKeyRotationConflict
from weimin_org_registry.identity.ratelimit import client_address
from weimin_org_registry.identity.schemas import (
    LoginRequest,
    RefreshRequest,
    SecondFactorLogin,
    SignInEventRead,
    SigningKeyRotated,
    SignInHints,
    SignInOutcome,
    TokenResponse,
    Username,
)
from weimin_org_registry.identity.service import (
    AccountDisabled,
    InvalidChallenge,
    InvalidCredentials,
    InvalidRefreshToken,
    InvalidSecondFactorCode,
    RefreshTokenReused,
    SecondFactorNeeded,
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


@auth_router.post(
    "/login", responses=problems(InvalidCredentials, SecondFactorNeeded, AccountDisabled)
)
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
    tokens = await _keeping_state_on_failure(
        session, service.login(session, identity, body.username, body.password, ip, clock())
    )
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return tokens


@auth_router.post(
    "/second-factor", responses=problems(InvalidChallenge, InvalidSecondFactorCode, AccountDisabled)
)
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
    tokens = await _keeping_state_on_failure(
        session,
        service.finish_with_second_factor(
            session, identity, body.challenge, body.code, ip, clock()
        ),
    )
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return tokens


def _refresh_token_of(
    body: RefreshRequest | None, request: Request, identity: Identity
) -> str | None:
    """The body's token (API clients), else the browser's cookie after the cross-site
    checks (browser_session.py)."""
    if body is not None:
        return body.refresh_token
    return browser_session.cookie_refresh_token(
        request, identity.settings, identity.trusted_proxies
    )


@auth_router.post(
    "/refresh",
    responses=problems(
        InvalidRefreshToken, RefreshTokenReused, AccountDisabled, CrossSiteRequestRefused
    ),
)
async def refresh(
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
    body: RefreshRequest | None = None,
) -> TokenResponse:
    """With `refresh_token` in the body, or from a browser with no body: the
    `weimin_refresh` cookie and the `weimin_csrf` cookie's value in `X-CSRF-Token`."""
    response.headers.update(NO_STORE)
    token = _refresh_token_of(body, request, identity)
    if token is None:
        raise InvalidRefreshToken("No refresh token in the body or cookie; sign in again")
    tokens = await _keeping_state_on_failure(
        session, service.refresh(session, identity, token, clock())
    )
    browser_session.set_cookies(response, request, identity.settings, tokens.refresh_token)
    return tokens


@auth_router.post("/logout", status_code=204, responses=problems(CrossSiteRequestRefused))
async def logout(
    request: Request,
    response: Response,
    session: SessionDep,
    identity: IdentityDep,
    clock: ClockDep,
    body: RefreshRequest | None = None,
) -> None:
    """Ends the sign-in of the body's token, or of the browser's cookie (with the same
    checks as /refresh), and clears the cookies."""
    token = _refresh_token_of(body, request, identity)
    if token is not None:
        await service.logout(session, identity, token, clock())
    browser_session.clear_cookies(response, request, identity.settings)


@auth_router.get("/hints")
async def sign_in_hints(session: SessionDep, response: Response) -> SignInHints:
    """Public: whether this platform runs the demo city, and which grid worker to try."""
    response.headers["Cache-Control"] = "no-cache"
    worker = await service.demo_grid_worker(session)
    return SignInHints(demo_city=worker is not None, demo_grid_worker=worker)


@events_router.get("", responses=problems(Forbidden))
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


@keys_router.post("/v1/signing-keys/rotate", responses=problems(SigningKeyRotationConflict))
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
