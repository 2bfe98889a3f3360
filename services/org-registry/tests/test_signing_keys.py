import httpx
import jwt
from org_registry_world import FakeClock, World


async def _kid(token: str) -> str:
    kid: str = jwt.get_unverified_header(token)["kid"]
    return kid


async def test_jwks_is_public_and_cacheable(client: httpx.AsyncClient) -> None:
    response = await client.get("/.well-known/jwks.json")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "public, max-age=300"
    (key,) = response.json()["keys"]
    assert {key["kty"], key["crv"], key["alg"], key["use"]} == {"EC", "P-256", "ES256", "sig"}
    assert "d" not in key  # never the private part


async def test_rotation_keeps_old_tokens_valid_and_signs_new_ones_with_the_new_key(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("boss", ["admin"])
    old = await world.login("boss")
    old_headers = {"Authorization": f"Bearer {old['access_token']}"}
    rotated = await client.post("/v1/signing-keys/rotate", headers=old_headers)
    assert rotated.status_code == 200
    new_kid = rotated.json()["kid"]
    assert rotated.json()["retiring"] == [await _kid(old["access_token"])]

    new = await world.login("boss")
    assert await _kid(new["access_token"]) == new_kid
    for tokens in (old, new):
        me = await client.get(
            "/v1/accounts/me", headers={"Authorization": f"Bearer {tokens['access_token']}"}
        )
        assert me.status_code == 200

    published = [k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert published == [new_kid, await _kid(old["access_token"])]

    # Once every token the old key signed has expired (15 min + grace), it is withdrawn.
    clock.advance(minutes=15, seconds=121)
    published = [k["kid"] for k in (await client.get("/.well-known/jwks.json")).json()["keys"]]
    assert published == [new_kid]


async def test_only_an_admin_may_rotate(world: World, client: httpx.AsyncClient) -> None:
    await world.add_account("sec", ["street_secretary"], [world.scope("street", "A")], street="A")
    response = await client.post("/v1/signing-keys/rotate", headers=await world.headers("sec"))
    assert response.status_code == 403
    assert (await client.post("/v1/signing-keys/rotate")).status_code == 401
