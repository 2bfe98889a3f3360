from typing import Any

import httpx
import pytest
from grid_world import Callers, World, square


def ring(*points: tuple[float, float]) -> dict[str, Any]:
    closed = [list(p) for p in (*points, points[0])]
    return {"type": "Polygon", "coordinates": [closed]}


async def redraw(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str],
    grid: str,
    boundary: Any,
    version: str | None = '"1"',
) -> httpx.Response:
    if version is not None:
        headers = {**headers, "If-Match": version}
    return await client.put(
        f"/v1/grid-units/{world.grids[grid]}/boundary", json={"boundary": boundary}, headers=headers
    )


async def test_a_valid_boundary_is_stored_counter_clockwise_with_a_new_version(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    clockwise = ring((100.20, 25.60), (100.20, 25.612), (100.21, 25.612), (100.21, 25.60))
    response = await redraw(client, world, callers.community_secretary("C1"), "A", clockwise)
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["version"] == 2
    assert response.headers["etag"] == '"2"'
    assert body["boundary"]["coordinates"][0] == [  # turned counter-clockwise
        [100.20, 25.60],
        [100.21, 25.60],
        [100.21, 25.612],
        [100.20, 25.612],
        [100.20, 25.60],
    ]
    assert (body["centroid_lon"], body["centroid_lat"]) == (100.205, 25.606)


@pytest.mark.parametrize(
    ("boundary", "code"),
    [
        ({"type": "Point", "coordinates": [100.2, 25.6]}, "invalid-boundary"),
        (
            {"type": "Polygon", "coordinates": [[[100.2, 25.6], [100.21, 25.6], [100.2, 25.6]]]},
            "invalid-boundary",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[[100.2, 25.6], [100.21, 25.6], [100.21, 25.61], [100.2, 25.61]]],
            },
            "invalid-boundary",
        ),
        (
            {
                "type": "Polygon",
                "coordinates": [[["a", 25.6], [100.21, 25.6], [100.21, 25.61], ["a", 25.6]]],
            },
            "invalid-boundary",
        ),
        (
            ring((100.2, 25.6), (100.21, 25.61), (100.21, 25.6), (100.2, 25.61)),
            "self-intersecting-boundary",
        ),
        (ring((100.2, 25.6), (100.21, 25.6), (100.22, 25.6)), "invalid-boundary"),
        (
            ring((101.2, 25.6), (101.21, 25.6), (101.21, 25.61), (101.2, 25.61)),
            "boundary-outside-city",
        ),
    ],
)
async def test_broken_boundaries_are_refused_and_nothing_changes(
    client: httpx.AsyncClient, world: World, callers: Callers, boundary: Any, code: str
) -> None:
    response = await redraw(client, world, callers.admin(), "A", boundary)
    assert response.status_code == 422
    assert response.json()["code"] == "invalid-boundary"
    assert response.json()["errors"] == [
        {"field": "body.boundary", "reason": response.json()["errors"][0]["reason"], "code": code}
    ]
    unit = await client.get(f"/v1/grid-units/{world.grids['A']}", headers=callers.admin())
    assert (unit.json()["version"], unit.json()["boundary"]) == (1, square(1))


async def test_an_invalid_boundary_is_refused_naming_the_field_and_geos_reason(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    shell = ring((100.2, 25.6), (100.21, 25.6), (100.21, 25.61), (100.2, 25.61))["coordinates"][0]
    hole_outside = ring((100.3, 25.6), (100.31, 25.6), (100.31, 25.61), (100.3, 25.61))
    boundary = {"type": "Polygon", "coordinates": [shell, hole_outside["coordinates"][0]]}
    response = await redraw(client, world, callers.admin(), "A", boundary)
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    error = response.json()["errors"][0]
    assert error["field"] == "body.boundary"
    assert error["reason"].startswith(
        "the boundary is not a valid polygon: Hole lies outside shell"
    )


async def test_a_boundary_in_two_parts_with_a_hole_is_stored_and_located(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    outer = ring((100.20, 25.60), (100.21, 25.60), (100.21, 25.61), (100.20, 25.61))
    hole = ring((100.203, 25.603), (100.207, 25.603), (100.207, 25.607), (100.203, 25.607))
    far = ring((100.20, 25.62), (100.201, 25.62), (100.201, 25.621), (100.20, 25.621))
    boundary = {
        "type": "MultiPolygon",
        "coordinates": [
            [outer["coordinates"][0], hole["coordinates"][0]],
            far["coordinates"],
        ],
    }
    response = await redraw(client, world, callers.admin(), "A", boundary)
    assert response.status_code == 200, response.text
    assert response.json()["boundary"]["type"] == "MultiPolygon"

    async def located(lon: float, lat: float) -> int:
        answer = await client.get(
            "/v1/locate", params={"lon": lon, "lat": lat}, headers=callers.admin()
        )
        return answer.status_code

    assert await located(100.2005, 25.6205) == 200  # the far part
    assert await located(100.201, 25.601) == 200  # the ring around the hole
    assert await located(100.205, 25.605) == 422  # in the hole: no unit


async def test_a_stale_or_missing_version_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    stale = await redraw(client, world, callers.admin(), "A", square(1), '"7"')
    missing = await redraw(client, world, callers.admin(), "A", square(1), None)
    assert (stale.status_code, stale.json()["code"]) == (412, "version-mismatch")
    assert (missing.status_code, missing.json()["code"]) == (428, "precondition-required")


async def test_redrawing_is_for_offices_within_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = await redraw(client, world, callers.grid_worker("A"), "A", square(1))
    other = await redraw(client, world, callers.community_secretary("C2"), "A", square(1))
    assert (worker.status_code, other.status_code) == (403, 404)


async def test_a_redrawn_boundary_moves_what_locate_answers(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    point = {"lon": 100.2052, "lat": 25.6051}
    before = await client.get("/v1/locate", params=point, headers=callers.admin())
    # B grows west over A's point: now both units hold it and the report flags the overlap.
    wide_b = ring((100.20, 25.60), (100.22, 25.60), (100.22, 25.61), (100.20, 25.61))
    assert (await redraw(client, world, callers.admin(), "B", wide_b)).status_code == 200
    shrunk_a = ring((100.20, 25.60), (100.201, 25.60), (100.201, 25.601), (100.20, 25.601))
    assert (await redraw(client, world, callers.admin(), "A", shrunk_a)).status_code == 200
    after = await client.get("/v1/locate", params=point, headers=callers.admin())
    assert before.json()["grid_unit"]["id"] == str(world.grids["A"])
    assert after.json()["grid_unit"]["id"] == str(world.grids["B"])


async def test_the_boundary_report_finds_overlaps_and_gaps(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    clean = await client.get("/v1/grid-units/boundary-report", headers=callers.admin())
    assert clean.json()["overlaps"] == []
    assert clean.json()["gap_sample_count"] == 0
    overlapping_b = ring((100.205, 25.60), (100.22, 25.60), (100.22, 25.61), (100.205, 25.61))
    await redraw(client, world, callers.admin(), "B", overlapping_b)
    # A notch in C's west side, closed off by B: a hole no unit covers.
    notched_c = ring(
        (100.22, 25.60),
        (100.23, 25.60),
        (100.23, 25.61),
        (100.22, 25.61),
        (100.22, 25.607),
        (100.224, 25.607),
        (100.224, 25.603),
        (100.22, 25.603),
    )
    assert (await redraw(client, world, callers.admin(), "C", notched_c)).status_code == 200
    report = (await client.get("/v1/grid-units/boundary-report", headers=callers.admin())).json()
    assert [{o["a_id"], o["b_id"]} for o in report["overlaps"]] == [
        {str(world.grids["A"]), str(world.grids["B"])}
    ]
    assert report["gap_sample_count"] > 0
    assert all(100.22 < g["lon"] < 100.224 for g in report["gap_samples"])
    assert all(25.603 < g["lat"] < 25.607 for g in report["gap_samples"])


async def test_the_boundary_report_covers_only_the_callers_units(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get(
        "/v1/grid-units/boundary-report", headers=callers.community_secretary("C3")
    )
    assert response.json()["grid_units"] == 1
    bad = await client.get("/v1/grid-units/boundary-report?community_id=x", headers=callers.admin())
    assert bad.status_code == 422
