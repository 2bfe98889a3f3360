"""Who the client is: the address sign-in throttling counts against (see throttle.py)."""

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import Request

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    return [ipaddress.ip_network(value, strict=False) for value in values]


def client_address(request: Request, trusted_proxies: Sequence[Network]) -> str:
    """The X-Forwarded-For first hop when our direct peer is a trusted proxy, else the peer."""
    peer = request.client.host if request.client else ""
    try:
        peer_ip = ipaddress.ip_address(peer)
    except ValueError:
        return peer or "unknown"
    if not any(peer_ip in network for network in trusted_proxies):
        return peer
    forwarded = request.headers.get("x-forwarded-for", "")
    first = forwarded.split(",", 1)[0].strip()
    try:
        return str(ipaddress.ip_address(first))
    except ValueError:
        return peer
