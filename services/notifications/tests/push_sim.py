"""The local push service (tools/push_service) as a real process on a free loopback port,
and the few calls a test makes to it."""

import asyncio
import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import httpx


@dataclass(frozen=True)
class PushSim:
    origin: str
    http: httpx.AsyncClient

    async def subscribe(
        self, application_server_key: str | None = None, expires_in_seconds: float | None = None
    ) -> dict[str, Any]:
        """A browser's `PushSubscription.toJSON()`: endpoint, expirationTime, keys."""
        answer = await self.http.post(
            "/subscriptions",
            json={
                "application_server_key": application_server_key,
                "expires_in_seconds": expires_in_seconds,
            },
        )
        answer.raise_for_status()
        subscription: dict[str, Any] = answer.json()
        return subscription

    async def unsubscribe(self, subscription: dict[str, Any]) -> None:
        answer = await self.http.delete(f"/subscriptions/{subscription_id(subscription)}")
        answer.raise_for_status()

    async def fail_next(self, status: int, count: int = 1, retry_after: int = 0) -> None:
        answer = await self.http.post(
            "/_control/fail", json={"status": status, "count": count, "retry_after": retry_after}
        )
        answer.raise_for_status()

    async def arrivals(self, subscription: dict[str, Any]) -> list[dict[str, Any]]:
        answer = await self.http.get(
            "/_arrivals", params={"subscription": subscription_id(subscription)}
        )
        answer.raise_for_status()
        arrivals: list[dict[str, Any]] = answer.json()
        return arrivals


def subscription_id(subscription: dict[str, Any]) -> str:
    return str(subscription["endpoint"]).rsplit("/", 1)[-1]


@asynccontextmanager
async def running_push_service() -> AsyncIterator[PushSim]:
    """`python -m weimin_push_service --port 0`; its first line names the origin."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "weimin_push_service", "--port", "0",
        stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = await asyncio.wait_for(process.stdout.readline(), 60)
        origin = line.decode().strip().rsplit(" ", 1)[-1]
        assert origin.startswith("http://127.0.0.1:"), line
        async with httpx.AsyncClient(base_url=origin, timeout=10) as http:
            yield PushSim(origin, http)
    finally:
        if process.returncode is None:
            process.terminate()
            await asyncio.wait_for(process.wait(), 15)
