"""The partner exchange's and its staff screens' remaining edges: malformed input answered
422 naming the field, and every read and write held to the caller's area."""

import httpx
import pytest
from grid_world import Callers, World
from integration_helpers import home_address

EVENTS = ("integration:events.receive",)


async def test_grid_units_are_the_partners_area_only(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reader = callers.partner("community:C1", ("integration:grid-units.read",))
    answer = await client.get("/integration/v1/grid-units", headers=reader)
    assert answer.status_code == 200, answer.text
    assert answer.json()["type"] == "FeatureCollection"
    codes = {feature["id"] for feature in answer.json()["features"]}
    assert codes == {world.grid_codes["A"], world.grid_codes["B"]}
    bad = await client.get(
        "/integration/v1/grid-units", params={"community_id": "C1"}, headers=reader
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"] == "query.community_id"


@pytest.mark.parametrize(
    ("method", "path", "who"),
    [
        ("GET", "/integration/v1/incidents/not-an-id", "partner"),
        ("POST", "/v1/webhook-deliveries/not-an-id/redeliver", "staff"),
        ("GET", "/v1/webhook-deliveries/not-an-id/attempts", "staff"),
        ("POST", "/v1/sync-conflicts/not-an-id/settle", "staff"),
        ("POST", "/integration/v1/webhooks/not-an-id/secret/rotate", "partner"),
    ],
)
async def test_a_malformed_id_is_named(
    client: httpx.AsyncClient, callers: Callers, method: str, path: str, who: str
) -> None:
    headers = (
        callers.partner(scopes=(*EVENTS, "integration:incidents.read"))
        if who == "partner"
        else callers.community_secretary("C1")
    )
    response = await client.request(method, path, headers=headers)
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"].startswith("path.")


@pytest.mark.parametrize(
    ("path", "params"),
    [
        ("/v1/sync-conflicts", {"settled": "maybe"}),
        ("/v1/partner-calls", {"client_id": "x" * 65}),
        ("/v1/webhook-deliveries", {"state": "lost"}),
        ("/v1/standard-addresses", {"code": "x" * 41}),
    ],
)
async def test_bad_filters_are_named(
    client: httpx.AsyncClient, callers: Callers, path: str, params: dict[str, str]
) -> None:
    response = await client.get(path, params=params, headers=callers.community_secretary("C1"))
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == f"query.{next(iter(params))}"


async def test_a_partner_writes_addresses_only_in_its_area(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    writer = callers.partner("community:C1", ("integration:addresses.write",))
    row = {
        "code": "532999PARTNERD1",
        "grid_unit_code": world.grid_codes["D"],
        "province": "云南省",
        "city": "大理白族自治州",
        "county": "大理市",
        "town": "下关街道",
        "community": "太和社区",
        "road": "测试路",
        "number": "9",
    }
    answer = await client.post(
        "/integration/v1/addresses/batches",
        json={"records": [row]},
        headers={**writer, "Idempotency-Key": "addresses-outside"},
    )
    assert answer.status_code == 200, answer.text
    result = answer.json()["results"][0]
    assert (result["outcome"], result["issues"][0]["field"]) == ("rejected", "grid_unit_code")


async def test_another_clients_endpoint_cannot_be_rotated_or_read(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    created = await client.post(
        "/integration/v1/webhooks",
        json={"url": "https://police.example/hook"},
        headers=callers.partner(scopes=EVENTS),
    )
    assert created.status_code == 201, created.text
    stranger = callers.partner(scopes=EVENTS, client="other-client")
    subscription = created.json()["id"]
    rotate = await client.post(
        f"/integration/v1/webhooks/{subscription}/secret/rotate", headers=stranger
    )
    log = await client.get(f"/integration/v1/webhooks/{subscription}/deliveries", headers=stranger)
    assert (rotate.status_code, log.status_code) == (404, 404)


async def test_an_address_is_not_merged_into_another_communitys(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await home_address(client, world, callers, "A")
    await home_address(client, world, callers, "C")
    listed = (await client.get("/v1/standard-addresses", headers=callers.admin())).json()
    in_a, in_c = (
        next(item["id"] for item in listed["items"] if item["grid_unit_id"] == str(world.grids[g]))
        for g in ("A", "C")
    )
    refused = await client.post(
        f"/v1/standard-addresses/{in_a}/merge", json={"into": in_c}, headers=callers.admin()
    )
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "into"
    hidden = await client.post(
        f"/v1/standard-addresses/{in_c}/merge",
        json={"into": in_a},
        headers=callers.community_secretary("C1"),
    )
    assert hidden.status_code == 404
