from typing import Any

import httpx
import pytest
from factories import count_rows, create, outbox
from fastapi import FastAPI
from org_registry_world import World

from weimin_events import payloads

Staff = dict[str, dict[str, str]]


def _branch(
    parent: Any, code: str, kind: str = "functional_branch", **extra: Any
) -> dict[str, Any]:
    return {
        "kind": kind,
        "name": f"{code}功能型党支部",
        "code": code,
        "parent_id": str(parent),
        **extra,
    }


async def test_a_community_secretary_creates_a_branch_placed_in_its_community(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    body = await create(
        client, "/v1/organisations", _branch(world.ids["A1"], "F1"), staff["sec-a1"]
    )
    assert body["parent_id"] == str(world.ids["A1"])
    assert body["street_id"] == str(world.ids["A"])
    assert body["community_id"] == str(world.ids["A1"])
    assert body["path"] == f"/{world.ids['A']}/{world.ids['A1']}/{body['id']}/"
    assert body["depth"] == 3
    events = await outbox(app, payloads.OrganisationChanged.event_type)
    assert [(e["subject"], e["data"]["action"]) for e in events] == [(body["id"], "created")]


@pytest.mark.parametrize(
    ("caller", "body", "status", "code"),
    [
        ("sec-a1", {"parent": "B1"}, 422, "unknown-parent"),
        ("sec-a1", {"parent": "unknown"}, 422, "unknown-parent"),
        ("sec-a1", {"kind": "community_branch"}, 422, "parent-kind-not-allowed"),
        ("sec-a1", {"kind": "street_committee"}, 422, "parent-kind-not-allowed"),
        ("sec-a1", {"code": "code-B1"}, 409, "organisation-code-taken"),
        ("sec-a1", {"name": ""}, 422, "validation-failed"),
        ("sec-a1", {"division_code": "53290x"}, 422, "validation-failed"),
        ("grid", {}, 403, "forbidden"),
        ("member", {}, 403, "forbidden"),
    ],
)
async def test_bad_creations_are_refused_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    caller: str,
    body: dict[str, Any],
    status: int,
    code: str,
) -> None:
    parent = body.pop("parent", "A1")
    parent_id = world.ids.get(parent, "0190f5c2-0000-7000-8000-000000000000")
    request = {**_branch(parent_id, "NEW"), **body}
    response = await client.post("/v1/organisations", json=request, headers=staff[caller])
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert await count_rows(app, "organisations") == 11
    assert await count_rows(app, "organisation_changes") == 0


async def test_only_the_admin_creates_roots(client: httpx.AsyncClient, staff: Staff) -> None:
    street = {
        "kind": "street_committee",
        "name": "满江街道",
        "code": "MJ",
        "division_code": "532901002000",
    }
    refused = await client.post("/v1/organisations", json=street, headers=staff["sec-a"])
    assert refused.status_code == 403
    created = await create(client, "/v1/organisations", street, staff["boss"])
    assert (created["depth"], created["street_id"], created["division_code"]) == (
        1,
        created["id"],
        "532901002000",
    )


async def test_rename_keeps_history_and_refuses_a_taken_code(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    path = f"/v1/organisations/{world.ids['A1-1']}"
    renamed = await client.patch(path, json={"name": "第一居民小组党支部"}, headers=staff["sec-a1"])
    assert renamed.status_code == 200
    assert renamed.json()["name"] == "第一居民小组党支部"
    taken = await client.patch(path, json={"code": "code-A2"}, headers=staff["sec-a1"])
    assert (taken.status_code, taken.json()["code"]) == (409, "organisation-code-taken")
    cleared = await client.patch(path, json={"name": None}, headers=staff["sec-a1"])
    assert cleared.status_code == 422
    history = (await client.get(f"{path}/history", headers=staff["sec-a1"])).json()["items"]
    assert [(h["action"], h["before"], h["after"]) for h in history] == [
        ("renamed", {"name": "A1-1名称"}, {"name": "第一居民小组党支部"})
    ]
    outside = await client.patch(
        f"/v1/organisations/{world.ids['B1-1']}", json={"name": "x"}, headers=staff["sec-a1"]
    )
    assert outside.status_code == 404


async def test_moving_a_group_rewrites_the_place_of_its_whole_subtree(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    boss = staff["boss"]
    inner = await create(
        client, "/v1/organisations", _branch(world.ids["A1"], "X", "mobile_member_branch"), boss
    )
    leaf = await create(client, "/v1/organisations", _branch(inner["id"], "W"), boss)
    moved = await client.post(
        f"/v1/organisations/{inner['id']}/move",
        json={"parent_id": str(world.ids["B1"])},
        headers=boss,
    )
    assert moved.status_code == 200, moved.text
    after_leaf = (await client.get(f"/v1/organisations/{leaf['id']}", headers=boss)).json()
    for row in (moved.json(), after_leaf):
        assert (row["street_id"], row["community_id"]) == (
            str(world.ids["B"]),
            str(world.ids["B1"]),
        )
    assert after_leaf["path"] == f"/{world.ids['B']}/{world.ids['B1']}/{inner['id']}/{leaf['id']}/"
    assert after_leaf["depth"] == 4
    community = await create(client, "/v1/organisations", _branch(world.ids["A"], "Y"), boss)
    child = await create(client, "/v1/organisations", _branch(community["id"], "Z"), boss)
    await client.post(
        f"/v1/organisations/{community['id']}/move",
        json={"parent_id": str(world.ids["B"])},
        headers=boss,
    )
    after = (await client.get(f"/v1/organisations/{child['id']}", headers=boss)).json()
    assert after["path"] == f"/{world.ids['B']}/{community['id']}/{child['id']}/"
    assert (after["street_id"], after["depth"]) == (str(world.ids["B"]), 3)


async def test_a_move_under_its_own_descendant_is_a_cycle_and_changes_nothing(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    boss = staff["boss"]
    top = await create(client, "/v1/organisations", _branch(world.ids["A1"], "T"), boss)
    below = await create(client, "/v1/organisations", _branch(top["id"], "U"), boss)
    for target in (below["id"], top["id"]):
        response = await client.post(
            f"/v1/organisations/{top['id']}/move", json={"parent_id": target}, headers=boss
        )
        assert response.status_code == 422
        assert response.json()["code"] == "organisation-cycle"
        assert response.json()["errors"][0]["field"] == "body.parent_id"
    unchanged = (await client.get(f"/v1/organisations/{top['id']}", headers=boss)).json()
    assert unchanged["parent_id"] == str(world.ids["A1"])
    assert await count_rows(app, "organisation_changes") == 2  # the two creations


async def test_a_move_out_of_scope_is_refused(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    to_b1 = await client.post(
        f"/v1/organisations/{world.ids['A1-1']}/move",
        json={"parent_id": str(world.ids["B1"])},
        headers=staff["sec-a"],
    )
    assert (to_b1.status_code, to_b1.json()["code"]) == (422, "unknown-parent")
    of_b1 = await client.post(
        f"/v1/organisations/{world.ids['B1-1']}/move",
        json={"parent_id": str(world.ids["A1"])},
        headers=staff["sec-a"],
    )
    assert of_b1.status_code == 404


async def test_dissolving_keeps_the_organisation_with_its_history(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a1"]
    busy = await client.post(
        f"/v1/organisations/{world.ids['A1']}/dissolve", json={"reason": "合并"}, headers=sec
    )
    assert (busy.status_code, busy.json()["code"]) == (409, "organisation-has-active-children")
    path = f"/v1/organisations/{world.ids['A1-1']}"
    assert (await client.post(f"{path}/dissolve", json={}, headers=sec)).status_code == 422
    done = await client.post(f"{path}/dissolve", json={"reason": "小组合并"}, headers=sec)
    assert done.status_code == 200
    assert done.json()["status"] == "dissolved"
    assert done.json()["dissolved_at"] is not None
    again = await client.post(f"{path}/dissolve", json={"reason": "again"}, headers=sec)
    assert (again.status_code, again.json()["code"]) == (409, "organisation-dissolved")
    under = await client.post(
        "/v1/organisations", json=_branch(world.ids["A1-1"], "D"), headers=sec
    )
    assert under.json()["code"] == "unknown-parent"
    assert (await client.get(path, headers=sec)).json()["status"] == "dissolved"
    history = (await client.get(f"{path}/history", headers=sec)).json()["items"]
    assert [(h["action"], h["reason"]) for h in history] == [("dissolved", "小组合并")]
    active = (await client.get("/v1/organisations?status=active", headers=sec)).json()["items"]
    assert str(world.ids["A1-1"]) not in [o["id"] for o in active]


async def test_subtree_counts_per_kind_and_depth_within_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    await create(client, "/v1/organisations", _branch(world.ids["A1"], "F"), staff["sec-a1"])
    counts = await client.get(f"/v1/organisations/{world.ids['A']}/subtree", headers=staff["sec-a"])
    assert counts.json() == {
        "organisation_id": str(world.ids["A"]),
        "total": 6,
        "by_kind": {
            "community_branch": 2,
            "functional_branch": 1,
            "resident_group_branch": 2,
            "street_committee": 1,
        },
        "by_depth": {"1": 1, "2": 2, "3": 3},
    }
    outside = await client.get(
        f"/v1/organisations/{world.ids['B']}/subtree", headers=staff["sec-a"]
    )
    assert outside.status_code == 404


async def test_listing_within_a_subtree_and_search_stay_in_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    within = await client.get(f"/v1/organisations?within={world.ids['A1']}", headers=staff["sec-a"])
    assert sorted(o["code"] for o in within.json()["items"]) == ["code-A1", "code-A1-1"]
    assert (
        await client.get(f"/v1/organisations?within={world.ids['B1']}", headers=staff["sec-a"])
    ).status_code == 404
    search = await client.get("/v1/organisations?q=1名称", headers=staff["sec-a1"])
    assert sorted(o["code"] for o in search.json()["items"]) == [
        "code-A1",
        "code-A1-1",
        "code-S-A1",
    ]


async def test_stationed_units_filter_by_level_and_sector(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    boss = staff["boss"]
    prefecture = await client.get("/v1/organisations?level=prefecture", headers=boss)
    assert [o["code"] for o in prefecture.json()["items"]] == ["code-S-B1"]
    assert (await client.get("/v1/organisations?level=county", headers=boss)).status_code == 422
    scoped = await client.get("/v1/organisations?level=prefecture", headers=staff["sec-a1"])
    assert scoped.json()["items"] == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"kind": "stationed_unit"}, "body.level"),
        ({"kind": "two_new_organisation", "category": "organ"}, "body.category"),
        ({"kind": "street_committee", "level": "city"}, "body.level"),
    ],
)
async def test_roots_must_be_classified(
    app: FastAPI, client: httpx.AsyncClient, staff: Staff, body: dict[str, str], field: str
) -> None:
    response = await client.post(
        "/v1/organisations", json={"name": "某单位", "code": "R1", **body}, headers=staff["boss"]
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "organisations") == 11


async def test_the_admin_registers_a_classified_stationed_unit(
    client: httpx.AsyncClient, staff: Staff
) -> None:
    body = {
        "kind": "two_new_organisation",
        "name": "大理某物流有限公司",
        "code": "TN1",
        "category": "new_economic",
        "sector": "logistics",
    }
    created = await create(client, "/v1/organisations", body, staff["boss"])
    assert (created["category"], created["sector"], created["path"]) == (
        "new_economic",
        "logistics",
        f"/{created['id']}/",
    )
