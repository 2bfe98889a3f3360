"""Against a real uvicorn process: the claim race and the live stream."""

import asyncio
import json
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest_asyncio
from wish_live import running_wishes
from wish_world import Callers, build_world, open_wish, personal_data_in

from weimin_kit.testing import TestKeys

CLAIMERS = 200


@pytest_asyncio.fixture
async def server(tmp_path: Path, test_keys: TestKeys) -> AsyncIterator[tuple[str, Callers]]:
    async with running_wishes(tmp_path, test_keys) as base_url:
        yield base_url, Callers(test_keys, build_world())


def client_for(base_url: str) -> httpx.AsyncClient:
    limits = httpx.Limits(max_connections=CLAIMERS + 10, max_keepalive_connections=CLAIMERS + 10)
    return httpx.AsyncClient(base_url=base_url, timeout=60.0, limits=limits)


async def test_two_hundred_simultaneous_claims_make_exactly_one_claimant(
    server: tuple[str, Callers],
) -> None:
    base_url, callers = server
    async with client_for(base_url) as client:
        wish = await open_wish(client, callers, "A")
        headers = [callers.volunteer(n) for n in range(CLAIMERS)]
        start = asyncio.Event()

        async def claim(n: int) -> httpx.Response:
            await start.wait()
            return await client.post(f"/v1/wishes/{wish['id']}/claim", headers=headers[n])

        tasks = [asyncio.create_task(claim(n)) for n in range(CLAIMERS)]
        await asyncio.sleep(0.1)
        start.set()
        responses = await asyncio.gather(*tasks)
        statuses = sorted(r.status_code for r in responses)
        assert statuses == [201] + [409] * (CLAIMERS - 1)
        assert {r.json()["code"] for r in responses if r.status_code == 409} == {
            "wish-already-claimed"
        }
        winner = next(r.json() for r in responses if r.status_code == 201)
        claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
        assert [(c["claimer_id"], c["status"]) for c in claims.json()] == [
            (winner["claimer_id"], "active")
        ]
        staff_view = await client.get(f"/v1/wishes/{wish['id']}", headers=callers.admin())
        assert (staff_view.json()["state"], staff_view.json()["claimer_id"]) == (
            "claimed",
            winner["claimer_id"],
        )


class EventReader:
    """Reads Server-Sent Events off one streaming response (comments and retry skipped)."""

    def __init__(self, response: httpx.Response) -> None:
        self.lines = response.aiter_lines()

    async def ready(self) -> None:
        """The stream's first line is sent once it follows the wall: events after it arrive."""
        first = await asyncio.wait_for(anext(self.lines), 10)
        assert first == "retry: 3000"

    async def next(self, count: int, within_seconds: float = 10.0) -> list[dict[str, Any]]:
        events: list[dict[str, Any]] = []
        current: dict[str, Any] = {}

        async def collect() -> None:
            async for line in self.lines:
                if line.startswith("id: "):
                    current["id"] = int(line[4:])
                elif line.startswith("event: "):
                    current["event"] = line[7:]
                elif line.startswith("data: "):
                    current["data"] = json.loads(line[6:])
                elif line == "" and "id" in current:
                    events.append(dict(current))
                    current.clear()
                    if len(events) == count:
                        return

        await asyncio.wait_for(collect(), within_seconds)
        return events


async def register_kiosk(client: httpx.AsyncClient, callers: Callers, community: str) -> str:
    world = callers.world
    street = "S1" if community in ("C1", "C2") else "S2"
    response = await client.post(
        "/v1/kiosk-devices",
        json={
            "street_id": str(world.streets[street]),
            "community_id": str(world.communities[community]),
            "name": "大屏",
        },
        headers=callers.secretary(community),
    )
    assert response.status_code == 201, response.text
    paired = await client.post(
        "/v1/wall/kiosk/pair", json={"code": response.json()["pairing_code"]}
    )
    assert paired.status_code == 200, paired.text
    key: str = paired.cookies["weimin_kiosk"]
    return key


async def test_kiosk_stream_is_live_and_resumes_with_last_event_id(
    server: tuple[str, Callers],
) -> None:
    base_url, callers = server
    async with client_for(base_url) as client:
        key = await register_kiosk(client, callers, "C1")
        stream_url = "/v1/wall/stream"
        # The key as a browser kiosk's EventSource sends it: the cookie, never the URL.
        cookie = {"Cookie": f"weimin_kiosk={key}"}
        async with client.stream("GET", stream_url, headers=cookie) as stream:
            assert stream.headers["content-type"].startswith("text/event-stream")
            reader = EventReader(stream)
            await reader.ready()
            wish = await open_wish(client, callers, "A")
            await open_wish(client, callers, "C")  # community C2: not for this kiosk
            live = await reader.next(1)
        assert [(e["event"], e["data"]["wish"]["id"]) for e in live] == [
            ("wish.published", wish["id"])
        ]
        assert live[0]["data"]["wish"]["beneficiary"] == "张奶奶"
        last_seen = live[0]["id"]

        # While the kiosk is offline the wish is claimed and the claim withdrawn.
        await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
        await client.post(f"/v1/wishes/{wish['id']}/claim/withdraw", headers=callers.volunteer(1))
        other = await open_wish(client, callers, "B")

        resumed_headers = {"Last-Event-ID": str(last_seen), "X-Kiosk-Key": key}
        async with client.stream("GET", stream_url, headers=resumed_headers) as stream:
            reader = EventReader(stream)
            missed = await reader.next(3)
            await open_wish(client, callers, "C")  # live, but for community C2
            await client.post(f"/v1/wishes/{other['id']}/claim", headers=callers.member(2))
            after = await reader.next(1)
        assert [(e["event"], e["data"]["wish"]["id"]) for e in missed + after] == [
            ("wish.claimed", wish["id"]),
            ("wish.released", wish["id"]),
            ("wish.published", other["id"]),
            ("wish.claimed", other["id"]),
        ]
        ids = [e["id"] for e in missed + after]
        assert ids == sorted(ids)
        assert ids[0] > last_seen
        assert personal_data_in([e["data"] for e in live + missed + after]) == []


async def test_signed_in_phone_follows_the_city_wide_stream(
    server: tuple[str, Callers],
) -> None:
    base_url, callers = server
    async with client_for(base_url) as client:
        headers = callers.volunteer(5)
        async with client.stream("GET", "/v1/wall/stream", headers=headers) as stream:
            reader = EventReader(stream)
            await reader.ready()
            first = await open_wish(client, callers, "A")
            second = await open_wish(client, callers, "D")
            events = await reader.next(2)
        assert [e["data"]["wish"]["id"] for e in events] == [first["id"], second["id"]]


async def test_revoked_kiosk_loses_its_open_stream(server: tuple[str, Callers]) -> None:
    base_url, callers = server
    async with client_for(base_url) as client:
        key = await register_kiosk(client, callers, "C1")
        devices = await client.get("/v1/kiosk-devices", headers=callers.secretary("C1"))
        device_id = devices.json()["items"][0]["id"]
        headers = {"X-Kiosk-Key": key}
        async with client.stream("GET", "/v1/wall/stream", headers=headers) as stream:
            revoked = await client.post(
                f"/v1/kiosk-devices/{device_id}/revoke", headers=callers.secretary("C1")
            )
            assert revoked.status_code == 200

            async def drain() -> None:
                async for _ in stream.aiter_lines():
                    pass

            # The heartbeat (1 s here) re-checks the key and ends the stream.
            await asyncio.wait_for(drain(), 10)
        listed = await client.get("/v1/kiosk-devices", headers=callers.secretary("C1"))
        assert listed.json()["items"][0]["last_seen_at"] is not None
