"""Each way a sign-in ends announces `session.revoked` in the same transaction, and this
service itself refuses the sign-in's access tokens at once."""

from typing import Any

import httpx
import jwt
import pytest
from factories import outbox
from fastapi import FastAPI
from org_registry_world import PASSWORD, FakeClock, World
from sqlalchemy import select

from weimin_events import payloads
from weimin_org_registry.base import Base

SESSION_REVOKED = payloads.SessionRevoked.event_type


@pytest.fixture(autouse=True)
def _revocations_read_on_every_request(app: FastAPI) -> None:
    # In service the list is re-read every 0.5 s; here each request must see the last commit.
    app.state.revocations.refresh_seconds = 0


def sid_of(tokens: dict[str, Any]) -> str:
    sid: str = jwt.decode(tokens["access_token"], options={"verify_signature": False})["sid"]
    return sid


def bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


async def me(client: httpx.AsyncClient, tokens: dict[str, Any]) -> httpx.Response:
    return await client.get("/v1/accounts/me", headers=bearer(tokens))


def assert_session_revoked(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "session-revoked"


async def revoked_rows(app: FastAPI) -> set[tuple[str, str, str]]:
    table = Base.metadata.tables["revoked_sessions"]
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(select(table.c.kind, table.c.revoked_id, table.c.reason))
        return {(row.kind, row.revoked_id, row.reason) for row in rows}


async def test_logout_announces_the_session_and_its_access_token_is_refused(
    app: FastAPI, world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    phone, laptop = await world.login("alice"), await world.login("alice")
    assert (await me(client, phone)).status_code == 200

    logout = await client.post("/v1/auth/logout", json={"refresh_token": phone["refresh_token"]})

    assert logout.status_code == 204
    [event] = await outbox(app, SESSION_REVOKED)
    assert event["subject"] == str(world.ids["alice"])
    assert event["source"] == "/weimin/org-registry"
    assert event["data"] == {
        "account_id": str(world.ids["alice"]),
        "session_ids": [sid_of(phone)],
        "issued_before": None,
        "reason": "logout",
        "revoked_at": clock.now.isoformat().replace("+00:00", "Z"),
        "keep_until": None,  # a logout's refusal lasts as long as its access tokens
    }
    assert await revoked_rows(app) == {("session", sid_of(phone), "logout")}
    assert_session_revoked(await me(client, phone))
    assert (await me(client, laptop)).status_code == 200


async def test_logging_out_twice_announces_once(
    app: FastAPI, world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    tokens = await world.login("alice")
    for _ in range(2):
        body = {"refresh_token": tokens["refresh_token"]}
        assert (await client.post("/v1/auth/logout", json=body)).status_code == 204
    assert len(await outbox(app, SESSION_REVOKED)) == 1


async def test_refresh_token_reuse_announces_the_family(
    app: FastAPI, world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    first = await world.login("alice")
    second = (
        await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
    ).json()

    reused = await client.post("/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})

    assert reused.json()["code"] == "refresh-token-reused"
    [event] = await outbox(app, SESSION_REVOKED)
    assert event["data"]["session_ids"] == [sid_of(first)]
    assert event["data"]["reason"] == "refresh-token-reused"
    assert event["data"]["issued_before"] is None
    # Both access tokens of the family: the one a thief may hold and the rotated one.
    assert_session_revoked(await me(client, first))
    assert_session_revoked(await me(client, second))


async def test_admin_revoke_announces_every_session_and_the_account_cutoff(
    app: FastAPI, world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["grid_worker"], community="A1")
    await world.add_account("boss", ["admin"])
    phone, laptop = await world.login("alice"), await world.login("alice")
    admin = await world.headers("boss")

    revoked = await client.post(f"/v1/accounts/{world.ids['alice']}/sessions/revoke", headers=admin)

    assert revoked.status_code == 204
    [event] = await outbox(app, SESSION_REVOKED)
    assert event["data"]["reason"] == "sessions-revoked"
    assert event["data"]["session_ids"] == sorted([sid_of(phone), sid_of(laptop)])
    whole_second = clock.now.replace(microsecond=0)
    assert event["data"]["issued_before"] == whole_second.isoformat().replace("+00:00", "Z")
    assert ("account", str(world.ids["alice"]), "sessions-revoked") in await revoked_rows(app)
    assert_session_revoked(await me(client, phone))
    assert_session_revoked(await me(client, laptop))
    # Signing in again, even within the same second, gives a token that works.
    assert (await me(client, await world.login("alice"))).status_code == 200
    clock.advance(seconds=1)
    assert (await me(client, await world.login("alice"))).status_code == 200


async def test_disabling_an_account_announces_its_sessions(
    app: FastAPI, world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["grid_worker"], community="A1")
    await world.add_account("boss", ["admin"])
    tokens = await world.login("alice")
    admin = await world.headers("boss")

    disabled = await client.patch(
        f"/v1/accounts/{world.ids['alice']}", json={"status": "disabled"}, headers=admin
    )

    assert disabled.status_code == 200
    [event] = await outbox(app, SESSION_REVOKED)
    assert event["data"]["reason"] == "account-disabled"
    assert event["data"]["session_ids"] == [sid_of(tokens)]
    assert event["data"]["issued_before"] is not None
    assert_session_revoked(await me(client, tokens))


async def test_other_account_changes_announce_nothing(
    app: FastAPI, world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["grid_worker"], community="A1")
    await world.add_account("boss", ["admin"])
    tokens = await world.login("alice")
    renamed = await client.patch(
        f"/v1/accounts/{world.ids['alice']}",
        json={"display_name": "Alice Li"},
        headers=await world.headers("boss"),
    )
    assert renamed.status_code == 200
    assert await outbox(app, SESSION_REVOKED) == []
    assert (await me(client, tokens)).status_code == 200


async def test_a_password_change_announces_the_other_sessions_and_keeps_this_one(
    app: FastAPI, world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    here, elsewhere = await world.login("alice"), await world.login("alice")

    changed = await client.post(
        "/v1/accounts/me/password",
        json={"current_password": PASSWORD, "new_password": "Brand-New-Secret-7"},
        headers=bearer(here),
    )

    assert changed.status_code == 204
    [event] = await outbox(app, SESSION_REVOKED)
    assert event["data"]["reason"] == "password-changed"
    assert event["data"]["session_ids"] == [sid_of(elsewhere)]
    assert event["data"]["issued_before"] is None
    assert_session_revoked(await me(client, elsewhere))
    assert (await me(client, here)).status_code == 200


async def test_revocations_older_than_every_token_are_purged(
    app: FastAPI, world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    first, second = await world.login("alice"), await world.login("alice")
    await client.post("/v1/auth/logout", json={"refresh_token": first["refresh_token"]})
    clock.advance(seconds=app.state.settings.revocation_keep_seconds)
    await client.post("/v1/auth/logout", json={"refresh_token": second["refresh_token"]})
    assert await revoked_rows(app) == {("session", sid_of(second), "logout")}
