"""Each partner client's rate limit at the exchange: the limit its token carries, counted
per client, answered 429 with Retry-After and the RateLimit fields, audited like any call,
and spent only by a verified token. The buckets run on a simulated clock."""

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from integration_helpers import WRITE_POPULATION, home_address, person, send

from weimin_grid.integration.rate_limit import (
    Limit,
    MemoryTokenBuckets,
    PartnerRateLimits,
    store_for,
)
from weimin_kit.testing import TestKeys

GRID_UNITS = "/integration/v1/grid-units"
READ_UNITS = ("integration:grid-units.read",)
THREE_A_MINUTE = {"rate_limit_per_minute": 3, "rate_limit_burst": 3}


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(app: FastAPI) -> Clock:
    clock = Clock()
    app.state.partner_rate_limits = PartnerRateLimits(MemoryTokenBuckets(clock=clock), 600)
    return clock


async def _calls(client: httpx.AsyncClient, headers: dict[str, str], n: int) -> list[int]:
    return [(await client.get(GRID_UNITS, headers=headers)).status_code for _ in range(n)]


async def test_the_fourth_call_in_a_minute_is_refused_until_the_bucket_refills(
    client: httpx.AsyncClient, callers: Callers, clock: Clock
) -> None:
    police = callers.partner(scopes=READ_UNITS, **THREE_A_MINUTE)
    answers = [await client.get(GRID_UNITS, headers=police) for _ in range(3)]
    assert [a.status_code for a in answers] == [200, 200, 200]
    assert [a.headers["ratelimit-remaining"] for a in answers] == ["2", "1", "0"]
    assert answers[0].headers["ratelimit-limit"] == "3"
    assert answers[0].headers["ratelimit-policy"] == "3;w=60;burst=3"

    refused = await client.get(GRID_UNITS, headers={**police, "Accept-Language": "en"})
    assert refused.status_code == 429
    assert refused.headers["content-type"].startswith("application/problem+json")
    assert refused.json()["code"] == "rate-limited"
    # One call comes back every 20 s (3 a minute).
    assert refused.headers["retry-after"] == "20"
    assert refused.json()["retry_after"] == 20
    assert refused.headers["ratelimit-remaining"] == "0"
    assert refused.headers["ratelimit-reset"] == "60"

    # Another client is counted on its own.
    other = callers.partner(scopes=READ_UNITS, client="police-2", **THREE_A_MINUTE)
    assert await _calls(client, other, 1) == [200]

    clock.now += 19
    assert await _calls(client, police, 1) == [429]
    clock.now += 1
    assert await _calls(client, police, 2) == [200, 429]
    clock.now += 60  # a full minute: the whole burst again
    assert await _calls(client, police, 4) == [200, 200, 200, 429]


async def test_a_refused_call_is_audited_with_its_429(
    client: httpx.AsyncClient, callers: Callers, clock: Clock
) -> None:
    police = callers.partner(scopes=READ_UNITS, rate_limit_per_minute=1)
    assert await _calls(client, police, 2) == [200, 429]
    calls = await client.get("/v1/partner-calls", headers=callers.street_secretary("S1"))
    statuses = [(c["client_id"], c["path"], c["status"]) for c in calls.json()["items"]]
    assert statuses == [("police-1", GRID_UNITS, 429), ("police-1", GRID_UNITS, 200)]


async def test_a_refused_write_stored_nothing_and_its_retry_with_the_same_key_is_stored(
    client: httpx.AsyncClient, world: World, callers: Callers, clock: Clock
) -> None:
    code = await home_address(client, world, callers, "A")
    writer = callers.partner(scopes=WRITE_POPULATION, rate_limit_per_minute=1)
    assert (await send(client, writer, [person(1, code)])).status_code == 200
    refused = await send(client, writer, [person(2, code)], key="batch-2")
    assert (refused.status_code, refused.headers["retry-after"]) == (429, "60")
    clock.now += 60
    retried = await send(client, writer, [person(2, code)], key="batch-2")
    assert retried.status_code == 200, retried.text
    assert retried.json()["counts"]["accepted"] == 1


async def test_only_a_verified_token_with_the_scope_spends_its_clients_calls(
    client: httpx.AsyncClient, callers: Callers, clock: Clock
) -> None:
    forged = TestKeys(audience="weimin-integration").headers(
        aud="weimin-integration",
        roles=["partner"],
        scopes=[*READ_UNITS, "street:x"],
        subject="partner:police-1",
        rate_limit_per_minute=1,
    )
    for _ in range(3):
        answer = await client.get(GRID_UNITS, headers=forged)
        assert (answer.status_code, answer.json()["code"]) == (401, "unauthenticated")
        assert "ratelimit-remaining" not in answer.headers
    unscoped = callers.partner(scopes=(), rate_limit_per_minute=1)
    assert await _calls(client, unscoped, 2) == [403, 403]
    police = callers.partner(scopes=READ_UNITS, rate_limit_per_minute=1)
    assert await _calls(client, police, 2) == [200, 429]


async def test_a_token_without_a_limit_gets_the_grids_default(
    client: httpx.AsyncClient, callers: Callers, clock: Clock
) -> None:
    answer = await client.get(GRID_UNITS, headers=callers.partner(scopes=READ_UNITS))
    assert answer.status_code == 200
    assert (answer.headers["ratelimit-limit"], answer.headers["ratelimit-remaining"]) == (
        "600",
        "599",
    )


async def test_a_streamed_export_carries_the_fields_too(
    client: httpx.AsyncClient, callers: Callers, clock: Clock
) -> None:
    reader = callers.partner(scopes=("integration:addresses.read",), rate_limit_per_minute=5)
    answer = await client.get("/integration/v1/addresses/export", headers=reader)
    assert answer.status_code == 200, answer.text
    assert answer.headers["ratelimit-remaining"] == "4"


async def test_memory_stays_bounded_forgetting_full_buckets_first() -> None:
    clock = Clock()
    buckets = MemoryTokenBuckets(max_clients=2, clock=clock)
    limit = Limit(per_minute=60, burst=1)
    assert (await buckets.take("a", limit)).allowed
    clock.now += 5  # a's bucket is full again
    assert (await buckets.take("b", limit)).allowed
    assert (await buckets.take("c", limit)).allowed  # forgets a, keeps b
    assert not (await buckets.take("b", limit)).allowed


def test_a_store_not_built_yet_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="partner_rate_limit_storage: redis://"):
        store_for("redis://cache:6379/0")
