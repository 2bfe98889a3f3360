"""Security headers on every response the gateway sends: the SPA, its docs page and the API.

The SPA's policy allows scripts, styles, fonts and connections from this origin only (the
build has no inline script or style element; Vue and Vant set styles through the CSSOM,
which a policy does not govern, so `style-src` needs no 'unsafe-inline'), images from here,
`data:`/`blob:` URLs (Vant's icons, photo previews before upload) and the configured
image/tile hosts. API responses are data, never documents: `default-src 'none'`.
Framing is refused unless a kiosk deployment names the origins allowed to frame the app.
"""

from collections.abc import Sequence
from typing import Literal

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from weimin_gateway.routing import PASSTHROUGH, VERSIONED_PREFIX

Hsts = Literal["auto", "on", "off"]
API_POLICY = "default-src 'none'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'"
PERMISSIONS_POLICY = (
    "camera=(self), geolocation=(self), microphone=(), payment=(), usb=(), "
    "serial=(), bluetooth=(), midi=(), display-capture=()"
)


def spa_policy(image_hosts: Sequence[str], frame_ancestors: Sequence[str]) -> str:
    images = " ".join(["'self'", "data:", "blob:", *image_hosts])
    ancestors = " ".join(frame_ancestors) if frame_ancestors else "'none'"
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "font-src 'self' data:",
            "connect-src 'self'",
            "manifest-src 'self'",
            "worker-src 'self'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            f"frame-ancestors {ancestors}",
        ]
    )


class SecurityHeadersMiddleware:
    def __init__(
        self,
        app: ASGIApp,
        *,
        image_hosts: Sequence[str],
        frame_ancestors: Sequence[str],
        hsts: Hsts,
        hsts_max_age_seconds: int,
    ) -> None:
        self.app = app
        common = [
            ("X-Content-Type-Options", "nosniff"),
            ("Referrer-Policy", "strict-origin-when-cross-origin"),
            ("Permissions-Policy", PERMISSIONS_POLICY),
            ("Cross-Origin-Opener-Policy", "same-origin"),
        ]
        if not frame_ancestors:
            common.append(("X-Frame-Options", "DENY"))  # for browsers without CSP level 2
        self.spa = [*common, ("Content-Security-Policy", spa_policy(image_hosts, frame_ancestors))]
        self.api = [*common, ("Content-Security-Policy", API_POLICY)]
        self.hsts = hsts
        self.hsts_value = f"max-age={hsts_max_age_seconds}"

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        is_api = path.startswith(VERSIONED_PREFIX) or path in PASSTHROUGH
        extra = self.api if is_api else self.spa
        # The scheme is the client's (weimin_kit.forwarded believes a trusted X-Forwarded-Proto).
        hsts = self.hsts == "on" or (self.hsts == "auto" and scope.get("scheme") == "https")

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in extra:
                    if name not in headers:  # a service's own stricter value stands
                        headers.append(name, value)
                if hsts:
                    headers["Strict-Transport-Security"] = self.hsts_value
            await send(message)

        await self.app(scope, receive, send_with_headers)
