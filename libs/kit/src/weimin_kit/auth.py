"""Token verification and object-level scope.

The org-registry signs short-lived access tokens (ES256); every service verifies them
itself against the published JWKS. Keys are cached and re-fetched when a token names an
unknown `kid` (that is how a rotation reaches us), at most once per `min_refresh_seconds`
so garbage tokens cannot make us hammer the issuer. The algorithm list is fixed: the token
header never chooses it.
"""

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Protocol

import httpx
import jwt
from fastapi import Depends, Request

from weimin_kit.errors import (
    Forbidden,
    NotFound,
    SessionRevoked,
    TokenExpired,
    Unauthenticated,
    raises,
)

ALGORITHMS = ["ES256"]
ADMIN_ROLE = "admin"
#: The audience of a partner client's tokens (OAuth2 client credentials issued by the
#: org-registry): only `require_partner_scope` accepts it, and no person's dependency does
#: (those verify the service's own audience).
INTEGRATION_AUDIENCE = "weimin-integration"
#: A partner token's `sub` is this prefix and the public client id; its role is PARTNER_ROLE.
#: The audience of a partner client's Open311 API key (GeoReport v2 `api_key`): a long-lived
#: token the org-registry issues to a client holding `open311:requests.write`, accepted
#: only where `partner_principal` is asked for it (the grid's `/open311/v2` POST).
OPEN311_AUDIENCE = "weimin-open311"
PARTNER_SUBJECT_PREFIX = "partner:"
PARTNER_ROLE = "partner"
log = logging.getLogger("weimin.auth")


@dataclass(frozen=True, slots=True)
class Principal:
    """Who is calling: an account (sub) or a machine client, with roles and scopes.

    Scopes are `kind:id` strings (the kinds are the services' business); an object is
    covered when any of its ancestry ids is in the principal's scopes.
    """

    subject: str
    roles: frozenset[str] = frozenset()
    scopes: frozenset[str] = frozenset()
    token_id: str | None = None
    session_id: str | None = None
    expires_at: int = 0
    display_name: str | None = None
    claims: Mapping[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def is_admin(self) -> bool:
        return ADMIN_ROLE in self.roles

    def has_role(self, *roles: str) -> bool:
        return not self.roles.isdisjoint(roles)

    def scope_ids(self, kind: str) -> frozenset[str]:
        prefix = kind + ":"
        return frozenset(s[len(prefix) :] for s in self.scopes if s.startswith(prefix))

    def covers(self, **ancestry: object) -> bool:
        """True when the object whose ancestry is given (kind=id …) is within scope."""
        if self.is_admin:
            return True
        return any(
            value is not None and f"{kind}:{value}" in self.scopes
            for kind, value in ancestry.items()
        )


def ensure_covers(principal: Principal, what: str = "resource", **ancestry: object) -> None:
    """Refuse access to an object outside the caller's scope.

    Answers 404, not 403: a caller must not learn that an object it may not see exists.
    """
    if not principal.covers(**ancestry):
        raise NotFound(f"No such {what}")


def ensure_role(principal: Principal, *roles: str) -> None:
    if not (principal.is_admin or principal.has_role(*roles)):
        raise Forbidden(f"This needs one of the roles: {', '.join(sorted(roles))}")


# The `amr` (authentication methods) values the issuer writes: "pwd" for the password,
# "otp" for a second factor (TOTP or a one-time recovery code).
SECOND_FACTOR_METHOD = "otp"


class SecondFactorRequired(Forbidden):
    code = "second-factor-sign-in-required"
    title = "Sign in with your second factor (authenticator code) to do this"
    title_zh = "此操作需要用第二因素（身份验证器验证码）登录"


def has_second_factor(principal: Principal) -> bool:
    methods = principal.claims.get("amr", [])
    return isinstance(methods, list) and SECOND_FACTOR_METHOD in methods


def require_second_factor(
    principal: Principal, *, required: bool = True, roles: Iterable[str] = (ADMIN_ROLE,)
) -> None:
    """Refuse a caller holding any of `roles` whose token was not signed in with a second
    factor. For the routes that reveal or export personal data or administer accounts."""
    if required and principal.has_role(*roles) and not has_second_factor(principal):
        raise SecondFactorRequired(
            "This action needs a sign-in with your second factor; enrol one at "
            "/v1/accounts/me/second-factor if you have none, then sign in again"
        )


class KeySource(Protocol):
    async def fetch(self) -> Mapping[str, jwt.PyJWK]: ...


class JwksUrlSource:
    def __init__(self, url: str, client: httpx.AsyncClient) -> None:
        self.url = url
        self.client = client

    async def fetch(self) -> Mapping[str, jwt.PyJWK]:
        response = await self.client.get(self.url, timeout=5.0)
        response.raise_for_status()
        return keys_from_jwks(response.json())


class StaticKeySource:
    def __init__(self, keys: Mapping[str, jwt.PyJWK]) -> None:
        self.keys = dict(keys)

    async def fetch(self) -> Mapping[str, jwt.PyJWK]:
        return dict(self.keys)


def keys_from_jwks(document: Mapping[str, Any]) -> dict[str, jwt.PyJWK]:
    keys = {}
    for entry in document.get("keys", []):
        if entry.get("kid") and entry.get("alg", "ES256") in ALGORITHMS:
            keys[entry["kid"]] = jwt.PyJWK(entry, algorithm="ES256")
    return keys


class TokenVerifier:
    def __init__(
        self,
        source: KeySource,
        *,
        issuer: str,
        audience: str,
        leeway_seconds: int = 30,
        min_refresh_seconds: float = 10.0,
        cache_size: int = 10_000,
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.source = source
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway_seconds
        self.min_refresh = min_refresh_seconds
        self.clock = clock
        self._keys: Mapping[str, jwt.PyJWK] = {}
        self._fetched_at = float("-inf")
        self._lock = asyncio.Lock()
        # Verified (audience, token) → principal, so a hot path pays the signature check once.
        self._cache: OrderedDict[tuple[str, str], Principal] = OrderedDict()
        self._cache_size = cache_size

    def invalidate(self) -> None:
        """Forget the keys so the next token re-fetches them at once (the issuer itself
        calls this after rotating, so its new key is accepted without waiting)."""
        self._keys = {}
        self._fetched_at = float("-inf")

    async def _refresh(self, *, force: bool) -> None:
        async with self._lock:
            if not force and self._keys:
                return
            if self.clock() - self._fetched_at < self.min_refresh:
                return
            self._fetched_at = self.clock()
            try:
                self._keys = await self.source.fetch()
            except (httpx.HTTPError, ValueError) as exc:
                log.warning("could not fetch signing keys", extra={"error": str(exc)})

    async def _key_for(self, kid: str) -> jwt.PyJWK:
        if kid not in self._keys:
            await self._refresh(force=True)
        key = self._keys.get(kid)
        if key is None:
            raise Unauthenticated("Token signed by an unknown key")
        return key

    async def verify(self, token: str, *, audience: str | None = None) -> Principal:
        """The principal of `token` if issued for `audience` (default: this service's)."""
        audience = audience or self.audience
        cache_key = (audience, token)
        cached = self._cache.get(cache_key)
        if cached is not None:
            if cached.expires_at + self.leeway > self.clock():
                self._cache.move_to_end(cache_key)
                return cached
            del self._cache[cache_key]
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise Unauthenticated("Malformed token") from None
        if header.get("alg") not in ALGORITHMS or not isinstance(header.get("kid"), str):
            raise Unauthenticated("Token algorithm or key id not accepted")
        key = await self._key_for(header["kid"])
        try:
            claims = jwt.decode(
                token,
                key=key.key,
                algorithms=ALGORITHMS,
                audience=audience,
                issuer=self.issuer,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError:
            raise TokenExpired("The access token has expired; refresh it") from None
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"Token rejected: {exc}") from None
        if claims.get("typ", "access") != "access":
            raise Unauthenticated("Not an access token")
        principal = principal_from_claims(claims)
        self._cache[cache_key] = principal
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)
        return principal


def principal_from_claims(claims: Mapping[str, Any]) -> Principal:
    return Principal(
        subject=str(claims["sub"]),
        roles=frozenset(_strings(claims.get("roles", []))),
        scopes=frozenset(_strings(claims.get("scopes", []))),
        token_id=claims.get("jti"),
        session_id=claims.get("sid"),
        expires_at=int(claims.get("exp", 0)),
        display_name=claims.get("name"),
        claims=dict(claims),
    )


def _strings(values: Iterable[Any]) -> list[str]:
    return [v for v in values if isinstance(v, str)]


class RevocationCheck(Protocol):
    async def ensure_not_revoked(self, principal: Principal) -> None: ...


def bearer_token(request: Request) -> str | None:
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token.strip():
        return None
    return token.strip()


@raises(Unauthenticated, TokenExpired, SessionRevoked)
async def _current_principal(request: Request) -> Principal:
    cached: Principal | None = getattr(request.state, "principal", None)
    if cached is not None:
        return cached
    token = bearer_token(request)
    if token is None:
        raise Unauthenticated("Sign in first: no bearer token")
    principal = await authenticate(request, token)
    request.state.principal = principal
    return principal


async def authenticate(request: Request, token: str, *, audience: str | None = None) -> Principal:
    """The principal of a bearer token presented to this service: signed by the issuer for
    `audience` (default: this service's), unexpired, and of a sign-in not revoked since
    (see weimin_kit.revocation; the gateway, without a database, checks signatures only)."""
    verifier: TokenVerifier = request.app.state.token_verifier
    principal = await verifier.verify(token, audience=audience)
    revocations: RevocationCheck | None = getattr(request.app.state, "revocations", None)
    if revocations is not None:
        await revocations.ensure_not_revoked(principal)
    return principal


CurrentPrincipal = Annotated[Principal, Depends(_current_principal)]


def enforce_second_factor(request: Request, principal: Principal) -> None:
    """`require_second_factor` as the service's settings say (`second_factor_required`,
    `second_factor_roles`)."""
    settings = request.app.state.settings
    require_second_factor(
        principal,
        required=settings.second_factor_required,
        roles=settings.second_factor_roles,
    )


@raises(SecondFactorRequired)
async def _second_factor_principal(request: Request, principal: CurrentPrincipal) -> Principal:
    enforce_second_factor(request, principal)
    return principal


# The caller of a route that reveals or exports personal data or administers accounts: as
# CurrentPrincipal, and refused (403 second-factor-sign-in-required) per the service's settings.
SecondFactorPrincipal = Annotated[Principal, Depends(_second_factor_principal)]


def require_roles(*roles: str, second_factor: bool = False) -> Callable[..., Any]:
    """A dependency refusing callers without one of `roles` (the admin always has them);
    with `second_factor`, then also those the settings require a second factor of."""

    async def dependency(request: Request, principal: CurrentPrincipal) -> Principal:
        ensure_role(principal, *roles)
        if second_factor:
            enforce_second_factor(request, principal)
        return principal

    return raises(Forbidden, *([SecondFactorRequired] if second_factor else []))(dependency)


class InsufficientScope(Forbidden):
    code = "insufficient-scope"
    title = "This client's token lacks the scope this operation needs"
    title_zh = "该客户端的令牌缺少此操作所需的权限范围"


def is_partner(principal: Principal, audience: str = INTEGRATION_AUDIENCE) -> bool:
    """A partner client's token (client credentials, or its Open311 key), not a person's."""
    return (
        principal.subject.startswith(PARTNER_SUBJECT_PREFIX)
        and principal.has_role(PARTNER_ROLE)
        and _audiences(principal.claims.get("aud")) == [audience]
    )


def _audiences(value: object) -> list[str]:
    if isinstance(value, str):
        return [value]
    return _strings(value) if isinstance(value, list) else []


def require_partner_scope(*scopes: str) -> Callable[..., Any]:
    """A dependency for the partner exchange: a partner client's token (audience
    `weimin-integration`, from the org-registry's token endpoint) holding every one of
    `scopes`. A person's token fails it (401: not issued for this audience), and a partner
    token fails every person's dependency (it is not issued for the service's audience).
    The client's area is among its scopes as `street:<id>` or `community:<id>`: check
    objects with `ensure_covers` as for anyone."""
    needed = tuple(dict.fromkeys(scopes))

    @raises(Unauthenticated, TokenExpired, SessionRevoked, InsufficientScope)
    async def dependency(request: Request) -> Principal:
        token = bearer_token(request)
        if token is None:
            raise Unauthenticated("No bearer token: get one at the token endpoint")
        return await partner_principal(request, token, needed)

    return dependency


async def partner_principal(
    request: Request,
    token: str,
    scopes: Iterable[str],
    *,
    audience: str = INTEGRATION_AUDIENCE,
) -> Principal:
    """The partner client a token was issued to for `audience`, holding every one of
    `scopes`: 401 for a token that is not a live partner token of that audience (signature,
    expiry, revocation as `authenticate`), 403 `insufficient-scope` for a missing scope."""
    needed = tuple(dict.fromkeys(scopes))
    principal = await authenticate(request, token, audience=audience)
    if not is_partner(principal, audience):
        raise Unauthenticated("Not a partner client's token")
    missing = [scope for scope in needed if scope not in principal.scopes]
    if missing:
        raise InsufficientScope(
            f"This client was not granted: {' '.join(missing)}",
            headers={
                "WWW-Authenticate": (
                    f'Bearer error="insufficient_scope", scope="{" ".join(needed)}"'
                )
            },
        )
    return principal
