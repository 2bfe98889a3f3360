"""The partner's side of `/integration/v1` (docs/partners.md): each call with the bearer
token, asked again once when Weimin answers 401 (expired or revoked)."""

import uuid
from collections import Counter
from dataclasses import dataclass
from typing import Any

import httpx

from weimin_partner_simulator.tokens import TokenSource

EXCHANGE = "/integration/v1"


class ExchangeError(Exception):
    def __init__(self, response: httpx.Response) -> None:
        self.status_code = response.status_code
        super().__init__(
            f"{response.request.method} {response.request.url.path} answered "
            f"{response.status_code}: {response.text[:500]}"
        )


@dataclass
class BatchAnswer:
    """A batch's per-record answers, and whether Weimin replayed a stored answer."""

    results: list[dict[str, Any]]
    replayed: bool
    idempotency_key: str

    @property
    def counts(self) -> Counter[str]:
        return Counter(result["outcome"] for result in self.results)

    def summary(self) -> str:
        order = ("accepted", "created", "updated", "unchanged", "matched", "conflict", "rejected")
        counts = self.counts
        parts = [f"{name} {counts[name]}" for name in order if counts[name]]
        replay = ", replayed" if self.replayed else ""
        return f"{len(self.results)} records: {', '.join(parts) or 'none'}{replay}"


@dataclass
class Exchange:
    base_url: str
    tokens: TokenSource
    http: httpx.AsyncClient

    async def call(
        self, method: str, path: str, headers: dict[str, str] | None = None, **kwargs: Any
    ) -> httpx.Response:
        url = self.base_url.rstrip("/") + EXCHANGE + path
        response: httpx.Response | None = None
        for renew in (False, True):
            token = await self.tokens.token(self.http, renew=renew)
            sent = {"Authorization": f"Bearer {token}", **(headers or {})}
            response = await self.http.request(method, url, headers=sent, **kwargs)
            if response.status_code != 401:
                break
        assert response is not None
        return response

    async def _ok(self, method: str, path: str, **kwargs: Any) -> Any:
        response = await self.call(method, path, **kwargs)
        if not response.is_success:
            raise ExchangeError(response)
        return response.json() if response.content else None

    async def grid_units(self) -> dict[str, Any]:
        collection: dict[str, Any] = await self._ok("GET", "/grid-units")
        return collection

    async def addresses(self, most: int = 500) -> list[dict[str, Any]]:
        """The area's standard addresses, page by page, up to `most`."""
        found: list[dict[str, Any]] = []
        cursor: str | None = None
        while len(found) < most:
            params = {"limit": "100", **({"cursor": cursor} if cursor else {})}
            page = await self._ok("GET", "/addresses", params=params)
            found.extend(page["items"])
            cursor = page.get("next_cursor")
            if not cursor:
                break
        return found[:most]

    async def _batch(self, path: str, records: list[dict[str, Any]], key: str) -> BatchAnswer:
        response = await self.call(
            "POST", path, json={"records": records}, headers={"Idempotency-Key": key}
        )
        if not response.is_success:
            raise ExchangeError(response)
        return BatchAnswer(
            results=response.json()["results"],
            replayed=response.headers.get("idempotent-replayed") == "true",
            idempotency_key=key,
        )

    async def push_addresses(self, records: list[dict[str, Any]], key: str) -> BatchAnswer:
        return await self._batch("/addresses/batches", records, key)

    async def push_population(self, records: list[dict[str, Any]], key: str) -> BatchAnswer:
        return await self._batch("/population/batches", records, key)

    async def send_incident_updates(
        self, records: list[dict[str, Any]], key: str | None = None
    ) -> BatchAnswer:
        return await self._batch("/incidents/updates", records, key or f"upd-{uuid.uuid4().hex}")

    async def incident(self, incident_id: str) -> dict[str, Any]:
        detail: dict[str, Any] = await self._ok("GET", f"/incidents/{incident_id}")
        return detail

    async def subscribe(self, url: str) -> dict[str, Any]:
        created: dict[str, Any] = await self._ok("POST", "/webhooks", json={"url": url})
        return created

    async def unsubscribe(self, subscription_id: str) -> None:
        await self._ok("DELETE", f"/webhooks/{subscription_id}")

    async def deliveries(self, subscription_id: str) -> list[dict[str, Any]]:
        page = await self._ok("GET", f"/webhooks/{subscription_id}/deliveries")
        items: list[dict[str, Any]] = page["items"]
        return items
