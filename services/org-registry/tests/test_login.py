import httpx
import jwt
import pytest
from fastapi import FastAPI
from org_registry_world import PASSWORD, World

from weimin_org_registry.identity.passwords import Passwords


async def test_login_returns_tokens_whose_claims_verify_with_the_published_jwks(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["community_secretary"], [world.scope("community", "A1")])
    response = await client.post("/v1/auth/login", json={"username": "ALICE", "password": PASSWORD})
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert set(body) == {
        "access_token",
        "token_type",
        "expires_in",
        "refresh_token",
        "refresh_expires_in",
    }
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
    assert claims["amr"] == ["pwd"]


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
        "phone": None,
        "member_pending": False,
    }


async def test_me_without_a_token_is_401(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/accounts/me")
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"


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
