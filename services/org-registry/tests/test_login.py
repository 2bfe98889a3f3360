import httpx
import jwt
import pytest
from fastapi import FastAPI
from org_registry_world import PASSWORD, FakeClock, World

from weimin_org_registry.identity.passwords import Passwords


def _without_request_noise(body: dict[str, object]) -> dict[str, object]:
    return {k: v for k, v in body.items() if k not in ("request_id",)}


async def test_login_returns_tokens_whose_claims_verify_with_the_published_jwks(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["community_secretary"], [world.scope("community", "A1")])
    response = await client.post("/v1/auth/login", json={"username": "ALICE", "password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {
        "access_token", "token_type", "expires_in", "refresh_token", "refresh_expires_in",
    }  # fmt: skip
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 900
    assert body["refresh_expires_in"] == 14 * 24 * 3600
    assert len(body["refresh_token"]) >= 43  # 32 random bytes, url-safe base64

    jwks = (await client.get("/.well-known/jwks.json")).json()
    header = jwt.get_unverified_header(body["access_token"])
    assert header["alg"] == "ES256"
    (entry,) = [k for k in jwks["keys"] if k["kid"] == header["kid"]]
    claims = jwt.decode(
        body["access_token"],
        jwt.PyJWK(entry).key,
        algorithms=["ES256"],
        audience="weimin",
        issuer="weimin-org-registry",
    )
    assert claims["sub"] == str(world.ids["alice"])
    assert claims["typ"] == "access"
    assert claims["roles"] == ["community_secretary"]
    assert claims["scopes"] == [world.scope("community", "A1")]
    assert claims["name"] == "Name of alice"
    assert claims["exp"] - claims["iat"] == 900
    assert len(claims["jti"]) == 32
    assert claims["sid"]


async def test_me_describes_the_signed_in_account(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("alice", ["grid_worker"], ["grid:0190f5c2-0000-7000-8000-000000000001"])
    response = await client.get("/v1/accounts/me", headers=await world.headers("alice"))
    assert response.status_code == 200
    assert response.json() == {
        "id": str(world.ids["alice"]),
        "username": "alice",
        "display_name": "Name of alice",
        "roles": ["grid_worker"],
        "scopes": ["grid:0190f5c2-0000-7000-8000-000000000001"],
    }


async def test_me_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/accounts/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


async def test_wrong_password_and_unknown_user_get_the_same_answer(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    wrong = await client.post("/v1/auth/login", json={"username": "alice", "password": "nope"})
    unknown = await client.post("/v1/auth/login", json={"username": "bob", "password": "nope"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json()["code"] == "invalid-credentials"
    assert _without_request_noise(wrong.json()) == _without_request_noise(unknown.json())


async def test_unknown_user_is_checked_against_a_dummy_hash(
    app: FastAPI, client: httpx.AsyncClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    checked: list[str | None] = []
    passwords: Passwords = app.state.identity.passwords
    original = passwords.verify

    async def spy(password_hash: str | None, password: str) -> bool:
        checked.append(password_hash)
        return await original(password_hash, password)

    monkeypatch.setattr(passwords, "verify", spy)
    response = await client.post("/v1/auth/login", json={"username": "ghost", "password": "x"})
    assert response.status_code == 401
    assert checked == [None]  # verify() hashes against its dummy when there is no account


async def test_lockout_after_five_failures_refuses_even_the_right_password_until_it_ends(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["volunteer"])
    bad = {"username": "alice", "password": "wrong-password"}
    statuses = [(await client.post("/v1/auth/login", json=bad)).status_code for _ in range(5)]
    assert statuses == [401, 401, 401, 401, 423]

    clock.advance(minutes=14, seconds=30)
    locked = await client.post("/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert locked.status_code == 423
    assert locked.json()["code"] == "account-locked"
    assert locked.json()["retry_after"] == 30
    assert locked.headers["retry-after"] == "30"

    clock.advance(seconds=31)
    assert (await world.login("alice"))["token_type"] == "Bearer"


async def test_a_success_resets_the_failure_count(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("alice", ["volunteer"])
    bad = {"username": "alice", "password": "wrong-password"}
    for _ in range(4):
        assert (await client.post("/v1/auth/login", json=bad)).status_code == 401
    await world.login("alice")
    assert (await client.post("/v1/auth/login", json=bad)).status_code == 401


async def test_eleventh_attempt_from_one_address_in_a_minute_is_rate_limited(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    for n in range(10):
        response = await client.post("/v1/auth/login", json={"username": f"u{n}", "password": "x"})
        assert response.status_code == 401
    limited = await client.post("/v1/auth/login", json={"username": "u99", "password": "x"})
    assert limited.status_code == 429
    assert limited.json()["code"] == "rate-limited"
    assert limited.headers["retry-after"] == "60"
    clock.advance(seconds=61)
    response = await client.post("/v1/auth/login", json={"username": "u99", "password": "x"})
    assert response.status_code == 401


async def test_one_username_is_rate_limited_across_addresses(
    world: World, client: httpx.AsyncClient
) -> None:
    for n in range(10):
        await client.post(
            "/v1/auth/login",
            json={"username": "target", "password": "x"},
            headers={"X-Forwarded-For": f"198.51.100.{n}"},
        )
    limited = await client.post(
        "/v1/auth/login",
        json={"username": "TARGET", "password": "x"},
        headers={"X-Forwarded-For": "198.51.100.200"},
    )
    assert limited.status_code == 429


async def test_forwarded_for_is_believed_only_from_a_trusted_proxy(
    app: FastAPI, world: World
) -> None:
    transport = httpx.ASGITransport(app=app, client=("203.0.113.9", 5000))
    async with httpx.AsyncClient(transport=transport, base_url="http://service.test") as c:
        for n in range(10):
            await c.post(
                "/v1/auth/login",
                json={"username": f"u{n}", "password": "x"},
                headers={"X-Forwarded-For": f"198.51.100.{n}"},  # spoofed: peer is untrusted
            )
        limited = await c.post(
            "/v1/auth/login",
            json={"username": "other", "password": "x"},
            headers={"X-Forwarded-For": "198.51.100.77"},
        )
    assert limited.status_code == 429


async def test_disabled_account_cannot_sign_in(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("alice", ["volunteer"], status="disabled")
    response = await client.post("/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 403
    assert response.json()["code"] == "account-disabled"


async def test_login_rehashes_a_password_hashed_with_old_parameters(
    app: FastAPI, world: World
) -> None:
    await world.add_account("alice", ["volunteer"])
    passwords: Passwords = app.state.identity.passwords
    from argon2 import PasswordHasher

    passwords.hasher = PasswordHasher(time_cost=2, memory_cost=16, parallelism=1)
    await world.login("alice")
    async with world.database.sessionmaker() as session:
        from weimin_org_registry.identity.models import Account

        account = await session.get(Account, world.ids["alice"])
        assert account is not None
        assert "m=16,t=2,p=1" in account.password_hash
    await world.login("alice")  # and the new hash verifies


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ({}, {"body.username", "body.password"}),
        ({"username": "alice"}, {"body.password"}),
        ({"username": 5, "password": "x"}, {"body.username"}),
        ({"username": "a" * 65, "password": "x"}, {"body.username"}),
        ({"username": "alice", "password": "x" * 1025}, {"body.password"}),
    ],
)
async def test_bad_login_input_is_422_naming_the_fields(
    client: httpx.AsyncClient, body: dict[str, object], fields: set[str]
) -> None:
    response = await client.post("/v1/auth/login", json=body)
    assert response.status_code == 422
    assert response.json()["code"] == "validation-failed"
    assert {e["field"] for e in response.json()["errors"]} == fields
