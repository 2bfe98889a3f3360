import httpx
import pytest
from org_registry_world import World


@pytest.fixture
async def callers(world: World) -> dict[str, dict[str, str]]:
    await world.add_account("boss", ["admin"])
    await world.add_account("sec-a", ["street_secretary"], [world.scope("street", "A")], street="A")
    await world.add_account(
        "sec-a1", ["community_secretary"], [world.scope("community", "A1")], community="A1"
    )
    await world.add_account(
        "grid", ["grid_worker"], ["grid:0190f5c2-0000-7000-8000-0000000000a1"], community="A1"
    )
    return {name: await world.headers(name) for name in ("boss", "sec-a", "sec-a1", "grid")}


@pytest.mark.parametrize(
    ("caller", "expected"),
    [
        (
            "boss",
            {"streets": 2, "communities": 3, "resident_groups": 3, "stationed_organisations": 3},
        ),
        (
            "sec-a",
            {"streets": 1, "communities": 2, "resident_groups": 2, "stationed_organisations": 2},
        ),
        (
            "sec-a1",
            {"streets": 0, "communities": 1, "resident_groups": 1, "stationed_organisations": 1},
        ),
        (
            "grid",
            {"streets": 0, "communities": 0, "resident_groups": 0, "stationed_organisations": 0},
        ),
    ],
)
async def test_summary_counts_within_the_callers_scope(
    client: httpx.AsyncClient,
    callers: dict[str, dict[str, str]],
    caller: str,
    expected: dict[str, int],
) -> None:
    response = await client.get("/v1/organisations/summary", headers=callers[caller])
    assert response.status_code == 200
    assert response.json() == expected


async def test_summary_needs_a_token(client: httpx.AsyncClient) -> None:
    assert (await client.get("/v1/organisations/summary")).status_code == 401


async def _names(client: httpx.AsyncClient, headers: dict[str, str], query: str = "") -> list[str]:
    response = await client.get(f"/v1/organisations{query}", headers=headers)
    assert response.status_code == 200, response.text
    return sorted(o["name"].removesuffix("名称") for o in response.json()["items"])


async def test_list_holds_only_organisations_in_scope(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    assert await _names(client, callers["sec-a1"]) == ["A1", "A1-1", "S-A1"]
    assert await _names(client, callers["sec-a"]) == [
        "A",
        "A1",
        "A1-1",
        "A2",
        "A2-1",
        "S-A1",
        "T-A2B1",
    ]
    assert len(await _names(client, callers["boss"])) == 11
    assert await _names(client, callers["grid"]) == []


async def test_list_filters_by_kind_name_and_code(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    boss = callers["boss"]
    assert await _names(client, boss, "?kind=community_branch") == ["A1", "A2", "B1"]
    assert await _names(client, boss, "?q=B1") == ["B1", "B1-1", "S-B1", "T-A2B1"]
    assert await _names(client, boss, "?code=code-A2-1") == ["A2-1"]
    assert await _names(client, boss, "?q=%25") == []  # a LIKE wildcard is matched literally


async def test_search_never_reaches_outside_the_scope(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    assert await _names(client, callers["sec-a1"], "?q=B1") == []
    assert await _names(client, callers["sec-a1"], "?code=code-B1") == []


async def test_list_pages_with_a_cursor(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    first = (await client.get("/v1/organisations?limit=4", headers=callers["boss"])).json()
    assert len(first["items"]) == 4
    rest = await client.get(
        f"/v1/organisations?limit=50&cursor={first['next_cursor']}", headers=callers["boss"]
    )
    assert len(rest.json()["items"]) == 7
    assert rest.json()["next_cursor"] is None


async def test_get_returns_an_organisation_in_scope_with_its_partners(
    world: World, client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    response = await client.get(
        f"/v1/organisations/{world.ids['T-A2B1']}", headers=callers["sec-a"]
    )
    assert response.status_code == 200
    body = response.json()
    assert body["kind"] == "two_new_organisation"
    assert sorted(body["co_building_community_ids"]) == sorted(
        [str(world.ids["A2"]), str(world.ids["B1"])]
    )
    group = await client.get(f"/v1/organisations/{world.ids['A1-1']}", headers=callers["sec-a1"])
    assert group.json()["parent_id"] == str(world.ids["A1"])
    assert group.json()["community_id"] == str(world.ids["A1"])


@pytest.mark.parametrize("name", ["B1", "B1-1", "S-B1", "A2", "B"])
async def test_get_outside_scope_is_404(
    world: World, client: httpx.AsyncClient, callers: dict[str, dict[str, str]], name: str
) -> None:
    response = await client.get(f"/v1/organisations/{world.ids[name]}", headers=callers["sec-a1"])
    assert response.status_code == 404


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("?kind=palace", "query.kind"),
        ("?limit=0", "query.limit"),
        ("?limit=abc", "query.limit"),
        ("?q=", "query.q"),
        ("?q=" + "x" * 101, "query.q"),
        ("?cursor=!!!", "query.cursor"),
    ],
)
async def test_bad_list_input_is_422_naming_the_parameter(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]], query: str, field: str
) -> None:
    response = await client.get(f"/v1/organisations{query}", headers=callers["boss"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field


async def test_get_with_a_malformed_id_is_422(
    client: httpx.AsyncClient, callers: dict[str, dict[str, str]]
) -> None:
    response = await client.get("/v1/organisations/xyz", headers=callers["boss"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.organisation_id"
