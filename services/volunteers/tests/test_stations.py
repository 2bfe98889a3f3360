import httpx
import pytest
from volunteer_world import CENTRE, World, ok

REPAIR = {
    "code": "appliance_repair",
    "name": "家电维修",
    "category": "repairs",
    "skill_code": "cleaning",
    "fields": [
        {
            "code": "appliance",
            "datatype": "singlevaluelist",
            "required": True,
            "values": ["washing_machine", "television"],
        },
        {"code": "visits", "datatype": "number", "required": False},
        {"code": "wanted_at", "datatype": "datetime", "required": False},
        {"code": "symptom", "datatype": "text", "required": True},
    ],
}
PARCELS = {
    "code": "parcel_collection",
    "name": "快递代收",
    "category": "parcels",
    "fields": [{"code": "tracking_number", "datatype": "string", "required": True}],
}


async def station(client: httpx.AsyncClient, world: World, community: str = "C1") -> str:
    admin = world.admin()
    for item in (REPAIR, PARCELS):
        if item["code"] not in {
            i["code"] for i in ok(await client.get("/v1/service-items", headers=admin))
        }:
            ok(await client.post("/v1/service-items", json=item, headers=admin), 201)
    lon, lat = CENTRE[community]
    body = {
        **world.place(community),
        "name": f"{community}党群服务站",
        "lon": lon,
        "lat": lat,
        "opening_hours": [{"weekday": 0, "start": "08:30", "end": "12:00"}],
        "item_codes": ["appliance_repair"],
    }
    return str(
        ok(await client.post("/v1/stations", json=body, headers=world.secretary(community)), 201)[
            "id"
        ]
    )


def repair_request(**attributes: object) -> dict[str, object]:
    return {
        "service_code": "appliance_repair",
        "channel": "self_service",
        "requester_name": "杨奶奶",
        "attributes": {"appliance": "television", "symptom": "没有声音", **attributes},
    }


async def test_a_station_shows_its_opening_hours_and_catalogue(
    client: httpx.AsyncClient, world: World
) -> None:
    station_id = await station(client, world)
    read = ok(await client.get(f"/v1/stations/{station_id}", headers=world.headers("eve")))
    assert (read["open_now"], read["item_codes"]) == (True, ["appliance_repair"])  # Monday 10:00
    world.clock.advance(hours=3)
    assert (
        ok(await client.get(f"/v1/stations/{station_id}", headers=world.admin()))["open_now"]
        is False
    )
    changed = ok(
        await client.put(
            f"/v1/stations/{station_id}/catalogue",
            json={"item_codes": ["parcel_collection", "appliance_repair"]},
            headers=world.secretary("C1"),
        )
    )
    assert changed["item_codes"] == ["appliance_repair", "parcel_collection"]
    other = await client.put(
        f"/v1/stations/{station_id}/catalogue",
        json={"item_codes": []},
        headers=world.secretary("C3"),
    )
    assert other.status_code == 404
    unknown = await client.put(
        f"/v1/stations/{station_id}/catalogue",
        json={"item_codes": ["magic"]},
        headers=world.secretary("C1"),
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["code"]) == (422, "unknown-item")
    second = await client.post(
        "/v1/stations",
        json={**world.place("C1"), "name": "x", "lon": 100.2, "lat": 25.6},
        headers=world.admin(),
    )
    assert (second.status_code, second.json()["code"]) == (409, "station-exists")


@pytest.mark.parametrize(
    ("attributes", "field", "code"),
    [
        ({"appliance": "spaceship"}, "body.attributes.appliance", "invalid"),
        ({"symptom": None}, "body.attributes.symptom", "missing"),
        ({"visits": "two"}, "body.attributes.visits", "invalid"),
        ({"wanted_at": "2026-06-02T10:00:00"}, "body.attributes.wanted_at", "invalid"),
        ({"colour": "red"}, "body.attributes.colour", "unknown-field"),
        ({"symptom": "没有\u202e声音"}, "body.attributes.symptom", "invalid"),
        ({"symptom": "\u200b\u200b"}, "body.attributes.symptom", "invalid"),
    ],
)
async def test_request_fields_are_checked_against_the_items_types(
    client: httpx.AsyncClient, world: World, attributes: dict[str, object], field: str, code: str
) -> None:
    station_id = await station(client, world)
    response = await client.post(
        f"/v1/stations/{station_id}/requests",
        json=repair_request(**attributes),
        headers=world.headers("cat"),
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [(field, code)]
    mine = ok(await client.get("/v1/service-requests", headers=world.headers("cat")))
    assert mine["items"] == []


async def test_a_self_service_request_is_handled_dispatched_closed_and_appraised_once(
    client: httpx.AsyncClient, world: World
) -> None:
    station_id = await station(client, world)
    made = ok(
        await client.post(
            f"/v1/stations/{station_id}/requests",
            json=repair_request(visits=2, wanted_at="2026-06-02T10:00:00+08:00"),
            headers=world.headers("cat"),
        ),
        201,
    )
    assert (made["status"], made["attributes"]["visits"]) == ("open", 2)
    url = f"/v1/service-requests/{made['id']}"
    assert (await client.get(url, headers=world.headers("dan"))).status_code == 404
    assert (await client.get(url, headers=world.secretary("C3"))).status_code == 404
    early = await client.post(f"{url}/appraisal", json={"rating": 5}, headers=world.headers("cat"))
    assert (early.status_code, early.json()["code"]) == (409, "request-not-changeable")
    handled = ok(await client.post(f"{url}/handling", headers=world.secretary("C1")))
    assert handled["status"] == "in_progress"
    dispatched = ok(
        await client.post(f"{url}/dispatch", json={"mode": "offer"}, headers=world.secretary("C1"))
    )
    assert dispatched["status"] == "dispatched"
    task = ok(await client.get(f"/v1/tasks/{dispatched['task_id']}", headers=world.secretary("C1")))
    assert task["task"]["source_ref"] == f"service-request:{made['id']}"
    assert task["task"]["skill_code"] == "cleaning"
    assert len(task["offers"]) == 3
    ok(await client.post(f"{url}/closure", headers=world.secretary("C1")))
    by_staff = await client.post(
        f"{url}/appraisal", json={"rating": 5}, headers=world.secretary("C1")
    )
    assert by_staff.status_code == 404
    bad = await client.post(f"{url}/appraisal", json={"rating": 6}, headers=world.headers("cat"))
    assert bad.json()["errors"][0]["field"] == "body.rating"
    appraised = ok(
        await client.post(
            f"{url}/appraisal", json={"rating": 4, "comment": "及时"}, headers=world.headers("cat")
        )
    )
    assert (appraised["appraisal_rating"], appraised["appraisal_comment"]) == (4, "及时")
    twice = await client.post(f"{url}/appraisal", json={"rating": 1}, headers=world.headers("cat"))
    assert twice.status_code == 409


async def test_walk_in_and_phone_requests_are_entered_by_the_stations_staff(
    client: httpx.AsyncClient, world: World
) -> None:
    station_id = await station(client, world)
    url = f"/v1/stations/{station_id}/requests"
    walk_in = {**repair_request(), "channel": "walk_in"}
    by_volunteer = await client.post(url, json=walk_in, headers=world.headers("cat"))
    by_other_staff = await client.post(url, json=walk_in, headers=world.secretary("C3"))
    assert (by_volunteer.status_code, by_other_staff.status_code) == (404, 404)
    made = ok(
        await client.post(url, json={**walk_in, "channel": "phone"}, headers=world.secretary("C1")),
        201,
    )
    assert (made["channel"], made["requester_account_id"]) == ("phone", None)
    not_offered = await client.post(
        url,
        json={
            **walk_in,
            "service_code": "parcel_collection",
            "attributes": {"tracking_number": "SF1"},
        },
        headers=world.secretary("C1"),
    )
    assert (not_offered.status_code, not_offered.json()["errors"][0]["field"]) == (
        422,
        "body.service_code",
    )
    staff_list = ok(await client.get("/v1/service-requests", headers=world.secretary("C1")))
    other_list = ok(await client.get("/v1/service-requests", headers=world.secretary("C3")))
    assert ([r["id"] for r in staff_list["items"]], other_list["items"]) == ([made["id"]], [])


async def test_a_walk_in_request_is_appraised_with_the_code_the_station_handed_over(
    client: httpx.AsyncClient, world: World
) -> None:
    station_id = await station(client, world)
    made = ok(
        await client.post(
            f"/v1/stations/{station_id}/requests",
            json={**repair_request(), "channel": "walk_in"},
            headers=world.secretary("C1"),
        ),
        201,
    )
    code = made["appraisal_code"]
    assert (made["requester_account_id"], isinstance(code, str) and len(code) >= 12) == (
        None,
        True,
    )
    url = f"/v1/service-requests/{made['id']}"
    early = await client.post(
        f"{url}/appraisal", json={"rating": 5, "code": code}, headers=world.headers("cat")
    )
    assert (early.status_code, early.json()["code"]) == (409, "request-not-changeable")
    ok(await client.post(f"{url}/closure", headers=world.secretary("C1")))
    no_code = await client.post(
        f"{url}/appraisal", json={"rating": 5}, headers=world.headers("cat")
    )
    wrong = await client.post(
        f"{url}/appraisal", json={"rating": 5, "code": f"{code}x"}, headers=world.headers("cat")
    )
    by_staff = await client.post(
        f"{url}/appraisal", json={"rating": 5, "code": code}, headers=world.secretary("C1")
    )
    assert (no_code.status_code, wrong.status_code, by_staff.status_code) == (404, 404, 404)
    rated = ok(
        await client.post(
            f"{url}/appraisal",
            json={"rating": 5, "comment": "修好了", "code": code},
            headers=world.headers("cat"),
        )
    )
    assert (rated["appraisal_rating"], rated["appraisal_code"]) == (5, None)
    mine = ok(await client.get("/v1/service-requests", headers=world.headers("cat")))
    assert [r["id"] for r in mine["items"]] == [made["id"]]
    again = await client.post(
        f"{url}/appraisal", json={"rating": 1, "code": code}, headers=world.headers("dan")
    )
    assert again.status_code == 404
