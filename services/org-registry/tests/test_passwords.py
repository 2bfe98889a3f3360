import httpx
import pytest
from org_registry_world import PASSWORD, World

from weimin_org_registry.identity.passwords import generate_password, password_problems


@pytest.mark.parametrize(
    ("password", "codes"),
    [
        ("Short-1a", ["too-short"]),
        ("alllowercase1", ["too-simple"]),
        ("alllowercaseletters", []),  # 16+ characters need no mix
        ("Xy-alice-2024!", ["contains-username"]),
        ("Password1234", ["too-common"]),
        ("abc", ["too-short", "too-simple"]),
        ("Correct-Horse-42", []),
    ],
)
def test_password_policy_names_every_reason(password: str, codes: list[str]) -> None:
    assert [code for code, _ in password_problems(password, "alice")] == codes


def test_generated_passwords_satisfy_the_policy() -> None:
    for _ in range(20):
        assert password_problems(generate_password("admin"), "admin") == []


async def test_creating_an_account_with_a_weak_password_is_422_with_reasons(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("boss", ["admin"])
    response = await client.post(
        "/v1/accounts",
        json={
            "username": "carol",
            "display_name": "Carol",
            "password": "carol",
            "roles": ["volunteer"],
        },
        headers=await world.headers("boss"),
    )
    assert response.status_code == 422
    body = response.json()
    assert body["code"] == "password-policy"
    assert body["errors"] == [
        {
            "field": "body.password",
            "reason": "must be at least 12 characters long",
            "code": "too-short",
        },
        {
            "field": "body.password",
            "code": "too-simple",
            "reason": "must mix at least three of lower-case letters, upper-case letters, "
            "digits and symbols, or be at least 16 characters long",
        },
        {
            "field": "body.password",
            "reason": "must not contain the username",
            "code": "contains-username",
        },
    ]


async def test_changing_the_password_keeps_this_session_and_ends_the_others(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["volunteer"])
    this, other = await world.login("alice"), await world.login("alice")
    response = await client.post(
        "/v1/accounts/me/password",
        json={"current_password": PASSWORD, "new_password": "Brand-New-Secret-7"},
        headers={"Authorization": f"Bearer {this['access_token']}"},
    )
    assert response.status_code == 204
    refresh = "/v1/auth/refresh"
    assert (
        await client.post(refresh, json={"refresh_token": this["refresh_token"]})
    ).status_code == 200
    assert (
        await client.post(refresh, json={"refresh_token": other["refresh_token"]})
    ).status_code == 401
    await world.login("alice", "Brand-New-Secret-7")
    old = await client.post("/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert old.status_code == 401


@pytest.mark.parametrize(
    ("body", "status", "code", "field"),
    [
        (
            {"current_password": "wrong", "new_password": "Brand-New-Secret-7"},
            422,
            "current-password-incorrect",
            "body.current_password",
        ),
        (
            {"current_password": PASSWORD, "new_password": "weak"},
            422,
            "password-policy",
            "body.new_password",
        ),
        ({"current_password": PASSWORD}, 422, "validation-failed", "body.new_password"),
    ],
)
async def test_password_change_refusals_name_the_field(
    world: World,
    client: httpx.AsyncClient,
    body: dict[str, str],
    status: int,
    code: str,
    field: str,
) -> None:
    await world.add_account("alice", ["volunteer"])
    response = await client.post(
        "/v1/accounts/me/password", json=body, headers=await world.headers("alice")
    )
    assert response.status_code == status
    assert response.json()["code"] == code
    assert response.json()["errors"][0]["field"] == field
    await world.login("alice")  # the password did not change
