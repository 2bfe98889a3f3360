"""Who may read the operations endpoints (`/metrics`).

With `ops_token` set, a request must carry `Authorization: Bearer <ops_token>` (compared in
constant time). Without one, only a client on this machine (loopback, after the trusted
proxies are resolved, so a request relayed by a local ingress does not count) may read, and
in production nobody: a production deployment that wants metrics sets a token.
"""

import hmac

from fastapi import Request

from weimin_kit.errors import Forbidden, Unauthenticated, raises
from weimin_kit.forwarded import client_address, is_loopback, parse_networks
from weimin_kit.settings import ServiceSettings


@raises(Unauthenticated, Forbidden)
def require_ops_access(request: Request) -> None:
    """FastAPI dependency: refuses (401/403 problem+json) unless the caller may read."""
    settings: ServiceSettings = request.app.state.settings
    token = settings.ops_token.get_secret_value()
    if token:
        scheme, _, given = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not hmac.compare_digest(
            given.strip().encode(), token.encode()
        ):
            raise Unauthenticated("Operations endpoints need the ops token")
        return
    if settings.environment == "production":
        raise Forbidden("Operations endpoints are closed: no ops token is configured")
    address = client_address(request, parse_networks(settings.trusted_proxies))
    if not is_loopback(address):
        raise Forbidden("Operations endpoints answer this machine only (no ops token is set)")
