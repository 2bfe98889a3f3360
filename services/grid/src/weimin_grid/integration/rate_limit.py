"""Per-client rate limits of the partner exchange: a token bucket per partner client.

A client's limit comes in its token (claims `rate_limit_per_minute` and `rate_limit_burst`,
set per client in org-registry), so enforcing it asks nobody. The bucket holds up to
`burst` calls and refills at `per_minute / 60` a second: a client may send its burst at
once, then keeps its per-minute pace.

The buckets live in a `RateLimitStore` named by the `partner_rate_limit_storage` setting.
Today the grid is one process and `memory://` is right. With replicas (#22) each would
count on its own and a client would get the limit once per replica: a store shared by all
(`redis://`, the bucket updated atomically by a script) is the class to add behind the same
interface, and `store_for` the place to choose it.
"""

import math
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from weimin_kit.auth import Principal

MINUTE = 60.0
# A bucket refilled by float arithmetic can fall a hair short of a whole call.
EPSILON = 1e-9


@dataclass(frozen=True, slots=True)
class Limit:
    per_minute: int
    burst: int

    @property
    def per_second(self) -> float:
        return self.per_minute / MINUTE


@dataclass(frozen=True, slots=True)
class Decision:
    allowed: bool
    limit: Limit
    #: Calls the client may still make at once.
    remaining: int
    #: Seconds until the bucket is full again.
    reset_seconds: int
    #: Seconds to wait before a retry can succeed; 0 when allowed.
    retry_after: int

    def headers(self) -> list[tuple[bytes, bytes]]:
        """The RateLimit fields of the IETF draft (draft-ietf-httpapi-ratelimit-headers)."""
        fields = {
            b"ratelimit-limit": self.limit.per_minute,
            b"ratelimit-remaining": self.remaining,
            b"ratelimit-reset": self.reset_seconds,
        }
        policy = f"{self.limit.per_minute};w=60;burst={self.limit.burst}"
        return [(name, str(value).encode()) for name, value in fields.items()] + [
            (b"ratelimit-policy", policy.encode())
        ]


class RateLimitStore(Protocol):
    async def take(self, key: str, limit: Limit) -> Decision:
        """Take one call from `key`'s bucket if it holds one."""
        ...


class MemoryTokenBuckets:
    """The buckets in this process's memory; a check never awaits, so it is atomic on the
    event loop."""

    def __init__(
        self, *, max_clients: int = 100_000, clock: Callable[[], float] = time.monotonic
    ) -> None:
        self.max_clients = max_clients
        self.clock = clock
        # key -> (calls left, when last updated, when full again)
        self._buckets: dict[str, tuple[float, float, float]] = {}

    async def take(self, key: str, limit: Limit) -> Decision:
        now = self.clock()
        stored = self._buckets.get(key)
        if stored is None:
            if len(self._buckets) >= self.max_clients:
                self._forget_full(now)
            tokens = float(limit.burst)
        else:
            # A changed limit (a newer token) applies at once, capped at its burst.
            tokens = min(float(limit.burst), stored[0] + (now - stored[1]) * limit.per_second)
        allowed = tokens + EPSILON >= 1.0
        if allowed:
            tokens = max(0.0, tokens - 1.0)
        refill_seconds = (limit.burst - tokens) / limit.per_second
        self._buckets[key] = (tokens, now, now + refill_seconds)
        retry_after = 0 if allowed else max(1, math.ceil((1.0 - tokens) / limit.per_second))
        return Decision(
            allowed=allowed,
            limit=limit,
            remaining=int(tokens + EPSILON),
            reset_seconds=max(0, math.ceil(refill_seconds - EPSILON)),
            retry_after=retry_after,
        )

    def _forget_full(self, now: float) -> None:
        # A bucket that has refilled completely carries nothing worth keeping.
        full = [key for key, (_, _, full_at) in self._buckets.items() if full_at <= now]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_clients:
            self._buckets.clear()


def store_for(url: str) -> RateLimitStore:
    """The store the `partner_rate_limit_storage` setting names."""
    scheme = url.split("://", 1)[0]
    if scheme == "memory":
        return MemoryTokenBuckets()
    raise ValueError(
        f"partner_rate_limit_storage: {scheme}:// is not supported yet; use memory:// "
        "(a shared store comes with the grid's replicas, #22)"
    )


def _positive_int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool) and value >= 1:
        return value
    return None


class PartnerRateLimits:
    """Each client's limit, read from its token, checked against the store."""

    def __init__(self, store: RateLimitStore, default_per_minute: int) -> None:
        self.store = store
        self.default_per_minute = default_per_minute

    def limit_of(self, partner: Principal) -> Limit:
        per_minute = _positive_int(partner.claims.get("rate_limit_per_minute"))
        per_minute = per_minute or self.default_per_minute
        burst = _positive_int(partner.claims.get("rate_limit_burst")) or per_minute
        return Limit(per_minute=per_minute, burst=burst)

    async def take(self, client_id: str, partner: Principal) -> Decision:
        return await self.store.take(client_id, self.limit_of(partner))


class RateLimitHeaders:
    """ASGI middleware: the RateLimit fields on every exchange answer whose call was
    counted (a streamed export's too, which a dependency's headers would miss)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith("/integration/"):
            await self.app(scope, receive, send)
            return

        async def sending(message: Message) -> None:
            if message["type"] == "http.response.start":
                decision = (scope.get("state") or {}).get("partner_rate")
                if isinstance(decision, Decision):
                    message = {
                        **message,
                        "headers": [*message.get("headers", []), *decision.headers()],
                    }
            await send(message)

        await self.app(scope, receive, sending)
