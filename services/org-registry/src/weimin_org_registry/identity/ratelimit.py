"""Login throttling: a sliding window per client address and per username, in memory.

In memory is enough for one process; several replicas each allow the limit, which still
caps guessing far below what a password can withstand (the account lockout backs it up).
"""

import ipaddress
import math
from collections import deque
from collections.abc import Iterable, Sequence

from starlette.requests import Request

from weimin_kit import forwarded
from weimin_kit.errors import RateLimited

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


class SlidingWindowLimiter:
    def __init__(self, limit: int, window_seconds: float, max_keys: int = 100_000) -> None:
        self.limit = limit
        self.window = window_seconds
        self.max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}

    def _recent(self, key: str, now: float) -> deque[float]:
        hits = self._hits.get(key)
        if hits is None:
            return deque()
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if not hits:
            del self._hits[key]
        return hits

    def retry_after(self, keys: Iterable[str], now: float) -> int | None:
        """Seconds to wait when any key is at its limit, else None."""
        waits = [
            hits[0] + self.window - now
            for key in keys
            if len(hits := self._recent(key, now)) >= self.limit
        ]
        return max(1, math.ceil(max(waits))) if waits else None

    def hit(self, keys: Iterable[str], now: float) -> None:
        if len(self._hits) >= self.max_keys:
            self._sweep(now)
        for key in keys:
            self._recent(key, now)
            self._hits.setdefault(key, deque()).append(now)

    def check_and_hit(self, keys: Sequence[str], now: float) -> None:
        wait = self.retry_after(keys, now)
        if wait is not None:
            raise RateLimited(wait, f"Too many sign-in attempts; try again in {wait} s")
        self.hit(keys, now)

    def _sweep(self, now: float) -> None:
        for key in list(self._hits):
            self._recent(key, now)
        if len(self._hits) >= self.max_keys:  # still full: forget the oldest half
            for key in list(self._hits)[: self.max_keys // 2]:
                del self._hits[key]


def parse_networks(values: Iterable[str]) -> list[Network]:
    return forwarded.parse_networks(values)


def client_address(request: Request, trusted_proxies: Sequence[Network]) -> str:
    """The right-most X-Forwarded-For address not a trusted proxy (see weimin_kit.forwarded)."""
    return forwarded.client_address(request, trusted_proxies)
