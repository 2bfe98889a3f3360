"""Personal-data lifecycle on the real platform (PIPL art. 19, 46, 47): a resident who
moved out is anonymised by the grid's scheduled retention sweep, after which nothing of
their identity can be revealed or matched; a deletion request recorded by a grid worker
and carried out by the community secretary anonymises at once; another grid's worker can
reach neither the resident nor the request.

Runs its own platform: a 0-day anonymisation period and a one-second sweep."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
import pytest_asyncio
from platform_support import DEMO_PASSWORD, Platform, login, running_platform

from weimin_kit.testing.personal_data import holds_full_number

# A sweep runs every second; the margin is for a machine busy enough to delay several.
SWEEP_WAIT_SECONDS = 60.0


@pytest_asyncio.fixture(scope="module")
async def retention_platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    env = {
        "WEIMIN_GRID_RETENTION_ANONYMISE_AFTER_DAYS": "0",
        "WEIMIN_GRID_RETENTION_SWEEP_SECONDS": "1",
    }
    async with running_platform(Path(tmp_path_factory.mktemp("retention")), env) as started:
        yield started


@pytest_asyncio.fixture
async def gateway(retention_platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=retention_platform.url, timeout=30.0) as client:
        yield client


async def living_residents(
    client: httpx.AsyncClient, headers: dict[str, str], count: int
) -> list[dict[str, Any]]:
    page = await client.get(
        "/api/v1/residents", params={"moved_out": "false", "limit": count}, headers=headers
    )
    assert page.status_code == 200, page.text
    items: list[dict[str, Any]] = page.json()["items"]
    assert len(items) == count
    return items


async def reveal(
    client: httpx.AsyncClient, resident_id: str, headers: dict[str, str]
) -> httpx.Response:
    return await client.post(
        f"/api/v1/residents/{resident_id}/reveal",
        json={"reason": "核实身份信息"},
        headers=headers,
    )


def full_numbers(payload: Any) -> list[str]:
    if isinstance(payload, dict):
        return [n for value in payload.values() for n in full_numbers(value)]
    if isinstance(payload, list):
        return [n for value in payload for n in full_numbers(value)]
    return [payload] if isinstance(payload, str) and holds_full_number(payload) else []


async def anonymised(client: httpx.AsyncClient, resident_id: str, headers: dict[str, str]) -> Any:
    """The resident once the sweep has anonymised it (fails after SWEEP_WAIT_SECONDS)."""
    deadline = asyncio.get_running_loop().time() + SWEEP_WAIT_SECONDS
    while True:
        body = (await client.get(f"/api/v1/residents/{resident_id}", headers=headers)).json()
        if body.get("anonymised_at") is not None:
            return body
        assert asyncio.get_running_loop().time() < deadline, f"not anonymised: {body}"
        await asyncio.sleep(0.5)


async def test_a_resident_who_moved_out_is_anonymised_by_the_scheduled_sweep(
    gateway: httpx.AsyncClient,
) -> None:
    worker = await login(gateway, "grid001", DEMO_PASSWORD)
    [resident] = await living_residents(gateway, worker, 1)
    before = await reveal(gateway, resident["id"], worker)
    assert before.status_code == 200, before.text
    id_card_number = before.json()["id_card_number"]
    assert holds_full_number(id_card_number)
    moved = await gateway.post(
        f"/api/v1/residents/{resident['id']}/move-out",
        json={"reason": "迁往外地"},
        headers={**worker, "If-Match": f'"{resident["version"]}"'},
    )
    assert moved.status_code == 200, moved.text

    body = await anonymised(gateway, resident["id"], worker)
    assert (body["name"], body["id_card_number"], body["phone"], body["household_id"]) == (
        "已匿名",
        None,
        None,
        None,
    )
    assert resident["name"] not in str(body)
    after = await reveal(gateway, resident["id"], worker)
    assert (after.status_code, after.json()["code"]) == (409, "resident-anonymised")
    assert full_numbers(after.json()) == []
    found = await gateway.get(
        "/api/v1/residents", params={"id_card_number": id_card_number}, headers=worker
    )
    assert (found.status_code, found.json()["items"]) == (200, [])
    secretary = await login(gateway, "community01", DEMO_PASSWORD)
    audit = await gateway.get(
        "/api/v1/audit/personal-data", params={"resident_id": resident["id"]}, headers=secretary
    )
    assert [(e["action"], e["principal_subject"]) for e in audit.json()["items"]] == [
        ("resident.anonymised", "system:retention")
    ]


async def test_a_deletion_request_is_carried_out_by_the_secretary_and_scoped(
    gateway: httpx.AsyncClient,
) -> None:
    worker = await login(gateway, "grid001", DEMO_PASSWORD)
    other_worker = await login(gateway, "grid002", DEMO_PASSWORD)
    secretary = await login(gateway, "community01", DEMO_PASSWORD)
    [*_, resident] = await living_residents(gateway, worker, 2)
    path = f"/api/v1/residents/{resident['id']}/data-requests"
    body = {"kind": "deletion", "reason": "居民本人书面申请删除"}
    foreign = await gateway.post(path, json=body, headers=other_worker)
    assert foreign.status_code == 404
    created = await gateway.post(path, json=body, headers=worker)
    assert created.status_code == 201, created.text
    request_id = created.json()["id"]
    unseen = await gateway.get(f"/api/v1/data-requests/{request_id}", headers=other_worker)
    listed = await gateway.get("/api/v1/data-requests", headers=other_worker)
    assert unseen.status_code == 404
    assert request_id not in [r["id"] for r in listed.json()["items"]]
    by_worker = await gateway.post(
        f"/api/v1/data-requests/{request_id}/complete", json={}, headers=worker
    )
    assert by_worker.status_code == 403
    done = await gateway.post(
        f"/api/v1/data-requests/{request_id}/complete", json={}, headers=secretary
    )
    assert (done.status_code, done.json()["state"]) == (200, "completed")
    again = await gateway.post(
        f"/api/v1/data-requests/{request_id}/complete", json={}, headers=secretary
    )
    assert (again.status_code, again.json()["code"]) == (409, "data-request-decided")
    read = (await gateway.get(f"/api/v1/residents/{resident['id']}", headers=worker)).json()
    assert (read["name"], read["id_card_number"], read["phone"]) == ("已匿名", None, None)
    assert read["anonymised_at"] is not None
