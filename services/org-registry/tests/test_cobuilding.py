from typing import Any

import httpx
import pytest
from factories import count_rows, create
from fastapi import FastAPI
from org_registry_world import World

Staff = dict[str, dict[str, str]]


def _agreement(world: World, organisation: str, community: str, **extra: Any) -> dict[str, Any]:
    return {
        "organisation_id": str(world.ids[organisation]),
        "community_id": str(world.ids[community]),
        "contributions": [
            {"kind": "venue", "description": "会议室", "amount": 120},
            {"kind": "funds", "description": "共建经费", "amount": 20_000},
            {"kind": "people", "description": "志愿者", "amount": 6},
            {"kind": "services", "description": "义诊"},
        ],
        "starts_on": "2024-01-01",
        "ends_on": "2025-12-31",
        **extra,
    }


async def test_an_agreement_links_a_new_partner_and_feeds_the_partner_report(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a1"]
    created = await create(
        client, "/v1/co-building-agreements", _agreement(world, "S-B1", "A1"), sec
    )
    assert created["street_id"] == str(world.ids["A"])
    # S-B1 now co-builds with A1, so A1 sees it.
    assert (
        await client.get(f"/v1/organisations/{world.ids['S-B1']}", headers=sec)
    ).status_code == 200
    report = await client.get(
        f"/v1/co-building-agreements/partner-report?community_id={world.ids['A1']}&on=2024-06-01",
        headers=sec,
    )
    body = report.json()
    assert [(p["name"], p["group"], p["agreements_in_force"]) for p in body["partners"]] == [
        ("S-A1名称", "city", 0),
        ("S-B1名称", "prefecture", 1),
    ]
    assert body["partners_by_group"] == {"city": 1, "prefecture": 1}
    assert body["contribution_totals"] == {
        "funds": {"count": 1, "amount": 20_000},
        "people": {"count": 1, "amount": 6},
        "services": {"count": 1, "amount": 0},
        "venue": {"count": 1, "amount": 120},
    }
    later = await client.get(
        f"/v1/co-building-agreements/partner-report?community_id={world.ids['A1']}&on=2026-01-01",
        headers=sec,
    )
    assert later.json()["contribution_totals"] == {}


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_on": "2023-12-31"}, "body"),
        ({"contributions": []}, "body.contributions"),
        ({"contributions": [{"kind": "gold", "description": "x"}]}, "body.contributions.0.kind"),
        (
            {"contributions": [{"kind": "funds", "description": "x", "amount": -1}]},
            "body.contributions.0.amount",
        ),
        ({"community": "B1"}, "body.community_id"),
        ({"organisation": "A1-1"}, "body.organisation_id"),
    ],
)
async def test_bad_agreements_are_422_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    change: dict[str, Any],
    field: str,
) -> None:
    body = _agreement(
        world, change.pop("organisation", "S-A1"), change.pop("community", "A1"), **change
    )
    response = await client.post("/v1/co-building-agreements", json=body, headers=staff["sec-a1"])
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    assert await count_rows(app, "co_building_agreements") == 0


async def test_agreements_and_reports_stay_in_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    mine = await create(
        client, "/v1/co-building-agreements", _agreement(world, "S-A1", "A1"), staff["sec-a1"]
    )
    theirs = await create(
        client, "/v1/co-building-agreements", _agreement(world, "S-B1", "B1"), staff["sec-b1"]
    )
    sec = staff["sec-a1"]
    listed = (await client.get("/v1/co-building-agreements", headers=sec)).json()["items"]
    assert [a["id"] for a in listed] == [mine["id"]]
    filtered = await client.get(
        f"/v1/co-building-agreements?organisation_id={world.ids['S-B1']}", headers=sec
    )
    assert filtered.json()["items"] == []
    assert (
        await client.get(f"/v1/co-building-agreements/{theirs['id']}", headers=sec)
    ).status_code == 404
    report = await client.get(
        f"/v1/co-building-agreements/partner-report?community_id={world.ids['B1']}", headers=sec
    )
    assert report.status_code == 404
    assert (await client.get("/v1/co-building-agreements", headers=staff["grid"])).json()[
        "items"
    ] == []
    denied = await client.post(
        "/v1/co-building-agreements", json=_agreement(world, "S-A1", "A1"), headers=staff["grid"]
    )
    assert denied.status_code == 403
