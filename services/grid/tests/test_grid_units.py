import httpx
import pytest
from grid_world import Callers, World


def grid_names(world: World, response: httpx.Response) -> list[str]:
    assert response.status_code == 200, response.text
    return sorted(world.grid_of(item["id"]) for item in response.json()["items"])


@pytest.mark.parametrize(
    ("caller", "visible"),
    [
        ("admin", ["A", "B", "C", "D"]),
        ("street_S1", ["A", "B", "C"]),
        ("street_S2", ["D"]),
        ("community_C1", ["A", "B"]),
        ("community_C3", ["D"]),
        ("grid_A", ["A"]),
    ],
)
async def test_grid_unit_list_holds_exactly_the_callers_scope(
    client: httpx.AsyncClient, world: World, callers: Callers, caller: str, visible: list[str]
) -> None:
    kind, _, name = caller.partition("_")
    headers = {
        "admin": lambda: callers.admin(),
        "street": lambda: callers.street_secretary(name),
        "community": lambda: callers.community_secretary(name),
        "grid": lambda: callers.grid_worker(name),
    }[kind]()
    assert grid_names(world, await client.get("/v1/grid-units", headers=headers)) == visible


async def test_grid_unit_list_filters_by_community(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/grid-units",
        params={"community_id": str(world.communities["C1"])},
        headers=callers.street_secretary("S1"),
    )
    assert grid_names(world, response) == ["A", "B"]
    other_street = await client.get(
        "/v1/grid-units",
        params={"community_id": str(world.communities["C1"])},
        headers=callers.street_secretary("S2"),
    )
    assert grid_names(world, other_street) == []


async def test_grid_unit_list_pages_with_a_cursor(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    first = await client.get("/v1/grid-units?limit=3", headers=callers.admin())
    second = await client.get(
        "/v1/grid-units",
        params={"limit": 3, "cursor": first.json()["next_cursor"]},
        headers=callers.admin(),
    )
    assert len(first.json()["items"]) == 3
    assert second.json()["next_cursor"] is None
    ids = [i["id"] for i in first.json()["items"] + second.json()["items"]]
    assert sorted(world.grid_of(i) for i in ids) == ["A", "B", "C", "D"]


async def test_grid_unit_outside_scope_is_not_found(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    own = await client.get(f"/v1/grid-units/{world.grids['A']}", headers=callers.grid_worker("A"))
    other = await client.get(f"/v1/grid-units/{world.grids['B']}", headers=callers.grid_worker("A"))
    other_community = await client.get(
        f"/v1/grid-units/{world.grids['C']}", headers=callers.community_secretary("C1")
    )
    assert own.status_code == 200
    assert own.json()["code"].endswith("-G001")
    assert own.json()["boundary"]["type"] == "Polygon"
    assert (other.status_code, other.json()["code"]) == (404, "not-found")
    assert other_community.status_code == 404


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        ("admin", {"grid_units": 4, "buildings": 4, "households": 4, "residents": 4}),
        ("street_S1", {"grid_units": 3, "buildings": 3, "households": 3, "residents": 3}),
        ("community_C1", {"grid_units": 2, "buildings": 2, "households": 2, "residents": 2}),
        ("grid_D", {"grid_units": 1, "buildings": 1, "households": 1, "residents": 1}),
    ],
)
async def test_summary_counts_only_what_the_caller_may_see(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    caller: str,
    expected: dict[str, int],
) -> None:
    kind, _, name = caller.partition("_")
    headers = {
        "admin": lambda: callers.admin(),
        "street": lambda: callers.street_secretary(name),
        "community": lambda: callers.community_secretary(name),
        "grid": lambda: callers.grid_worker(name),
    }[kind]()
    response = await client.get("/v1/grid-units/summary", headers=headers)
    assert response.status_code == 200
    assert response.json() == expected


async def test_staff_without_scope_see_nothing(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    unscoped = callers.keys.headers(roles=["grid_worker"], scopes=["grid:not-a-uuid"])
    summary = await client.get("/v1/grid-units/summary", headers=unscoped)
    listed = await client.get("/v1/grid-units", headers=unscoped)
    assert summary.json() == {"grid_units": 0, "buildings": 0, "households": 0, "residents": 0}
    assert listed.json()["items"] == []


@pytest.mark.parametrize("path", ["/v1/grid-units", "/v1/grid-units/summary"])
async def test_grid_units_need_a_staff_role(
    client: httpx.AsyncClient, world: World, callers: Callers, path: str
) -> None:
    anonymous = await client.get(path)
    volunteer = await client.get(path, headers=callers.volunteer("A"))
    assert (anonymous.status_code, anonymous.json()["code"]) == (401, "unauthenticated")
    assert (volunteer.status_code, volunteer.json()["code"]) == (403, "forbidden")


@pytest.mark.parametrize(
    ("path", "field"),
    [
        ("/v1/grid-units?community_id=nope", "query.community_id"),
        ("/v1/grid-units?limit=0", "query.limit"),
        ("/v1/grid-units/not-an-id", "path.grid_unit_id"),
    ],
)
async def test_malformed_grid_unit_requests_name_the_field(
    client: httpx.AsyncClient, callers: Callers, path: str, field: str
) -> None:
    response = await client.get(path, headers=callers.admin())
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]
