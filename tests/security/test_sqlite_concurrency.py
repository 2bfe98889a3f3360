"""Two people clicking at once must never get a 5xx on SQLite, the database a newcomer and
a small community run on. GETs that wrote in a deferred read transaction (the export audit
row; the lazy expiry of task offers) failed at once when another writer had committed
meanwhile ("database is locked", whatever the busy timeout): 60 concurrent export GETs gave
55 × 500. Exports now declare a write session (`BEGIN IMMEDIATE`, queued up front) and a
task read computes its timed-out offers without writing."""

import asyncio
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio

from weimin_democity import generate
from weimin_kit.testing.databases import backend

sys.path.insert(0, str(Path(__file__).parents[1]))

from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD, Platform, login

# SQLite's locking is what these guard against; PostgreSQL's row locks have their own
# tests in the packages' suites, and CI's PostgreSQL pass need not wait out an offer here.
pytestmark = pytest.mark.skipif(backend() != "sqlite", reason="SQLite's write locks")

CITY = generate("demo")
COMMUNITY = CITY.communities[0]  # community01's, and grid001's first grid unit
OWN_GRID = next(g for g in CITY.grid_units if g.community_id == COMMUNITY.id)
OFFER_TIMEOUT_SECONDS = 30  # the shortest a task allows


async def burst(client: httpx.AsyncClient, count: int, path: str, **kwargs: Any) -> list[int]:
    responses = await asyncio.gather(*(client.get(path, **kwargs) for _ in range(count)))
    return [r.status_code for r in responses]


# Session-scoped and run first (conftest: `starts_a_wait`), while the test that waits for
# its offers to time out runs last (`ends_a_wait`): the other security tests fill the wait.
@pytest_asyncio.fixture(scope="session")
async def task_offered_early(platform: Platform) -> AsyncIterator[tuple[str, float]]:
    """A task offered to volunteers at the suite's start, so its offers time out while
    the other tests run; (its id, when its offers expire)."""
    async with httpx.AsyncClient(base_url=platform.url, timeout=60.0) as client:
        secretary = await login(client, "community01", DEMO_PASSWORD)
        lon, lat = OWN_GRID.centroid
        created = await client.post(
            "/api/v1/tasks",
            headers=secretary,
            json={
                "kind": "service_request",
                "title": "帮忙搬米",
                "street_id": str(COMMUNITY.street_id),
                "community_id": str(COMMUNITY.id),
                "lon": lon,
                "lat": lat,
                "radius_m": 3000,
                "mode": "offer",
                "offer_k": 3,
                "offer_timeout_seconds": OFFER_TIMEOUT_SECONDS,
            },
        )
        assert created.status_code == 201, created.text
        offers = created.json()["offers"]
        assert [o["status"] for o in offers] == ["pending"] * 3
        yield created.json()["task"]["id"], time.monotonic() + OFFER_TIMEOUT_SECONDS + 1


@pytest.mark.starts_a_wait
async def test_sixty_concurrent_exports_by_an_authorised_user_all_succeed(
    platform: Platform, client: httpx.AsyncClient, task_offered_early: tuple[str, float]
) -> None:
    admin = await login(client, "admin", ADMIN_PASSWORD)
    async with httpx.AsyncClient(base_url=platform.service_url("grid"), timeout=60.0) as grid:
        responses = await asyncio.gather(
            *(
                grid.get(
                    "/v1/exports/residents",
                    params={"grid_unit_id": str(OWN_GRID.id)},
                    headers=admin,
                )
                for _ in range(60)
            )
        )
    assert [r.status_code for r in responses] == [200] * 60
    assert len({r.headers["x-export-audit-id"] for r in responses}) == 60  # each audited once
    assert len({r.content for r in responses}) == 1  # the same rows every time


async def test_thirty_concurrent_exports_by_a_grid_worker_through_the_gateway_all_succeed(
    client: httpx.AsyncClient,
) -> None:
    worker = await login(client, "grid001", DEMO_PASSWORD)
    responses = await asyncio.gather(
        *(client.get("/api/v1/exports/households", headers=worker) for _ in range(30))
    )
    assert [r.status_code for r in responses] == [200] * 30
    assert len({r.headers["x-export-audit-id"] for r in responses}) == 30


@pytest.mark.ends_a_wait
async def test_concurrent_reads_of_a_task_whose_offers_timed_out_all_succeed(
    client: httpx.AsyncClient, task_offered_early: tuple[str, float]
) -> None:
    task_id, expires = task_offered_early
    await asyncio.sleep(max(0.0, expires - time.monotonic()))
    secretary = await login(client, "community01", DEMO_PASSWORD)
    responses = await asyncio.gather(
        *(client.get(f"/api/v1/tasks/{task_id}", headers=secretary) for _ in range(30))
    )
    assert [r.status_code for r in responses] == [200] * 30
    for response in responses:
        first_three = [o["status"] for o in response.json()["offers"][:3]]
        assert first_three == ["expired"] * 3
