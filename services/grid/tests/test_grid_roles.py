import uuid

import httpx
import pytest
from grid_world import Callers, World


def appointment(role: str = "grid_worker", **extra: object) -> dict[str, object]:
    return {"role": role, "holder_id": str(uuid.uuid4()), "holder_name": "杨网格", **extra}


async def test_appointing_a_new_holder_closes_the_previous_term(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    url = f"/v1/grid-units/{world.grids['A']}/roles"
    headers = callers.community_secretary("C1")
    first = await client.post(url, json=appointment(), headers=headers)
    second = await client.post(url, json=appointment(holder_name="李网格"), headers=headers)
    assert (first.status_code, second.status_code) == (201, 201)
    history = (await client.get(url, headers=callers.grid_worker("A"))).json()
    assert [(t["holder_name"], t["ended_at"] is None) for t in history] == [
        ("杨网格", False),
        ("李网格", True),
    ]
    assert history[0]["ended_at"] == history[1]["started_at"]
    current = (await client.get(url, params={"current_only": True}, headers=headers)).json()
    assert [t["holder_name"] for t in current] == ["李网格"]
    unit = await client.get(f"/v1/grid-units/{world.grids['A']}", headers=headers)
    assert unit.json()["responsible_worker_id"] == second.json()["holder_id"]


async def test_building_heads_are_per_building_and_reappointing_the_holder_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    url = f"/v1/grid-units/{world.grids['A']}/roles"
    body = appointment("building_head", building_id=str(world.buildings["A"]))
    first = await client.post(url, json=body, headers=callers.admin())
    again = await client.post(url, json=body, headers=callers.admin())
    assert first.status_code == 201
    assert (again.status_code, again.json()["code"]) == (409, "role-holder-unchanged")


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"role": "building_head"}, "body.building_id"),
        ({"role": "central_household_head"}, "body.household_id"),
        ({"role": "grid_head", "building_id": "B"}, "body.building_id"),
        ({"role": "building_head", "building_id": "B"}, "body.building_id"),
        ({"role": "mayor"}, "body.role"),
    ],
)
async def test_bad_appointments_name_the_field(
    client: httpx.AsyncClient, world: World, callers: Callers, body: dict[str, str], field: str
) -> None:
    if body.get("building_id") == "B":
        body = {**body, "building_id": str(world.buildings["B"])}  # a building of another unit
    response = await client.post(
        f"/v1/grid-units/{world.grids['A']}/roles",
        json=appointment(**body),
        headers=callers.admin(),
    )
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_appointments_are_for_offices_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    url = f"/v1/grid-units/{world.grids['A']}/roles"
    worker = await client.post(url, json=appointment(), headers=callers.grid_worker("A"))
    other = await client.post(url, json=appointment(), headers=callers.community_secretary("C2"))
    read_other = await client.get(url, headers=callers.grid_worker("B"))
    assert (worker.status_code, other.status_code, read_other.status_code) == (403, 404, 404)
