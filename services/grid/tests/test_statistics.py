from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report, walk


@pytest.fixture
async def history(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> list[dict[str, Any]]:
    admin = callers.admin()
    on_time = await walk(
        client, admin, await report(client, admin, "A"), "accept", "assign", "start", "resolve"
    )
    late = await report(client, admin, "A", priority="urgent")
    late = await walk(client, admin, late, "accept", "assign", "start")
    open_b = await report(client, admin, "B", category_code="0501", extra={})
    open_d = await report(client, admin, "D")
    app.state.clock = lambda: datetime.fromisoformat(late["due_at"]) + timedelta(hours=1)
    late = await walk(client, admin, late, "resolve")
    return [on_time, late, open_b, open_d]


async def test_statistics_per_grid_unit_count_sla_and_time_to_resolve(
    client: httpx.AsyncClient, world: World, callers: Callers, history: list[dict[str, Any]]
) -> None:
    response = await client.get(
        "/v1/incident-statistics", headers=callers.community_secretary("C1")
    )
    rows = {world.grid_of(row["key"]): row for row in response.json()}
    assert sorted(rows) == ["A", "B"]  # D lies in another community
    a = rows["A"]
    assert (a["total"], a["open"], a["resolved"], a["sla_met"], a["sla_compliance"]) == (
        2,
        0,
        2,
        1,
        0.5,
    )
    assert a["mean_hours_to_resolve"] == 1.5  # one at once, one at 3 h
    assert (rows["B"]["total"], rows["B"]["open"], rows["B"]["sla_compliance"]) == (1, 1, None)


async def test_statistics_per_category_and_community(
    client: httpx.AsyncClient, world: World, callers: Callers, history: list[dict[str, Any]]
) -> None:
    by_category = await client.get(
        "/v1/incident-statistics?group_by=category", headers=callers.admin()
    )
    by_community = await client.get(
        "/v1/incident-statistics?group_by=community", headers=callers.street_secretary("S2")
    )
    assert {r["key"]: r["total"] for r in by_category.json()} == {"0101": 3, "0501": 1}
    assert [(r["key"], r["total"]) for r in by_community.json()] == [
        (str(world.communities["C3"]), 1)
    ]


async def test_heat_data_is_geojson_counts_per_cell_within_scope(
    client: httpx.AsyncClient, callers: Callers, history: list[dict[str, Any]]
) -> None:
    response = await client.get(
        "/v1/incident-statistics/heat", headers=callers.community_secretary("C1")
    )
    body = response.json()
    assert body["type"] == "FeatureCollection"
    assert sum(f["properties"]["count"] for f in body["features"]) == 3
    assert {f["geometry"]["type"] for f in body["features"]} == {"Point"}
    outside = await client.get("/v1/incident-statistics/heat", headers=callers.grid_worker("C"))
    assert outside.json()["features"] == []


@pytest.mark.parametrize("query", ["group_by=street_lamp", "cell_m=1", "state=lost"])
async def test_bad_statistics_queries_are_refused(
    client: httpx.AsyncClient, callers: Callers, query: str
) -> None:
    path = (
        "/v1/incident-statistics"
        if query.startswith("group_by")
        else "/v1/incident-statistics/heat"
    )
    response = await client.get(f"{path}?{query}", headers=callers.admin())
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == f"query.{query.split('=')[0]}"


async def test_statistics_need_a_staff_role(client: httpx.AsyncClient, callers: Callers) -> None:
    resident = callers.keys.headers(roles=["resident"], subject="r-1")
    response = await client.get("/v1/incident-statistics", headers=resident)
    assert response.status_code == 403
