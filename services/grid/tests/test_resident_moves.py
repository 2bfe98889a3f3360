import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World, id_card
from incident_helpers import events

from weimin_events import payloads


async def move(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str],
    what: str,
    body: dict[str, str],
    version: str = '"1"',
) -> httpx.Response:
    return await client.post(
        f"/v1/residents/{world.residents['A']}/{what}",
        json=body,
        headers={**headers, "If-Match": version},
    )


async def test_moving_out_and_back_in_elsewhere_is_recorded_with_events(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    secretary = callers.community_secretary("C1")
    out = await move(client, world, secretary, "move-out", {"reason": "返乡"})
    assert out.status_code == 200, out.text
    assert (out.json()["version"], out.json()["moved_out_at"] is not None) == (2, True)
    again = await move(client, world, secretary, "move-out", {"reason": "返乡"}, '"2"')
    assert (again.status_code, again.json()["code"]) == (409, "resident-moved-out")
    moved = await move(
        client, world, secretary, "move-in", {"household_id": str(world.households["B"])}, '"2"'
    )
    assert moved.status_code == 200, moved.text
    body = moved.json()
    assert (body["household_id"], body["grid_unit_id"], body["moved_out_at"]) == (
        str(world.households["B"]),
        str(world.grids["B"]),
        None,
    )
    kinds = [kind for kind, _ in await events(app, str(world.residents["A"]))]
    assert kinds == [payloads.ResidentMovedOut.event_type, payloads.ResidentMovedIn.event_type]
    # Now in grid B: grid A's worker no longer sees the resident, B's does.
    a = await client.get(f"/v1/residents/{world.residents['A']}", headers=callers.grid_worker("A"))
    b = await client.get(f"/v1/residents/{world.residents['A']}", headers=callers.grid_worker("B"))
    assert (a.status_code, b.status_code) == (404, 200)


async def test_registering_a_resident_records_a_move_in(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.post(
        "/v1/residents",
        json={
            "household_id": str(world.households["A"]),
            "name": "李新",
            "ethnicity": "汉族",
            "registration": "floating",
            "relation_to_head": "租客",
            "id_card_number": id_card(40),
        },
        headers=callers.grid_worker("A"),
    )
    assert response.status_code == 201, response.text
    [(kind, data)] = await events(app, response.json()["id"])
    assert kind == payloads.ResidentMovedIn.event_type
    assert (data["registration"], data["from_household_id"]) == ("floating", None)


async def test_a_move_into_a_household_outside_scope_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await move(
        client,
        world,
        callers.grid_worker("A"),
        "move-in",
        {"household_id": str(world.households["D"])},
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "body.household_id"


@pytest.mark.parametrize(
    ("what", "body", "version", "status", "field_or_code"),
    [
        ("move-out", {}, '"1"', 422, "body.reason"),
        (
            "move-out",
            {"reason": "返乡", "moved_at": "2999-01-01T00:00:00+00:00"},
            '"1"',
            422,
            "body.moved_at",
        ),
        ("move-out", {"reason": "返乡"}, '"9"', 412, "version-mismatch"),
        ("move-in", {"household_id": "A"}, '"1"', 422, "body.household_id"),
    ],
)
async def test_bad_moves_are_refused(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    what: str,
    body: dict[str, str],
    version: str,
    status: int,
    field_or_code: str,
) -> None:
    if body.get("household_id") == "A":
        body = {"household_id": str(world.households["A"])}  # where they already live
    response = await move(client, world, callers.admin(), what, body, version)
    assert response.status_code == status
    problem = response.json()
    assert field_or_code in (problem["code"], *(e["field"] for e in problem.get("errors", [])))


async def test_moves_need_a_writing_role_and_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    street = await move(
        client, world, callers.street_secretary("S1"), "move-out", {"reason": "返乡"}
    )
    other = await move(client, world, callers.grid_worker("B"), "move-out", {"reason": "返乡"})
    assert (street.status_code, other.status_code) == (403, 404)


async def test_the_residents_list_filters_those_who_moved_out(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    moved = str(world.residents["A"])
    assert (await move(client, world, worker, "move-out", {"reason": "返乡"})).status_code == 200
    neighbour = await client.post(
        "/v1/residents",
        json={
            "household_id": str(world.households["A"]),
            "name": "李新",
            "ethnicity": "汉族",
            "registration": "registered",
            "relation_to_head": "户主",
            "id_card_number": id_card(41),
        },
        headers=worker,
    )
    assert neighbour.status_code == 201, neighbour.text

    async def listed(query: str, headers: dict[str, str]) -> set[str]:
        response = await client.get(f"/v1/residents{query}", headers=headers)
        assert response.status_code == 200, response.text
        return {item["id"] for item in response.json()["items"]}

    everyone = await listed("", worker)
    gone = await listed("?moved_out=true", worker)
    living = await listed("?moved_out=false", worker)
    assert gone == {moved}
    assert living == {neighbour.json()["id"]}
    assert everyone == gone | living
    assert moved not in await listed("?moved_out=true", callers.grid_worker("B"))  # scope holds
    bad = await client.get("/v1/residents?moved_out=maybe", headers=worker)
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "query.moved_out")
