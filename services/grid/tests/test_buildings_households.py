import httpx
import pytest
from grid_world import Callers, World


def names(world: World, response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(world.grid_of(item["grid_unit_id"]) for item in response.json()["items"])


@pytest.mark.parametrize("path", ["/v1/buildings", "/v1/households"])
async def test_lists_hold_exactly_the_callers_scope(
    client: httpx.AsyncClient, world: World, callers: Callers, path: str
) -> None:
    assert names(world, await client.get(path, headers=callers.admin())) == ["A", "B", "C", "D"]
    assert names(world, await client.get(path, headers=callers.street_secretary("S1"))) == [
        "A",
        "B",
        "C",
    ]
    assert names(world, await client.get(path, headers=callers.community_secretary("C2"))) == ["C"]
    assert names(world, await client.get(path, headers=callers.grid_worker("B"))) == ["B"]


async def test_buildings_filter_by_grid_unit_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    own = await client.get(
        "/v1/buildings",
        params={"grid_unit_id": str(world.grids["A"])},
        headers=callers.grid_worker("A"),
    )
    other = await client.get(
        "/v1/buildings",
        params={"grid_unit_id": str(world.grids["B"])},
        headers=callers.grid_worker("A"),
    )
    assert [b["id"] for b in own.json()["items"]] == [str(world.buildings["A"])]
    assert own.json()["items"][0]["address"] == "大理市测试路1号1栋"
    assert other.json()["items"] == []


async def test_households_filter_by_building_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    own = await client.get(
        "/v1/households",
        params={"building_id": str(world.buildings["C"])},
        headers=callers.community_secretary("C2"),
    )
    other = await client.get(
        "/v1/households",
        params={"building_id": str(world.buildings["A"])},
        headers=callers.community_secretary("C2"),
    )
    assert [h["id"] for h in own.json()["items"]] == [str(world.households["C"])]
    assert own.json()["items"][0]["door_number"] == "1-101"
    assert other.json()["items"] == []


async def test_households_search_by_part_of_the_address_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    def found(response: httpx.Response) -> list[str]:
        assert response.status_code == 200, response.text
        return sorted(world.grid_of(item["grid_unit_id"]) for item in response.json()["items"])

    everywhere = {"address": "测试路"}
    admin = callers.admin()
    assert found(await client.get("/v1/households", params=everywhere, headers=admin)) == [
        "A",
        "B",
        "C",
        "D",
    ]
    # Another grid's household matches the text but is not the worker's to see.
    worker_a = callers.grid_worker("A")
    assert found(await client.get("/v1/households", params=everywhere, headers=worker_a)) == ["A"]
    grid_b_address = {"address": "测试路2号"}
    assert found(await client.get("/v1/households", params=grid_b_address, headers=worker_a)) == []
    assert found(
        await client.get("/v1/households", params=grid_b_address, headers=callers.grid_worker("B"))
    ) == ["B"]
    # Wildcards are literal text, not a way round the match.
    wildcard = {"address": "%"}
    assert found(await client.get("/v1/households", params=wildcard, headers=worker_a)) == []


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/buildings?grid_unit_id=12", "query.grid_unit_id"),
        ("/v1/households?building_id=x", "query.building_id"),
        ("/v1/households?cursor=%%%", "query.cursor"),
        ("/v1/households?address=", "query.address"),
        (f"/v1/households?address={'x' * 101}", "query.address"),
    ],
)
async def test_malformed_filters_are_422_naming_the_field(
    client: httpx.AsyncClient, world: World, callers: Callers, path: str, field: str
) -> None:
    response = await client.get(path, headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


@pytest.mark.parametrize("path", ["/v1/buildings", "/v1/households"])
async def test_volunteers_cannot_list_the_register(
    client: httpx.AsyncClient, world: World, callers: Callers, path: str
) -> None:
    response = await client.get(path, headers=callers.volunteer())
    assert (response.status_code, response.json()["code"]) == (403, "forbidden")
