"""The sign-in audit: what staff see of sign-in attempts, and whose."""

import httpx
from org_registry_world import PASSWORD, World

EVENTS = "/v1/sign-in-events"


async def _sign_in(client: httpx.AsyncClient, username: str, password: str) -> None:
    await client.post(
        "/v1/auth/login",
        json={"username": username, "password": password},
        headers={"X-Forwarded-For": "203.0.113.7"},
    )


async def test_the_admin_sees_every_attempt_newest_first_unknown_usernames_too(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    await world.add_account("in-a1", ["volunteer"], community="A1")
    await _sign_in(client, "in-a1", "wrong-password")
    await _sign_in(client, "in-a1", PASSWORD)
    await _sign_in(client, "nobody", "wrong-password")
    response = await client.get(EVENTS, params={"limit": 3}, headers=staff["boss"])
    assert response.status_code == 200
    items = response.json()["items"]
    assert [(e["username"], e["outcome"], e["client_address"]) for e in items] == [
        ("nobody", "wrong-password", "203.0.113.7"),
        ("in-a1", "success", "203.0.113.7"),
        ("in-a1", "wrong-password", "203.0.113.7"),
    ]
    assert items[0]["account_id"] is None
    assert items[1]["account_id"] == str(world.ids["in-a1"])
    only = await client.get(
        EVENTS, params={"username": "IN-A1", "outcome": "success"}, headers=staff["boss"]
    )
    assert [e["username"] for e in only.json()["items"]] == ["in-a1"]


async def test_a_secretary_sees_the_attempts_on_accounts_placed_in_their_scope_only(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    await world.add_account("in-a1", ["volunteer"], community="A1")
    await world.add_account("in-b1", ["volunteer"], community="B1")
    for username in ("in-a1", "in-b1", "nobody"):
        await _sign_in(client, username, "wrong-password")
    seen = await client.get(EVENTS, headers=staff["sec-a1"])
    assert seen.status_code == 200
    assert {e["username"] for e in seen.json()["items"]} == {"in-a1", "sec-a1", "grid", "member"}
    street = await client.get(EVENTS, params={"outcome": "wrong-password"}, headers=staff["sec-a"])
    assert [e["username"] for e in street.json()["items"]] == ["in-a1"]


async def test_others_are_refused_the_sign_in_audit(
    client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    for who in ("grid", "member"):
        response = await client.get(EVENTS, headers=staff[who])
        assert response.status_code == 403
        assert response.json()["code"] == "forbidden"
