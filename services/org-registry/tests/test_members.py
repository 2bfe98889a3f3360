from typing import Any

import httpx
import pytest
from factories import count_rows, create, outbox, person_body
from fastapi import FastAPI
from org_registry_world import World

from weimin_events import payloads

Staff = dict[str, dict[str, str]]


async def _member(
    world: World, client: httpx.AsyncClient, staff: Staff, n: int = 1, organisation: str = "A1-1"
) -> dict[str, Any]:
    person = await create(client, "/v1/people", person_body(n, world.ids["A1"]), staff["sec-a1"])
    return await create(
        client,
        "/v1/party-members",
        {
            "person_id": person["id"],
            "organisation_id": str(world.ids[organisation]),
            "standing": "probationary",
            "joined_on": "2024-03-01",
        },
        staff["sec-a1"],
    )


async def test_admitting_a_member_places_them_in_their_organisation(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff)
    assert (member["organisation_id"], member["community_id"], member["standing"]) == (
        str(world.ids["A1-1"]),
        str(world.ids["A1"]),
        "probationary",
    )
    formal = await client.patch(
        f"/v1/party-members/{member['id']}", json={"standing": "formal"}, headers=staff["sec-a1"]
    )
    assert formal.json()["standing"] == "formal"


@pytest.mark.parametrize(
    ("change", "status", "code"),
    [
        ({"organisation_id": "B1-1"}, 422, "unknown-organisation"),
        ({"organisation_id": "S-B1"}, 422, "unknown-organisation"),
        ({"standing": "honorary"}, 422, "literal_error"),
        ({"joined_on": "2024-13-01"}, 422, "date_from_datetime_parsing"),
    ],
)
async def test_bad_admissions_are_refused(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, str],
    status: int,
    code: str,
) -> None:
    person = await create(client, "/v1/people", person_body(1, world.ids["A1"]), staff["sec-a1"])
    body = {
        "person_id": person["id"],
        "organisation_id": str(world.ids["A1-1"]),
        "standing": "formal",
        "joined_on": "2024-03-01",
    }
    if "organisation_id" in change:
        change = {"organisation_id": str(world.ids[change["organisation_id"]])}
    response = await client.post(
        "/v1/party-members", json={**body, **change}, headers=staff["sec-a1"]
    )
    assert response.status_code == status
    error = response.json()["errors"][0]
    assert error["code"] == code
    assert await count_rows(app, "party_members") == 0


async def test_a_person_is_admitted_once(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff)
    again = await client.post(
        "/v1/party-members",
        json={
            "person_id": member["person_id"],
            "organisation_id": str(world.ids["A1"]),
            "standing": "formal",
            "joined_on": "2024-03-01",
        },
        headers=staff["sec-a1"],
    )
    assert (again.status_code, again.json()["code"]) == (409, "already-party-member")


async def test_transfers_move_the_member_and_keep_the_history(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff)
    path = f"/v1/party-members/{member['id']}/transfers"
    early = await client.post(
        path,
        json={
            "to_organisation_id": str(world.ids["A2-1"]),
            "transferred_on": "2024-01-01",
            "reason": "搬家",
        },
        headers=staff["sec-a"],
    )
    assert (early.status_code, early.json()["errors"][0]["code"]) == (422, "before-history")
    moved = await client.post(
        path,
        json={
            "to_organisation_id": str(world.ids["A2-1"]),
            "transferred_on": "2024-06-01",
            "reason": "搬家",
        },
        headers=staff["sec-a"],
    )
    assert moved.status_code == 201
    detail = moved.json()
    assert (detail["organisation_id"], detail["community_id"]) == (
        str(world.ids["A2-1"]),
        str(world.ids["A2"]),
    )
    assert [(t["from_organisation_id"], t["to_organisation_id"]) for t in detail["transfers"]] == [
        (str(world.ids["A1-1"]), str(world.ids["A2-1"]))
    ]
    same = await client.post(
        path,
        json={
            "to_organisation_id": str(world.ids["A2-1"]),
            "transferred_on": "2024-07-01",
            "reason": "x1",
        },
        headers=staff["sec-a"],
    )
    assert same.json()["errors"][0]["code"] == "same-organisation"
    out_of_scope = await client.post(
        path,
        json={
            "to_organisation_id": str(world.ids["B1-1"]),
            "transferred_on": "2024-07-01",
            "reason": "跨街道",
        },
        headers=staff["sec-a"],
    )
    assert out_of_scope.json()["errors"][0]["field"] == "body.to_organisation_id"


async def test_members_are_seen_by_their_organisation_and_their_home_only(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    in_unit = await _member(world, client, staff, 1, "S-A1")
    assert in_unit["community_id"] is None
    at_home = (await client.get("/v1/party-members", headers=staff["sec-a1"])).json()["items"]
    assert [m["id"] for m in at_home] == [in_unit["id"]]
    assert (await client.get("/v1/party-members", headers=staff["sec-b1"])).json()["items"] == []
    hidden = await client.get(f"/v1/party-members/{in_unit['id']}", headers=staff["sec-b1"])
    assert hidden.status_code == 404


async def test_members_are_found_by_part_of_their_name_within_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    found = [await _member(world, client, staff, n) for n in (1, 12, 2)]  # 杨1, 杨12, 杨2
    search = await client.get("/v1/party-members?q=杨1", headers=staff["sec-a1"])
    assert [m["id"] for m in search.json()["items"]] == [found[0]["id"], found[1]["id"]]
    elsewhere = await client.get("/v1/party-members?q=杨1", headers=staff["sec-b1"])
    assert elsewhere.json()["items"] == []
    empty = await client.get("/v1/party-members?q=", headers=staff["sec-a1"])
    assert (empty.status_code, empty.json()["errors"][0]["field"]) == (422, "query.q")


async def test_an_in_service_member_reports_to_the_home_community_with_pledges(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff, 1, "S-A1")
    body = {
        "member_id": member["id"],
        "reported_on": "2024-09-01",
        "pledges": [{"area": "environment", "description": "洱海保护", "hours_per_month": 4}],
    }
    report = await create(client, "/v1/member-reports", body, staff["sec-a1"])
    assert (report["community_id"], report["services_done"], report["service_minutes"]) == (
        str(world.ids["A1"]),
        0,
        0,
    )
    again = await client.post("/v1/member-reports", json=body, headers=staff["sec-a1"])
    assert (again.status_code, again.json()["code"]) == (409, "member-already-reported")
    events = await outbox(app, payloads.MemberReported.event_type)
    assert [
        (e["subject"], e["data"]["community_id"], e["data"]["pledge_areas"]) for e in events
    ] == [(report["id"], str(world.ids["A1"]), ["environment"])]
    assert (
        await client.get(f"/v1/member-reports/{report['id']}", headers=staff["sec-b1"])
    ).status_code == 404
    assert (await client.get("/v1/member-reports", headers=staff["sec-b1"])).json()["items"] == []
    listed = (await client.get("/v1/member-reports", headers=staff["sec-a"])).json()["items"]
    assert [r["id"] for r in listed] == [report["id"]]


@pytest.mark.parametrize(
    ("pledges", "field"),
    [
        ([], "body.pledges"),
        ([{"area": "cooking", "description": "x", "hours_per_month": 1}], "body.pledges.0.area"),
        (
            [{"area": "economy", "description": "x", "hours_per_month": 0}],
            "body.pledges.0.hours_per_month",
        ),
    ],
)
async def test_bad_reports_are_refused_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    pledges: list[dict[str, Any]],
    field: str,
) -> None:
    member = await _member(world, client, staff)
    body = {"member_id": member["id"], "reported_on": "2024-09-01", "pledges": pledges}
    response = await client.post("/v1/member-reports", json=body, headers=staff["sec-a1"])
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "member_reports") == 0
    assert await outbox(app, payloads.MemberReported.event_type) == []


async def test_another_community_cannot_register_the_report(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff)
    body = {
        "member_id": member["id"],
        "reported_on": "2024-09-01",
        "pledges": [{"area": "economy", "description": "x", "hours_per_month": 2}],
    }
    response = await client.post("/v1/member-reports", json=body, headers=staff["sec-b1"])
    assert (response.status_code, response.json()["errors"][0]["code"]) == (422, "unknown-member")


async def test_a_member_sees_their_own_membership_and_report_only(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    person = await create(
        client,
        "/v1/people",
        person_body(1, world.ids["A1"], account_id=str(world.ids["member"])),
        staff["sec-a1"],
    )
    own = await create(
        client,
        "/v1/party-members",
        {
            "person_id": person["id"],
            "organisation_id": str(world.ids["S-A1"]),
            "standing": "formal",
            "joined_on": "2020-01-01",
        },
        staff["sec-a1"],
    )
    other = await _member(world, client, staff, 2)
    report = await create(
        client,
        "/v1/member-reports",
        {
            "member_id": own["id"],
            "reported_on": "2024-09-01",
            "pledges": [{"area": "economy", "description": "x", "hours_per_month": 2}],
        },
        staff["sec-a1"],
    )
    member = staff["member"]
    assert (await client.get(f"/v1/party-members/{own['id']}", headers=member)).status_code == 200
    assert (await client.get(f"/v1/party-members/{other['id']}", headers=member)).status_code == 404
    listed = (await client.get("/v1/party-members", headers=member)).json()["items"]
    assert [m["id"] for m in listed] == [own["id"]]
    reports = (await client.get("/v1/member-reports", headers=member)).json()["items"]
    assert [r["id"] for r in reports] == [report["id"]]
    refused = await client.post(
        f"/v1/party-members/{own['id']}/transfers",
        json={
            "to_organisation_id": str(world.ids["A1-1"]),
            "transferred_on": "2024-07-01",
            "reason": "自己转",
        },
        headers=member,
    )
    assert refused.status_code == 403


async def test_an_organisation_with_members_is_not_dissolved(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    member = await _member(world, client, staff)
    path = f"/v1/organisations/{world.ids['A1-1']}/dissolve"
    refused = await client.post(path, json={"reason": "合并小组"}, headers=staff["sec-a1"])
    assert (refused.status_code, refused.json()["code"]) == (409, "organisation-has-members")
    await client.post(
        f"/v1/party-members/{member['id']}/transfers",
        json={
            "to_organisation_id": str(world.ids["A1"]),
            "transferred_on": "2024-06-01",
            "reason": "小组合并",
        },
        headers=staff["sec-a1"],
    )
    done = await client.post(path, json={"reason": "合并小组"}, headers=staff["sec-a1"])
    assert done.json()["status"] == "dissolved"


async def test_a_member_reports_to_the_home_community_on_their_own_phone(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    person = await create(
        client,
        "/v1/people",
        person_body(1, world.ids["A1"], account_id=str(world.ids["member"])),
        staff["sec-a1"],
    )
    own = await create(
        client,
        "/v1/party-members",
        {
            "person_id": person["id"],
            "organisation_id": str(world.ids["S-A1"]),
            "standing": "formal",
            "joined_on": "2020-01-01",
        },
        staff["sec-a1"],
    )
    other = await _member(world, client, staff, 2)
    member = staff["member"]
    pledges = [{"area": "environment", "description": "洱海保护", "hours_per_month": 4}]
    not_mine = await client.post(
        "/v1/member-reports",
        json={"member_id": other["id"], "reported_on": "2024-09-01", "pledges": pledges},
        headers=member,
    )
    assert not_mine.status_code == 403
    report = await create(
        client,
        "/v1/member-reports",
        {"member_id": own["id"], "reported_on": "2024-09-01", "pledges": pledges},
        member,
    )
    assert report["community_id"] == str(world.ids["A1"])
    listed = (await client.get("/v1/member-reports", headers=staff["sec-a1"])).json()["items"]
    assert [r["id"] for r in listed] == [report["id"]]
    events = await outbox(app, payloads.MemberReported.event_type)
    assert [e["subject"] for e in events] == [report["id"]]
