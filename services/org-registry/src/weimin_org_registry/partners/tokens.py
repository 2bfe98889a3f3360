"""The token endpoint: OAuth2 client credentials (RFC 6749 §4.4) for partner clients.

Authlib provides the protocol parts: the RFC 6749 §5.2 errors (their bodies, status and
`WWW-Authenticate`), the HTTP Basic client credentials (§2.3.1, form-encoded id and secret)
and the scope parameter. Its authorization server is synchronous (its client lookup and
secret check cannot await the database or hash in a worker thread), so the flow itself is
here: client authenticated by HTTP Basic (`client_secret_basic`) or by `client_id` and
`client_secret` in the form (`client_secret_post`), never both; an unknown client takes the
same Argon2 verification as a wrong secret.

The token: an ES256 JWT signed with the service's current key, audience
`weimin-integration` (weimin_kit.auth.INTEGRATION_AUDIENCE), `sub` `partner:<client_id>`,
role `partner`, `scopes` the granted operations (all, or those `scope` asked for) plus the
client's area as `street:<id>` or `community:<id>`, `sid` the client's row id, so a
revoke refuses every token it holds (see service.py), and the client's rate limit as
`rate_limit_per_minute` and `rate_limit_burst` (the grid enforces it without asking here;
a changed limit therefore holds from the client's next token).
"""

import logging
import uuid
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import parse_qs

from authlib.oauth2.rfc6749.errors import (
    InvalidClientError,
    InvalidRequestError,
    InvalidScopeError,
    UnsupportedGrantTypeError,
)
from authlib.oauth2.rfc6749.util import (
    extract_basic_authorization,
    list_to_scope,
    scope_to_list,
)
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import INTEGRATION_AUDIENCE, PARTNER_ROLE, PARTNER_SUBJECT_PREFIX
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.partners import repository
from weimin_org_registry.partners.models import PartnerClient
from weimin_org_registry.partners.schemas import TokenGranted

GRANT_TYPE = "client_credentials"
FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
# Longer than any client id or secret this service issues, short enough to hash cheaply.
MAX_CREDENTIAL_LENGTH = 256
MAX_BODY_BYTES = 4096
log = logging.getLogger("weimin.org_registry.partners")


@dataclass(frozen=True, slots=True)
class Credentials:
    client_id: str
    client_secret: str


@dataclass(slots=True)
class TokenAttempt:
    """What the audit keeps of a request that named a known client (service.py writes it)."""

    client: PartnerClient | None = None
    outcome: str | None = None
    scopes: list[str] = field(default_factory=list)


def parse_form(content_type: str | None, body: bytes) -> dict[str, str]:
    """The form's parameters; a repeated one or another media type is `invalid_request`."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE:
        raise InvalidRequestError(description=f"The body must be {FORM_MEDIA_TYPE}")
    if len(body) > MAX_BODY_BYTES:
        raise InvalidRequestError(description="The body is too large")
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True, strict_parsing=False)
    except (UnicodeDecodeError, ValueError):
        raise InvalidRequestError(description="The body is not a valid form") from None
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        raise InvalidRequestError(description=f"Repeated parameter: {_quoted(', '.join(repeated))}")
    return {name: values[0] for name, values in parsed.items()}


def _basic(authorization: str) -> Credentials:
    """RFC 6749 §2.3.1 credentials from an HTTP Basic header (Authlib reads it), or
    `invalid_client` when it does not hold both."""
    try:
        client_id, client_secret = extract_basic_authorization({"Authorization": authorization})
    except UnicodeDecodeError:  # Authlib decodes the credentials as UTF-8 without a guard
        raise _invalid_client("Malformed Basic credentials") from None
    if not client_id or not client_secret:
        raise _invalid_client("Basic credentials need the client id and secret")
    return Credentials(client_id, client_secret)


def _invalid_client(description: str) -> InvalidClientError:
    # 401 with `WWW-Authenticate: Basic …` whichever way the client authenticated.
    return InvalidClientError(status_code=401, description=description)


def client_credentials(authorization: str | None, form: Mapping[str, str]) -> Credentials:
    """Exactly one method: HTTP Basic (`client_secret_basic`) or the form's
    `client_id` + `client_secret` (`client_secret_post`)."""
    in_form = "client_secret" in form
    if authorization and authorization.split(" ", 1)[0].lower() == "basic":
        if in_form:
            raise InvalidRequestError(description="Authenticate the client one way, not two")
        credentials = _basic(authorization)
        if form.get("client_id") not in (None, credentials.client_id):
            raise InvalidRequestError(description="client_id differs from the Basic one")
        return credentials
    client_id, client_secret = form.get("client_id", ""), form.get("client_secret", "")
    if not client_id or not client_secret:
        raise _invalid_client("Client authentication is missing")
    return Credentials(client_id, client_secret)


def _quoted(value: str) -> str:
    """A caller's value fit for `error_description`, which RFC 6749 limits to printable
    ASCII without `"` and `\\` (Authlib refuses anything else)."""
    kept = "".join(c if " " <= c <= "~" and c not in '"\\' else "?" for c in value[:60])
    return kept + ("..." if len(value) > 60 else "")


def requested_scopes(form: Mapping[str, str], granted: Sequence[str]) -> list[str]:
    """The scopes asked for, each one granted (`invalid_scope` else); all when none."""
    asked = scope_to_list(form.get("scope") or "") or []
    if not asked:
        return list(granted)
    unknown = [scope for scope in dict.fromkeys(asked) if scope not in granted]
    if unknown:
        raise InvalidScopeError(
            description=f"Not granted to this client: {_quoted(' '.join(unknown))}"
        )
    return list(dict.fromkeys(asked))


async def _authenticated_client(
    session: AsyncSession,
    identity: Identity,
    credentials: Credentials,
    now: datetime,
    attempt: TokenAttempt,
) -> PartnerClient:
    too_long = (
        len(credentials.client_id) > MAX_CREDENTIAL_LENGTH
        or len(credentials.client_secret) > MAX_CREDENTIAL_LENGTH
    )
    client = (
        None if too_long else await repository.client_by_client_id(session, credentials.client_id)
    )
    live = [] if client is None else await repository.live_secrets(session, client.id, now)
    if not live:
        # The same work as a wrong secret: answers and timing say nothing of the client.
        await identity.passwords.verify(None, credentials.client_secret[:MAX_CREDENTIAL_LENGTH])
    valid = False
    for secret in live:
        if await identity.passwords.verify(secret.secret_hash, credentials.client_secret):
            valid = True
            break
    attempt.client = client
    if client is None or not valid:
        attempt.outcome = "wrong-secret"
        raise _invalid_client("Unknown client or wrong secret")
    if client.revoked_at is not None:
        attempt.outcome = "revoked"
        raise _invalid_client("This client is revoked")
    return client


async def issue_token(
    session: AsyncSession,
    identity: Identity,
    authorization: str | None,
    form: Mapping[str, str],
    now: datetime,
    attempt: TokenAttempt,
) -> TokenGranted:
    """The token, or an RFC 6749 error; `attempt` says what to audit either way."""
    grant_type = form.get("grant_type")
    if not grant_type:
        raise InvalidRequestError(description="Missing grant_type")
    if grant_type != GRANT_TYPE:
        raise UnsupportedGrantTypeError(_quoted(grant_type))
    credentials = client_credentials(authorization, form)
    client = await _authenticated_client(session, identity, credentials, now, attempt)
    try:
        scopes = requested_scopes(form, list(client.scopes))
    except InvalidScopeError:
        attempt.outcome = "invalid-scope"
        attempt.scopes = (scope_to_list(form.get("scope") or "") or [])[:20]
        raise
    attempt.outcome, attempt.scopes = "issued", scopes
    settings = identity.settings
    issued_at = int(now.timestamp())
    access_token, _ = await identity.signer.sign(
        session,
        {
            "iss": settings.jwt_issuer,
            "aud": INTEGRATION_AUDIENCE,
            "sub": PARTNER_SUBJECT_PREFIX + client.client_id,
            "client_id": client.client_id,
            "iat": issued_at,
            "exp": issued_at + settings.partner_token_ttl_seconds,
            "jti": uuid.uuid4().hex,
            "sid": str(client.id),
            "typ": "access",
            "roles": [PARTNER_ROLE],
            "scopes": [*scopes, f"{client.area_kind}:{client.area_id}"],
            "scope": list_to_scope(scopes),
            "name": client.name,
            "rate_limit_per_minute": client.rate_limit_per_minute,
            "rate_limit_burst": client.effective_burst,
        },
    )
    log.info("partner token issued", extra={"client_id": client.client_id, "scope": scopes})
    return TokenGranted(
        access_token=access_token,
        expires_in=settings.partner_token_ttl_seconds,
        scope=list_to_scope(scopes),
    )
