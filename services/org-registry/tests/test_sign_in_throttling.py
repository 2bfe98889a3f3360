"""Sign-in throttling: growing waits per (username, address), a generous per-address
ceiling, a per-username ceiling that spares the owner's known addresses, the same answers
for unknown usernames, counters shared through the database, and the sign-in audit."""

import asyncio
import statistics
import time
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from typing import Any

import httpx
import pytest
from conftest import cheap_settings
from fastapi import FastAPI
from org_registry_world import PASSWORD, FakeClock, World
from sqlalchemy import delete, select

from weimin_kit.ids import new_id
from weimin_org_registry.app import create_app
from weimin_org_registry.identity.models import LoginThrottle, SignInEvent

LOGIN = "/v1/auth/login"
SHARED_IP = "192.0.2.250"


def _from(address: str) -> dict[str, str]:
    # The test client's peer (127.0.0.1) is a trusted proxy, so this is the client address.
    return {"X-Forwarded-For": address}


def _without_request_id(body: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in body.items() if k != "request_id"}


async def _attempt(
    client: httpx.AsyncClient,
    username: str,
    password: str = "wrong-password",  # noqa: S107 - the wrong one, on purpose
    ip: str = "203.0.113.1",
) -> httpx.Response:
    return await client.post(
        LOGIN, json={"username": username, "password": password}, headers=_from(ip)
    )


async def _wait_sequence(
    client: httpx.AsyncClient, clock: FakeClock, username: str, attempts: int
) -> list[tuple[int, str | None]]:
    """Status and Retry-After of each wrong password in a row, waiting out each wait."""
    seen: list[tuple[int, str | None]] = []
    for _ in range(attempts):
        response = await _attempt(client, username)
        seen.append((response.status_code, response.headers.get("retry-after")))
        if response.status_code == 429:
            clock.advance(seconds=int(response.headers["retry-after"]))
    return seen


async def test_waits_double_after_three_free_failures_then_the_right_password_gets_in(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    assert await _wait_sequence(client, clock, "alice", 9) == [
        (401, None),
        (401, None),
        (401, None),  # free
        (401, None),
        (429, "1"),
        (401, None),
        (429, "2"),
        (401, None),
        (429, "4"),
    ]
    # While waiting even the right password is refused: the wait holds for this address.
    await _attempt(client, "alice")  # 7th failure: 8 s
    clock.advance(seconds=7)
    early = await _attempt(client, "alice", PASSWORD)
    assert early.status_code == 429
    assert early.json()["code"] == "rate-limited"
    assert early.json()["retry_after"] == 1
    clock.advance(seconds=1)
    assert (await _attempt(client, "alice", PASSWORD)).status_code == 200
    # Getting in cleared this address's slate: three free failures again.
    statuses = [(await _attempt(client, "alice")).status_code for _ in range(4)]
    assert statuses == [401, 401, 401, 401]
    assert (await _attempt(client, "alice")).status_code == 429


async def test_waits_are_capped_at_fifteen_minutes(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    sequence = await _wait_sequence(client, clock, "nobody-here", 29)
    waits = [int(after) for status, after in sequence if status == 429 and after]
    assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 900, 900, 900]


async def test_an_unknown_username_is_throttled_exactly_like_an_existing_one(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    existing = await _wait_sequence(client, clock, "alice", 12)
    unknown = await _wait_sequence(client, clock, "alicia", 12)
    assert existing == unknown


async def test_unknown_username_and_wrong_password_answer_alike_in_body_and_time(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    timings: dict[str, list[float]] = {"wrong": [], "unknown": []}
    bodies: dict[str, list[dict[str, Any]]] = {"wrong": [], "unknown": []}
    for n in range(24):  # interleaved, each from its own address so nothing waits
        for kind, username in (("wrong", "alice"), ("unknown", f"ghost{n}")):
            started = time.perf_counter()
            response = await _attempt(
                client, username, ip=f"198.51.100.{n * 2 + (kind == 'unknown')}"
            )
            timings[kind].append(time.perf_counter() - started)
            assert response.status_code == 401
            assert response.headers["content-type"] == "application/problem+json"
            bodies[kind].append(_without_request_id(response.json()))
    assert bodies["wrong"][0] == bodies["unknown"][0]
    assert {str(b) for b in bodies["wrong"] + bodies["unknown"]} == {str(bodies["wrong"][0])}
    assert bodies["wrong"][0]["code"] == "invalid-credentials"
    wrong, unknown = statistics.median(timings["wrong"]), statistics.median(timings["unknown"])
    # The same queries and a dummy hash of the same cost: medians within a third.
    assert abs(wrong - unknown) <= max(wrong, unknown) / 3, (wrong, unknown)


async def test_an_attacker_elsewhere_does_not_lock_out_the_owner(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    for _ in range(10):
        await _attempt(client, "alice", ip="192.0.2.66")
    assert (await _attempt(client, "alice", ip="192.0.2.66")).status_code == 429
    assert (await _attempt(client, "alice", PASSWORD, ip="203.0.113.10")).status_code == 200


async def test_a_hundred_people_behind_one_address_all_get_in(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    """A community office behind one NAT address: a hundred accounts, each mistyping twice
    before getting in, in one hour."""
    for n in range(100):
        await world.add_account(f"staff{n:03d}", ["volunteer"])
    office = "198.51.100.200"
    for n in range(100):
        assert (await _attempt(client, f"staff{n:03d}", ip=office)).status_code == 401
        assert (await _attempt(client, f"staff{n:03d}", ip=office)).status_code == 401
        response = await _attempt(client, f"staff{n:03d}", PASSWORD, ip=office)
        assert response.status_code == 200, (n, response.text)
        clock.advance(seconds=30)


async def test_one_address_meets_its_ceiling_after_three_hundred_failures_an_hour(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    spray = "192.0.2.99"
    for n in range(300):  # a password spray: each username once
        assert (await _attempt(client, f"user{n}", ip=spray)).status_code == 401
    refused = await _attempt(client, "alice", PASSWORD, ip=spray)
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "3600"
    clock.advance(seconds=3600)
    assert (await _attempt(client, "alice", PASSWORD, ip=spray)).status_code == 200


async def test_one_username_from_many_addresses_slows_down_but_not_from_its_known_address(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    home = "203.0.113.50"
    assert (await _attempt(client, "alice", PASSWORD, ip=home)).status_code == 200
    for n in range(31):  # a botnet: one guess per address
        assert (await _attempt(client, "alice", ip=f"192.0.2.{n}")).status_code == 401
    from_new_address = await _attempt(client, "alice", PASSWORD, ip="192.0.2.200")
    assert from_new_address.status_code == 429
    assert from_new_address.headers["retry-after"] == "1"
    assert (await _attempt(client, "alice", PASSWORD, ip=home)).status_code == 200


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    app: FastAPI, world: World
) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as c:
        statuses = [
            (await _attempt(c, "alice", ip=f"198.51.100.{n}")).status_code  # spoofed
            for n in range(5)
        ]
    assert statuses == [401, 401, 401, 401, 429]


@pytest.fixture
async def two_instances(database_url: str) -> AsyncIterator[tuple[httpx.AsyncClient, ...]]:
    """Two app instances (as two processes would be) on the suite's database, committing
    for real; what they wrote is deleted afterwards."""
    settings = cheap_settings(
        database_url=database_url,
        environment="test",
        events_transport="none",
        login_delay_base_seconds=60,
    )
    async with AsyncExitStack() as stack:
        clients = []
        for _ in range(2):
            application = create_app(settings)
            await stack.enter_async_context(application.router.lifespan_context(application))
            transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
            clients.append(
                await stack.enter_async_context(
                    httpx.AsyncClient(transport=transport, base_url="http://service.test")
                )
            )
        try:
            yield tuple(clients)
        finally:
            async with application.state.database.sessionmaker() as session, session.begin():
                await session.execute(
                    delete(LoginThrottle).where(
                        LoginThrottle.key.like("shared-%") | (LoginThrottle.key == SHARED_IP)
                    )
                )
                await session.execute(
                    delete(SignInEvent).where(SignInEvent.username.like("shared-%"))
                )


async def test_counters_are_shared_by_every_instance_on_the_database(
    two_instances: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    first, second = two_instances
    username = f"shared-{new_id().hex[:8]}"
    statuses = []
    for n in range(4):  # alternating instances, as a load balancer would
        client = (first, second)[n % 2]
        statuses.append((await _attempt(client, username, ip=SHARED_IP)).status_code)
    refused = await _attempt(first, username, ip=SHARED_IP)
    assert statuses == [401, 401, 401, 401]
    assert refused.status_code == 429
    assert refused.headers["retry-after"] == "60"
    assert (await _attempt(second, username, ip=SHARED_IP)).status_code == 429


async def test_a_burst_of_guesses_at_one_username_gets_only_the_free_ones_checked(
    two_instances: tuple[httpx.AsyncClient, httpx.AsyncClient],
) -> None:
    """Sent all at once to two instances: the username's keys are locked before the
    password is checked, so the burst queues and all but the free failures (and the one
    that earns the wait) are refused unchecked, as if sent one after another."""
    first, second = two_instances
    username = f"shared-{new_id().hex[:8]}"
    responses = await asyncio.gather(
        *(_attempt((first, second)[n % 2], username, ip=SHARED_IP) for n in range(12))
    )
    statuses = sorted(response.status_code for response in responses)
    assert statuses == [401] * 4 + [429] * 8


async def test_counters_idle_for_a_window_are_deleted_at_the_next_failure(
    app: FastAPI, world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    for n in range(5):
        await _attempt(client, f"sprayed{n}", ip="192.0.2.41")
    for _ in range(4):  # this one waits 1 s from now
        await _attempt(client, "waiting", ip="192.0.2.42")
    clock.advance(seconds=3601)
    await _attempt(client, "fresh", ip="192.0.2.43")
    async with app.state.database.sessionmaker() as session:
        keys = set(await session.scalars(select(LoginThrottle.key)))
    assert keys == {"fresh|192.0.2.43", "fresh", "192.0.2.43"}
