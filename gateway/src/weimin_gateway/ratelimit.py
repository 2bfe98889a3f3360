"""Per-client token buckets, in memory (one gateway process; a shared store comes with
replicas)."""

import math
import time
from collections.abc import Callable


class RateLimiter:
    def __init__(
        self,
        rate_per_second: float,
        burst: int,
        *,
        max_clients: int = 100_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.rate = rate_per_second
        self.burst = float(burst)
        self.max_clients = max_clients
        self.clock = clock
        # client key -> [tokens left, time of last update]
        self._buckets: dict[str, list[float]] = {}

    def acquire(self, key: str) -> int:
        """Take one token; 0 when allowed, else the seconds to wait before a retry."""
        now = self.clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= self.max_clients:
                self._forget_idle(now)
            self._buckets[key] = [self.burst - 1.0, now]
            return 0
        tokens = min(self.burst, bucket[0] + (now - bucket[1]) * self.rate)
        bucket[1] = now
        if tokens >= 1.0:
            bucket[0] = tokens - 1.0
            return 0
        bucket[0] = tokens
        return max(1, math.ceil((1.0 - tokens) / self.rate))

    def _forget_idle(self, now: float) -> None:
        # A bucket that has refilled completely carries no state worth keeping.
        refill_seconds = self.burst / self.rate
        idle = [k for k, (_, last) in self._buckets.items() if now - last >= refill_seconds]
        for key in idle:
            del self._buckets[key]
        if len(self._buckets) >= self.max_clients:
            self._buckets.clear()
