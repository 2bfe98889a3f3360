from typing import Any

import httpx
import pytest
from factories import count_rows, create, person_body
from fastapi import FastAPI
from org_registry_world import World

Staff = dict[str, dict[str, str]]


async def _site_body(
    world: World, client: httpx.AsyncClient, staff: Staff, n: int = 1, member: bool = True
) -> dict[str, Any]:
    person = await create(client, "/v1/people", person_body(n, world.ids["A1"]), staff["sec-a1"])
    if member:
        await create(
            client,
            "/v1/party-members",
            {
                "person_id": person["id"],
                "organisation_id": str(world.ids["A1-1"]),
                "standing": "formal",
                "joined_on": "2020-01-01",
            },
            staff["sec-a1"],
        )
    return {
        "kind": "business",
        "category": "restaurant",
        "name": "苍洱党员示范餐馆",
        "holder_person_id": person["id"],
        "community_id": str(world.ids["A1"]),
        "commitment": "明码标价，诚信经营",
        "address": "大理市人民路 1 号",
        "lon": 100.16,
        "lat": 25.69,
        "valid_from": "2024-01-01",
        "valid_until": "2026-12-31",
    }


async def test_the_public_directory_and_map_need_no_sign_in_and_show_nothing_personal(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    site = await create(
        client, "/v1/demonstration-sites", await _site_body(world, client, staff), staff["sec-a1"]
    )
    directory = await client.get("/v1/demonstration-directory?on=2025-01-01")
    assert directory.status_code == 200
    items = directory.json()["items"]
    assert [i["id"] for i in items] == [site["id"]]
    assert "holder_person_id" not in items[0]
    assert set(items[0]) == {
        "id",
        "kind",
        "category",
        "name",
        "community_id",
        "commitment",
        "address",
        "lon",
        "lat",
        "valid_until",
    }
    geo = (await client.get("/v1/demonstration-directory/map?on=2025-01-01")).json()
    assert geo["type"] == "FeatureCollection"
    assert geo["features"][0]["geometry"] == {"type": "Point", "coordinates": [100.16, 25.69]}
    assert "holder_person_id" not in geo["features"][0]["properties"]
    expired = await client.get("/v1/demonstration-directory?on=2027-01-01")
    assert expired.json()["items"] == []
    bad = await client.get("/v1/demonstration-directory?kind=temple")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "query.kind")


async def test_a_revoked_site_leaves_the_public_directory(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    site = await create(
        client, "/v1/demonstration-sites", await _site_body(world, client, staff), staff["sec-a1"]
    )
    path = f"/v1/demonstration-sites/{site['id']}/revoke"
    assert (
        await client.post(path, json={"reason": "违规"}, headers=staff["sec-b1"])
    ).status_code == 404
    assert (await client.post(path, json={}, headers=staff["sec-a1"])).status_code == 422
    revoked = await client.post(path, json={"reason": "违反承诺"}, headers=staff["sec-a1"])
    assert revoked.json()["revoke_reason"] == "违反承诺"
    again = await client.post(path, json={"reason": "again"}, headers=staff["sec-a1"])
    assert (again.status_code, again.json()["code"]) == (409, "site-already-revoked")
    assert (await client.get("/v1/demonstration-directory?on=2025-01-01")).json()["items"] == []
    staff_view = await client.get("/v1/demonstration-sites", headers=staff["sec-a"])
    assert [s["id"] for s in staff_view.json()["items"]] == [site["id"]]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"valid_until": "2023-01-01"}, "body"),
        ({"lat": 95}, "body.lat"),
        ({"kind": "temple"}, "body.kind"),
        ({"category": "Restaurant!"}, "body.category"),
        ({"commitment": ""}, "body.commitment"),
        ({"community_id": "B1"}, "body.community_id"),
    ],
)
async def test_bad_sites_are_422_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, Any],
    field: str,
) -> None:
    body = await _site_body(world, client, staff)
    change = {k: str(world.ids[v]) if v in ("B1",) else v for k, v in change.items()}
    response = await client.post(
        "/v1/demonstration-sites", json={**body, **change}, headers=staff["sec-a1"]
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "demonstration_sites") == 0


async def test_a_site_is_held_by_a_party_member(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = await _site_body(world, client, staff, member=False)
    response = await client.post("/v1/demonstration-sites", json=body, headers=staff["sec-a1"])
    assert (response.status_code, response.json()["errors"][0]["code"]) == (422, "unknown-member")


async def test_staff_lists_stay_in_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    site = await create(
        client, "/v1/demonstration-sites", await _site_body(world, client, staff), staff["sec-a1"]
    )
    assert (await client.get("/v1/demonstration-sites", headers=staff["sec-b1"])).json()[
        "items"
    ] == []
    assert (
        await client.get(f"/v1/demonstration-sites/{site['id']}", headers=staff["sec-b1"])
    ).status_code == 404
    assert (await client.get("/v1/demonstration-sites")).status_code == 401
