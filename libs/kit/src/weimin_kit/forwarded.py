"""Who the client is behind proxies: X-Forwarded-For and X-Forwarded-Proto believed only as
far as the proxies this process is configured to trust (`trusted_proxies`, CIDR list).

Each proxy appends the address it received the request from, so the list reads left to
right from the client towards us, and anything left of the first trusted hop was written by
the client itself. The client is therefore the right-most address that is not a trusted
proxy: walking from our direct peer leftwards, we stop at the first untrusted address. A
client that puts made-up addresses in the header only adds entries to the left of its own
real one, which nobody reads.
"""

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import HTTPConnection
from starlette.types import ASGIApp, Receive, Scope, Send

Network = ipaddress.IPv4Network | ipaddress.IPv6Network
Address = ipaddress.IPv4Address | ipaddress.IPv6Address

#: Where the middleware keeps the address it resolved (the ASGI `client` it rewrites would
#: otherwise be resolved a second time).
CLIENT_KEY = "weimin.client_address"
#: The direct TCP peer before the rewrite.
PEER_KEY = "weimin.peer_address"
_SCHEMES = frozenset({"http", "https"})
_WEBSOCKET_SCHEMES = {"http": "ws", "https": "wss"}


def parse_networks(values: Iterable[str]) -> list[Network]:
    """Addresses or CIDR networks ("10.0.0.0/8", "127.0.0.1"); ValueError names a bad one."""
    return [ipaddress.ip_network(value.strip(), strict=False) for value in values]


def _address(text: str) -> Address | None:
    text = text.strip()
    if text.startswith("[") and "]" in text:  # "[2001:db8::1]:443"
        text = text[1 : text.index("]")]
    elif text.count(":") == 1:  # "203.0.113.7:51234"
        text = text.partition(":")[0]
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _is_trusted(address: Address, trusted: Sequence[Network]) -> bool:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        address = address.ipv4_mapped
    return any(address in network for network in trusted)


def resolve_client(peer: str, forwarded_for: Iterable[str], trusted: Sequence[Network]) -> str:
    """The right-most address of (X-Forwarded-For entries…, peer) that is not trusted.

    When every hop is trusted the left-most is the client. An entry that is not an address
    stops the walk at the trusted hop that passed it on (never at the client's word).
    """
    peer_address = _address(peer)
    if peer_address is None:
        return peer or "unknown"
    if not _is_trusted(peer_address, trusted):
        return str(peer_address)
    hops = [hop for value in forwarded_for for hop in value.split(",") if hop.strip()]
    client = peer_address
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            break
        client = address
        if not _is_trusted(address, trusted):
            break
    return str(client)


def _header_values(scope: Scope, name: bytes) -> list[str]:
    return [value.decode("latin-1") for key, value in scope.get("headers", ()) if key == name]


def _peer(scope: Scope) -> str:
    client = scope.get("client")
    return client[0] if client else ""


def resolve_scheme(scope: Scope, trusted: Sequence[Network]) -> str:
    """`http` or `https` as the client used it: X-Forwarded-Proto from a trusted peer (its
    last entry: the one that peer wrote), else the scheme of our own socket."""
    own = "https" if scope.get("scheme") in ("https", "wss") else "http"
    peer = _address(_peer(scope))
    if peer is None or not _is_trusted(peer, trusted):
        return own
    values = _header_values(scope, b"x-forwarded-proto")
    if not values:
        return own
    claimed = values[-1].split(",")[-1].strip().lower()
    return claimed if claimed in _SCHEMES else own


def client_address(connection: HTTPConnection, trusted: Sequence[Network]) -> str:
    """The client's address: as `ForwardedMiddleware` resolved it, or resolved here."""
    resolved = connection.scope.get(CLIENT_KEY)
    if isinstance(resolved, str):
        return resolved
    scope = connection.scope
    return resolve_client(_peer(scope), _header_values(scope, b"x-forwarded-for"), trusted)


def is_loopback(address: str) -> bool:
    parsed = _address(address)
    return parsed is not None and parsed.is_loopback


class ForwardedMiddleware:
    """Rewrites the ASGI `client` and `scheme` to the client's own, per the trusted proxies,
    so rate limits, logs and redirects everywhere inside see the real client. It replaces
    uvicorn's proxy-header handling (serve with `proxy_headers=False`)."""

    def __init__(self, app: ASGIApp, trusted_proxies: Sequence[str]) -> None:
        self.app = app
        self.trusted = parse_networks(trusted_proxies)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] in ("http", "websocket") and CLIENT_KEY not in scope:
            peer = _peer(scope)
            client = resolve_client(peer, _header_values(scope, b"x-forwarded-for"), self.trusted)
            scheme = resolve_scheme(scope, self.trusted)
            scope[PEER_KEY] = peer
            scope[CLIENT_KEY] = client
            if client != peer:
                scope["client"] = (client, 0)
            scope["scheme"] = scheme if scope["type"] == "http" else _WEBSOCKET_SCHEMES[scheme]
        await self.app(scope, receive, send)
