"""A partner client's rate limit: set at creation (or the setting's default), changed by
staff with the change audited, carried in the client's tokens for the grid to enforce, and
refused 422 naming the field when it is not a positive number of calls."""

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from org_registry_world import World
from test_partner_clients import CLIENTS, bearer, claims_of, create_client, token_by_basic

AREA_A1 = "A1"


async def _create(
    client: httpx.AsyncClient, world: World, headers: dict[str, str], **limits: int
) -> httpx.Response:
    return await client.post(
        CLIENTS,
        json={
            "name": "公安网格系统",
            "scopes": ["integration:grid-units.read"],
            "area_id": str(world.ids[AREA_A1]),
            **limits,
        },
        headers=headers,
    )


async def _token_claims(
    app: FastAPI, client: httpx.AsyncClient, created: dict[str, Any]
) -> dict[str, Any]:
    response = await token_by_basic(client, created["client_id"], created["client_secret"])
    assert response.status_code == 200, response.text
    return claims_of(app, response.json()["access_token"])


async def test_a_client_gets_the_default_limit_and_its_token_carries_it(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    assert (created["rate_limit_per_minute"], created["rate_limit_burst"]) == (600, None)
    claims = await _token_claims(app, client, created)
    # No burst of its own: as many at once as per minute.
    assert (claims["rate_limit_per_minute"], claims["rate_limit_burst"]) == (600, 600)
    changes = await client.get(f"{CLIENTS}/{created['client_id']}/changes", headers=staff["sec-a"])
    (creation,) = changes.json()["items"]
    assert creation["details"]["rate_limit_per_minute"] == 600


async def test_a_limit_set_at_creation_then_changed_holds_from_the_next_token(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    response = await _create(
        client, world, staff["sec-a"], rate_limit_per_minute=120, rate_limit_burst=10
    )
    assert response.status_code == 201, response.text
    created = response.json()
    assert (created["rate_limit_per_minute"], created["rate_limit_burst"]) == (120, 10)
    before = await _token_claims(app, client, created)
    assert (before["rate_limit_per_minute"], before["rate_limit_burst"]) == (120, 10)

    url = f"{CLIENTS}/{created['client_id']}"
    changed = await client.patch(
        url, json={"rate_limit_per_minute": 30, "rate_limit_burst": None}, headers=staff["sec-a"]
    )
    assert changed.status_code == 200, changed.text
    assert (changed.json()["rate_limit_per_minute"], changed.json()["rate_limit_burst"]) == (
        30,
        None,
    )
    read = await client.get(url, headers=staff["sec-a"])
    assert read.json()["rate_limit_per_minute"] == 30
    after = await _token_claims(app, client, created)
    assert (after["rate_limit_per_minute"], after["rate_limit_burst"]) == (30, 30)
    me = await client.get(f"{CLIENTS}/me", headers=bearer(await _access(client, created)))
    assert me.json()["rate_limit_per_minute"] == 30

    history = (await client.get(f"{url}/changes", headers=staff["sec-a"])).json()["items"]
    assert [change["action"] for change in history] == ["updated", "created"]
    assert history[0]["details"] == {
        "rate_limit_burst": {"from": 10, "to": None},
        "rate_limit_per_minute": {"from": 120, "to": 30},
    }
    # The same values again change nothing, and nothing is audited.
    again = await client.patch(url, json={"rate_limit_per_minute": 30}, headers=staff["sec-a"])
    assert again.status_code == 200
    history = (await client.get(f"{url}/changes", headers=staff["sec-a"])).json()["items"]
    assert len(history) == 2


async def _access(client: httpx.AsyncClient, created: dict[str, Any]) -> str:
    response = await token_by_basic(client, created["client_id"], created["client_secret"])
    token: str = response.json()["access_token"]
    return token


@pytest.mark.parametrize(
    ("body", "field", "reason_zh"),
    [
        ({"rate_limit_per_minute": 0}, "body.rate_limit_per_minute", "不能小于 1"),
        ({"rate_limit_burst": 100_001}, "body.rate_limit_burst", "不能大于 100000"),
        ({"rate_limit_per_minute": "fast"}, "body.rate_limit_per_minute", "整数"),
    ],
)
async def test_a_bad_limit_at_creation_is_named(
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    body: dict[str, Any],
    field: str,
    reason_zh: str,
) -> None:
    headers = {**staff["sec-a"], "Accept-Language": "zh-CN"}
    response = await _create(client, world, headers, **body)
    assert response.status_code == 422, response.text
    (error,) = response.json()["errors"]
    assert error["field"] == field
    assert reason_zh in error["reason"]
    english = await _create(client, world, {**staff["sec-a"], "Accept-Language": "en"}, **body)
    assert english.json()["errors"][0]["field"] == field
    assert english.json()["errors"][0]["reason"].isascii()


async def test_a_bad_change_is_named_and_a_revoked_client_is_not_changed(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    url = f"{CLIENTS}/{created['client_id']}"
    zh = {**staff["sec-a"], "Accept-Language": "zh-CN"}
    cases = [
        ({"rate_limit_per_minute": None}, "body.rate_limit_per_minute", "不能为空"),
        ({"rate_limit_burst": -1}, "body.rate_limit_burst", "不能小于 1"),
        ({}, "body", "请至少提供"),
        ({"name": "改名"}, "body.name", None),
    ]
    for body, field, reason_zh in cases:
        response = await client.patch(url, json=body, headers=zh)
        assert response.status_code == 422, (body, response.text)
        error = response.json()["errors"][0]
        assert error["field"] == field, body
        if reason_zh:
            assert reason_zh in error["reason"], error
    unchanged = await client.get(url, headers=staff["sec-a"])
    assert unchanged.json()["rate_limit_per_minute"] == 600
    # A community secretary manages no partner clients.
    refused = await client.patch(url, json={"rate_limit_per_minute": 5}, headers=staff["sec-a1"])
    assert refused.status_code == 403
    # Another street's client is not this street secretary's to see, nor to change.
    elsewhere = await create_client(client, world, staff["boss"], area="B")
    out_of_street = await client.patch(
        f"{CLIENTS}/{elsewhere['client_id']}", json={"rate_limit_per_minute": 5},
        headers=staff["sec-a"],
    )  # fmt: skip
    assert (out_of_street.status_code, out_of_street.json()["code"]) == (404, "not-found")
    await client.post(f"{url}/revoke", headers=staff["sec-a"])
    revoked = await client.patch(url, json={"rate_limit_per_minute": 5}, headers=staff["sec-a"])
    assert (revoked.status_code, revoked.json()["code"]) == (409, "partner-client-revoked")
