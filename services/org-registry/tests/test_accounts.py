from typing import Any

import httpx
import pytest
from org_registry_world import PASSWORD, World

GRID = "grid:0190f5c2-0000-7000-8000-0000000000a1"


def new_account(username: str, roles: list[str], scopes: list[str], **extra: Any) -> dict[str, Any]:
    return {
        "username": username,
        "display_name": f"{username} 同志",
        "password": PASSWORD,
        "roles": roles,
        "scopes": scopes,
        **extra,
    }


@pytest.fixture
async def secretary(world: World) -> dict[str, str]:
    await world.add_account(
        "sec-a1", ["community_secretary"], [world.scope("community", "A1")], community="A1"
    )
    return await world.headers("sec-a1")


async def test_community_secretary_creates_a_grid_worker_for_their_community(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    response = await client.post(
        "/v1/accounts",
        json=new_account("Grid-Wang", ["grid_worker"], [GRID], community_id=str(world.ids["A1"])),
        headers=secretary,
    )
    assert response.status_code == 201
    body = response.json()
    assert body["username"] == "grid-wang"
    assert body["roles"] == ["grid_worker"]
    assert body["scopes"] == [GRID]
    assert body["community_id"] == str(world.ids["A1"])
    assert body["street_id"] == str(world.ids["A"])
    assert "password" not in body
    assert "password_hash" not in body
    tokens = await world.login("GRID-WANG")
    assert tokens["token_type"] == "Bearer"


async def test_usernames_are_unique_regardless_of_case(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    body = new_account("Sec-A1", ["volunteer"], [], community_id=str(world.ids["A1"]))
    response = await client.post("/v1/accounts", json=body, headers=secretary)
    assert response.status_code == 409
    assert response.json()["code"] == "username-taken"


@pytest.mark.parametrize(
    ("roles", "scopes", "community", "status", "code"),
    [
        (["admin"], [], "A1", 403, "role-not-grantable"),
        (["street_secretary"], [], "A1", 403, "role-not-grantable"),
        (["partner"], [], "A1", 403, "role-not-grantable"),
        (["community_secretary"], ["community:B1"], None, 403, "scope-not-grantable"),
        (["grid_worker"], ["street:A"], None, 403, "scope-not-grantable"),
        (["grid_worker"], [GRID], "B1", 403, "scope-not-grantable"),
        (["grid_worker"], [GRID], None, 422, "validation-failed"),
        (["volunteer"], [], None, 422, "validation-failed"),
    ],
)
async def test_community_secretary_cannot_grant_beyond_their_own_reach(
    world: World,
    client: httpx.AsyncClient,
    secretary: dict[str, str],
    roles: list[str],
    scopes: list[str],
    community: str | None,
    status: int,
    code: str,
) -> None:
    resolved = [s if s.startswith("grid:") else world.scope(*s.split(":")) for s in scopes]
    extra = {"community_id": str(world.ids[community])} if community else {}
    response = await client.post(
        "/v1/accounts", json=new_account("newbie", roles, resolved, **extra), headers=secretary
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert response.json()["errors"][0]["field"] in (
        "body.roles",
        "body.scopes",
        "body.community_id",
    )


async def test_street_secretary_may_create_a_community_secretary_in_their_street(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("sec-a", ["street_secretary"], [world.scope("street", "A")], street="A")
    headers = await world.headers("sec-a")
    ok = await client.post(
        "/v1/accounts",
        json=new_account("sec-a2", ["community_secretary"], [world.scope("community", "A2")]),
        headers=headers,
    )
    assert ok.status_code == 201
    assert ok.json()["community_id"] == str(world.ids["A2"])
    other_street = await client.post(
        "/v1/accounts",
        json=new_account("sec-b1", ["community_secretary"], [world.scope("community", "B1")]),
        headers=headers,
    )
    assert other_street.status_code == 403


async def test_unknown_communities_are_refused_even_for_an_admin(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("boss", ["admin"])
    response = await client.post(
        "/v1/accounts",
        json=new_account(
            "x-user", ["community_secretary"], ["community:0190f5c2-0000-7000-8000-00000000dead"]
        ),
        headers=await world.headers("boss"),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["code"] == "unknown-community"


async def test_grid_workers_may_not_create_accounts(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("grid", ["grid_worker"], [GRID], community="A1")
    response = await client.post(
        "/v1/accounts",
        json=new_account("x-user", ["resident"], [], community_id=str(world.ids["A1"])),
        headers=await world.headers("grid"),
    )
    assert response.status_code == 403


async def test_account_create_honours_idempotency_keys(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    body = new_account("retry-me", ["volunteer"], [], community_id=str(world.ids["A1"]))
    headers = {**secretary, "Idempotency-Key": "create-retry-me"}
    first = await client.post("/v1/accounts", json=body, headers=headers)
    again = await client.post("/v1/accounts", json=body, headers=headers)
    assert first.status_code == again.status_code == 201
    assert again.headers["idempotent-replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"username": "a" * 65}, "body.username"),
        ({"username": "bad name!"}, "body.username"),
        ({"roles": ["emperor"]}, "body.roles.0"),
        ({"roles": []}, "body.roles"),
        ({"scopes": ["village:1"]}, "body.scopes.0"),
        ({"password": None}, "body.password"),
        ({"display_name": 42}, "body.display_name"),
        ({"surprise": 1}, "body.surprise"),
    ],
)
async def test_bad_account_input_is_422_naming_the_field(
    world: World,
    client: httpx.AsyncClient,
    secretary: dict[str, str],
    change: dict[str, Any],
    field: str,
) -> None:
    body = {
        **new_account("fine-name", ["volunteer"], [], community_id=str(world.ids["A1"])),
        **change,
    }
    response = await client.post("/v1/accounts", json=body, headers=secretary)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def _scenario(world: World) -> None:
    await world.add_account("grid-a1", ["grid_worker"], [GRID], community="A1")
    await world.add_account("grid-a2", ["grid_worker"], [], community="A2")
    await world.add_account("grid-b1", ["grid_worker"], [], community="B1")
    await world.add_account("sec-a", ["street_secretary"], [world.scope("street", "A")], street="A")
    await world.add_account("boss", ["admin"])


async def test_account_lists_hold_only_accounts_in_scope(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    await _scenario(world)

    async def usernames(headers: dict[str, str], query: str = "") -> list[str]:
        response = await client.get(f"/v1/accounts{query}", headers=headers)
        assert response.status_code == 200
        return sorted(a["username"] for a in response.json()["items"])

    assert await usernames(secretary) == ["grid-a1", "sec-a1"]
    assert await usernames(await world.headers("sec-a")) == [
        "grid-a1",
        "grid-a2",
        "sec-a",
        "sec-a1",
    ]
    assert len(await usernames(await world.headers("boss"))) == 6
    assert await usernames(secretary, "?q=b1") == []  # search never reaches outside
    assert await usernames(secretary, "?role=community_secretary") == ["sec-a1"]
    grid = await client.get("/v1/accounts", headers=await world.headers("grid-a1"))
    assert grid.status_code == 403


async def test_get_account_outside_scope_is_404(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    await _scenario(world)
    inside = await client.get(f"/v1/accounts/{world.ids['grid-a1']}", headers=secretary)
    assert inside.status_code == 200
    outside = await client.get(f"/v1/accounts/{world.ids['grid-b1']}", headers=secretary)
    assert outside.status_code == 404
    own = await client.get(
        f"/v1/accounts/{world.ids['grid-b1']}", headers=await world.headers("grid-b1")
    )
    assert own.status_code == 200


async def test_patch_changes_an_account_in_scope_and_refuses_others(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    await _scenario(world)
    ok = await client.patch(
        f"/v1/accounts/{world.ids['grid-a1']}",
        json={"display_name": "王网格", "roles": ["grid_worker", "member"]},
        headers=secretary,
    )
    assert ok.status_code == 200
    assert ok.json()["display_name"] == "王网格"
    assert ok.json()["roles"] == ["grid_worker", "member"]
    outside = await client.patch(
        f"/v1/accounts/{world.ids['grid-b1']}", json={"display_name": "x"}, headers=secretary
    )
    assert outside.status_code == 404
    above = await client.patch(
        f"/v1/accounts/{world.ids['sec-a']}", json={"display_name": "x"}, headers=secretary
    )
    assert above.status_code == 404  # a street secretary is not inside a community's scope
    escalate = await client.patch(
        f"/v1/accounts/{world.ids['grid-a1']}", json={"roles": ["admin"]}, headers=secretary
    )
    assert escalate.status_code == 403
    assert escalate.json()["code"] == "role-not-grantable"
    bad = await client.patch(
        f"/v1/accounts/{world.ids['grid-a1']}", json={"status": "asleep"}, headers=secretary
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "body.status"


async def test_a_secretary_cannot_change_a_higher_role_in_their_community(
    world: World, client: httpx.AsyncClient, secretary: dict[str, str]
) -> None:
    await world.add_account("other-sec", ["street_secretary"], community="A1")
    response = await client.patch(
        f"/v1/accounts/{world.ids['other-sec']}", json={"status": "disabled"}, headers=secretary
    )
    assert response.status_code == 403
    assert response.json()["code"] == "account-out-of-reach"
