"""The browser's sign-in: the refresh token in an HttpOnly cookie, guarded against
cross-site requests.

API clients (the partner, scripts, tests) keep sending the refresh token in the body and
need none of this. A browser cannot keep a secret from a script that runs in its page, so
the SPA never holds the refresh token: it lives in `weimin_refresh` (HttpOnly, SameSite=
Strict, Secure over https, only sent to the auth paths), survives the webview closing,
and the page renews its in-memory access token with it.

A cookie is sent by the browser whatever page asked, so a request that uses it must prove
it came from our own page (OWASP CSRF Prevention Cheat Sheet):

- Fetch Metadata and Origin: a `Sec-Fetch-Site` other than `same-origin`/`none`, or an
  `Origin` that is not this site's own (or a configured one), is refused.
- Signed double submit: `weimin_csrf` (readable by the page, path /) holds a value bound
  to the refresh token (an HMAC of it, so a cookie planted by a sibling subdomain cannot
  match); the page echoes it in `X-CSRF-Token`. Another site can neither read the cookie
  nor set the header on a cross-site request without a CORS preflight we refuse.

SameSite=Strict rather than Lax: the cookie is only ever used by the SPA's own fetches,
which are same-site even when the page was opened from a WeChat chat link; no top-level
navigation from another site ever needs it.
"""

import hashlib
import hmac
import ipaddress
from collections.abc import Sequence
from urllib.parse import urlsplit

from fastapi import Request, Response

from weimin_kit import forwarded
from weimin_kit.errors import Forbidden
from weimin_org_registry.config import Settings
from weimin_org_registry.identity.ratelimit import Network

REFRESH_COOKIE = "weimin_refresh"
CSRF_COOKIE = "weimin_csrf"
CSRF_HEADER = "X-CSRF-Token"
# Domain separation: the CSRF value is not the stored token hash (a plain SHA-256).
_CSRF_CONTEXT = b"weimin refresh-cookie csrf v1"
_SAME_ORIGIN_FETCH = frozenset({"same-origin", "none"})


class CrossSiteRequestRefused(Forbidden):
    code = "cross-site-request-refused"
    title = "Request refused: it did not come from this site's own page"
    title_zh = "请求被拒绝：它并非来自本站页面"


def csrf_value(refresh_token: str) -> str:
    return hmac.new(_CSRF_CONTEXT, refresh_token.encode(), hashlib.sha256).hexdigest()


def _secure(request: Request, settings: Settings) -> bool:
    """Secure over https (the scheme the client used, per the trusted proxies) and always in
    production; plain http is left for development and tests on loopback."""
    return request.url.scheme == "https" or settings.environment == "production"


def set_cookies(
    response: Response, request: Request, settings: Settings, refresh_token: str
) -> None:
    secure = _secure(request, settings)
    max_age = settings.refresh_token_ttl_seconds
    response.set_cookie(
        REFRESH_COOKIE,
        refresh_token,
        max_age=max_age,
        path=settings.refresh_cookie_path,
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    response.set_cookie(
        CSRF_COOKIE,
        csrf_value(refresh_token),
        max_age=max_age,
        path="/",
        secure=secure,
        httponly=False,  # the page reads it to echo it in X-CSRF-Token
        samesite="strict",
    )


def clear_cookies(response: Response, request: Request, settings: Settings) -> None:
    secure = _secure(request, settings)
    response.delete_cookie(
        REFRESH_COOKIE,
        path=settings.refresh_cookie_path,
        secure=secure,
        httponly=True,
        samesite="strict",
    )
    response.delete_cookie(CSRF_COOKIE, path="/", secure=secure, samesite="strict")


def _peer_trusted(request: Request, trusted: Sequence[Network]) -> bool:
    peer = request.scope.get(forwarded.PEER_KEY) or (request.client.host if request.client else "")
    try:
        address = ipaddress.ip_address(peer)
    except ValueError:
        return False
    return any(address in network for network in trusted)


def _own_origin(request: Request, trusted: Sequence[Network]) -> str:
    """This site as the browser addressed it: the gateway's X-Forwarded-Host (believed from
    a trusted proxy only), else our own Host."""
    host = request.headers.get("host", "")
    if _peer_trusted(request, trusted):
        host = request.headers.get("x-forwarded-host", host).split(",")[-1].strip()
    return f"{request.url.scheme}://{host}".lower()


def _origin_allowed(
    origin: str, request: Request, settings: Settings, trusted: Sequence[Network]
) -> bool:
    parts = urlsplit(origin.lower())
    if not parts.scheme or not parts.netloc:
        return False  # "null" (a sandboxed frame, a file) and other opaque origins
    normalised = f"{parts.scheme}://{parts.netloc}"
    allowed = {o.lower().rstrip("/") for o in settings.refresh_cookie_origins}
    return normalised == _own_origin(request, trusted) or normalised in allowed


def cookie_refresh_token(
    request: Request, settings: Settings, trusted: Sequence[Network]
) -> str | None:
    """The refresh token from the cookie, after the cross-site checks; None without one.
    Raises CrossSiteRequestRefused for a request that may not have come from our page."""
    fetch_site = request.headers.get("sec-fetch-site")
    if fetch_site is not None and fetch_site.lower() not in _SAME_ORIGIN_FETCH:
        raise CrossSiteRequestRefused(f"Sec-Fetch-Site is {fetch_site!r}")
    origin = request.headers.get("origin")
    if origin is not None and not _origin_allowed(origin, request, settings, trusted):
        raise CrossSiteRequestRefused(f"Origin {origin!r} is not this site")
    token = request.cookies.get(REFRESH_COOKIE)
    if not token:
        return None
    echoed = request.headers.get(CSRF_HEADER, "")
    submitted = request.cookies.get(CSRF_COOKIE, "")
    expected = csrf_value(token)
    # Both the header and the cookie must carry the value bound to this refresh token.
    if not (hmac.compare_digest(echoed, expected) and hmac.compare_digest(submitted, expected)):
        raise CrossSiteRequestRefused(
            "Send the weimin_csrf cookie's value in the X-CSRF-Token header",
            detail_zh="请在 X-CSRF-Token 请求头中附上 weimin_csrf Cookie 的值",
        )
    return token
