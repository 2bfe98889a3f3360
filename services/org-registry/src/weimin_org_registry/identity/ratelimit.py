"""Who the client is: the address sign-in throttling counts against (see throttle.py)."""

import ipaddress
from collections.abc import Iterable, Sequence

from starlette.requests import Request

from weimin_kit import forwarded

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def parse_networks(values: Iterable[str]) -> list[Network]:
    return forwarded.parse_networks(values)


def client_address(request: Request, trusted_proxies: Sequence[Network]) -> str:
    """The right-most X-Forwarded-For address not a trusted proxy (see weimin_kit.forwarded)."""
    return forwarded.client_address(request, trusted_proxies)
