import httpx
import jwt
import pytest
from org_registry_world import FakeClock, World


async def _refresh(client: httpx.AsyncClient, token: str) -> httpx.Response:
    return await client.post("/v1/auth/refresh", json={"refresh_token": token})


async def test_refresh_rotates_the_token_within_the_same_session(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    first = await world.login("alice")
    response = await _refresh(client, first["refresh_token"])
    assert response.status_code == 200
    second = response.json()
    assert second["refresh_token"] != first["refresh_token"]
    sid = jwt.decode(first["access_token"], options={"verify_signature": False})["sid"]
    claims = jwt.decode(second["access_token"], options={"verify_signature": False})
    assert claims["sid"] == sid
    assert (await _refresh(client, second["refresh_token"])).status_code == 200


async def test_reusing_a_refresh_token_revokes_the_whole_family(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    first = await world.login("alice")
    other_session = await world.login("alice")
    second = (await _refresh(client, first["refresh_token"])).json()

    reused = await _refresh(client, first["refresh_token"])
    assert reused.status_code == 401
    assert reused.json()["code"] == "refresh-token-reused"
    newer = await _refresh(client, second["refresh_token"])
    assert newer.status_code == 401
    assert newer.json()["code"] == "invalid-refresh-token"
    # Another sign-in of the same account is a different family and lives on.
    assert (await _refresh(client, other_session["refresh_token"])).status_code == 200


async def test_expired_or_unknown_refresh_tokens_are_refused(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    tokens = await world.login("alice")
    unknown = await _refresh(client, "not-a-token-we-issued")
    assert unknown.status_code == 401
    assert unknown.json()["code"] == "invalid-refresh-token"
    clock.advance(days=14, seconds=1)
    expired = await _refresh(client, tokens["refresh_token"])
    assert expired.status_code == 401
    assert expired.json()["code"] == "invalid-refresh-token"


async def test_refresh_rereads_the_account(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("alice", ["volunteer"], community="A1")
    await world.add_account("boss", ["admin"])
    tokens = await world.login("alice")
    admin = await world.headers("boss")
    patched = await client.patch(
        f"/v1/accounts/{world.ids['alice']}",
        json={"roles": ["member", "volunteer"]},
        headers=admin,
    )
    assert patched.status_code == 200
    refreshed = (await _refresh(client, tokens["refresh_token"])).json()
    claims = jwt.decode(refreshed["access_token"], options={"verify_signature": False})
    assert claims["roles"] == ["member", "volunteer"]

    disabled = await client.patch(
        f"/v1/accounts/{world.ids['alice']}", json={"status": "disabled"}, headers=admin
    )
    assert disabled.status_code == 200
    assert (await _refresh(client, refreshed["refresh_token"])).status_code == 401


async def test_logout_revokes_that_session_only(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("alice", ["volunteer"])
    phone, laptop = await world.login("alice"), await world.login("alice")
    response = await client.post("/v1/auth/logout", json={"refresh_token": phone["refresh_token"]})
    assert response.status_code == 204
    assert (await _refresh(client, phone["refresh_token"])).status_code == 401
    assert (await _refresh(client, laptop["refresh_token"])).status_code == 200


async def test_revoking_sessions_ends_every_family_of_the_account(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["grid_worker"], community="A1")
    await world.add_account(
        "sec", ["community_secretary"], [world.scope("community", "A1")], community="A1"
    )
    phone, laptop = await world.login("alice"), await world.login("alice")
    response = await client.post(
        f"/v1/accounts/{world.ids['alice']}/sessions/revoke", headers=await world.headers("sec")
    )
    assert response.status_code == 204
    for tokens in (phone, laptop):
        assert (await _refresh(client, tokens["refresh_token"])).status_code == 401


async def test_revoking_sessions_outside_your_scope_is_404(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("bob", ["grid_worker"], community="B1")
    await world.add_account(
        "sec", ["community_secretary"], [world.scope("community", "A1")], community="A1"
    )
    await world.add_account("grid", ["grid_worker"], community="A1")
    bob = await world.login("bob")
    outside = await client.post(
        f"/v1/accounts/{world.ids['bob']}/sessions/revoke", headers=await world.headers("sec")
    )
    assert outside.status_code == 404
    not_a_manager = await client.post(
        f"/v1/accounts/{world.ids['bob']}/sessions/revoke", headers=await world.headers("grid")
    )
    assert not_a_manager.status_code == 403
    assert (await _refresh(client, bob["refresh_token"])).status_code == 200


@pytest.mark.parametrize("path", ["/v1/auth/refresh", "/v1/auth/logout"])
@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({}, "body.refresh_token"),
        ({"refresh_token": ["x"]}, "body.refresh_token"),
        ({"refresh_token": "x" * 257}, "body.refresh_token"),
    ],
)
async def test_bad_refresh_input_is_422(
    client: httpx.AsyncClient, path: str, body: dict[str, object], field: str
) -> None:
    response = await client.post(path, json=body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_revoke_sessions_with_a_malformed_id_is_422(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("boss", ["admin"])
    response = await client.post(
        "/v1/accounts/not-a-uuid/sessions/revoke", headers=await world.headers("boss")
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "path.account_id"
