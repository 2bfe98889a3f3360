from typing import Any

import httpx
import pytest
from factories import count_rows, create, person_body
from fastapi import FastAPI
from org_registry_world import World

Staff = dict[str, dict[str, str]]


async def _seat_body(
    world: World, client: httpx.AsyncClient, staff: Staff, **extra: Any
) -> dict[str, Any]:
    person = await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    return {
        "community_id": str(world.ids["A1"]),
        "person_id": person["id"],
        "unit_organisation_id": str(world.ids["S-A1"]),
        "role": "member",
        "employment": "part_time",
        "term_start": "2022-01-01",
        "term_end": "2024-12-31",
        **extra,
    }


async def test_seats_list_by_person_and_expiring_terms(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = await _seat_body(world, client, staff)
    seat = await create(client, "/v1/big-committee-seats", body, staff["sec-a1"])
    later = await create(
        client,
        "/v1/big-committee-seats",
        {**body, "term_start": "2025-01-01", "term_end": "2027-12-31", "role": "deputy_secretary"},
        staff["sec-a1"],
    )
    sec = staff["sec-a1"]
    mine = await client.get(f"/v1/big-committee-seats?person_id={body['person_id']}", headers=sec)
    assert sorted(s["id"] for s in mine.json()["items"]) == sorted([seat["id"], later["id"]])
    expiring = await client.get(
        "/v1/big-committee-seats/expiring?on=2024-11-01&within_days=90", headers=sec
    )
    assert [s["id"] for s in expiring.json()["items"]] == [seat["id"]]
    in_office = await client.get("/v1/big-committee-seats?in_office_on=2026-01-01", headers=sec)
    assert [s["id"] for s in in_office.json()["items"]] == [later["id"]]


async def test_overlapping_terms_for_one_person_are_409_and_write_nothing(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = await _seat_body(world, client, staff)
    await create(client, "/v1/big-committee-seats", body, staff["sec-a1"])
    overlap = await client.post(
        "/v1/big-committee-seats",
        json={**body, "term_start": "2024-12-31", "term_end": "2026-01-01"},
        headers=staff["sec-a1"],
    )
    assert (overlap.status_code, overlap.json()["code"]) == (409, "seat-terms-overlap")
    assert await count_rows(app, "big_committee_seats") == 1


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"term_end": "2021-12-31"}, "body"),
        ({"role": "chairman"}, "body.role"),
        ({"employment": "sometimes"}, "body.employment"),
        ({"community_id": "B1"}, "body.community_id"),
        ({"unit_organisation_id": "A1-1"}, "body.unit_organisation_id"),
    ],
)
async def test_bad_seats_are_422(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, str],
    field: str,
) -> None:
    body = await _seat_body(world, client, staff)
    change = {k: str(world.ids[v]) if v in world.ids else v for k, v in change.items()}
    response = await client.post(
        "/v1/big-committee-seats", json={**body, **change}, headers=staff["sec-a1"]
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "big_committee_seats") == 0


async def test_seats_stay_in_scope(world: World, client: httpx.AsyncClient, staff: Staff) -> None:
    seat = await create(
        client, "/v1/big-committee-seats", await _seat_body(world, client, staff), staff["sec-a1"]
    )
    other = staff["sec-b1"]
    assert (
        await client.get(f"/v1/big-committee-seats/{seat['id']}", headers=other)
    ).status_code == 404
    assert (await client.get("/v1/big-committee-seats", headers=other)).json()["items"] == []
    expiring = await client.get("/v1/big-committee-seats/expiring?on=2024-11-01", headers=other)
    assert expiring.json()["items"] == []
    person_elsewhere = await client.post(
        "/v1/big-committee-seats",
        json={**await _seat_body_for_b1(world), "person_id": seat["person_id"]},
        headers=other,
    )
    assert person_elsewhere.json()["errors"][0]["field"] == "body.person_id"


async def _seat_body_for_b1(world: World) -> dict[str, Any]:
    return {
        "community_id": str(world.ids["B1"]),
        "role": "member",
        "employment": "part_time",
        "term_start": "2022-01-01",
        "term_end": "2024-12-31",
    }
