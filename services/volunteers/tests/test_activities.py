import httpx
import pytest
from volunteer_world import World, ok
from volunteers_activities import make_activity, shift

from weimin_kit.ids import new_id


async def sign_up(
    client: httpx.AsyncClient, world: World, shift_id: str, name: str
) -> httpx.Response:
    return await client.post(f"/v1/shifts/{shift_id}/signups", headers=world.headers(name))


async def test_a_full_shift_waitlists_and_a_cancellation_promotes_the_first_waiting(
    client: httpx.AsyncClient, world: World
) -> None:
    activity = await make_activity(client, world, shift(24, capacity=1))
    shift_id = activity["shifts"][0]["id"]
    first = ok(await sign_up(client, world, shift_id, "bob"), 201)
    second = ok(await sign_up(client, world, shift_id, "cat"), 201)
    third = ok(await sign_up(client, world, shift_id, "dan"), 201)
    assert [first["status"], second["status"], third["status"]] == [
        "confirmed",
        "waitlisted",
        "waitlisted",
    ]
    cancelled = ok(
        await client.post(f"/v1/signups/{first['id']}/cancellation", headers=world.headers("bob"))
    )
    assert cancelled["status"] == "cancelled"
    signups = ok(await client.get(f"/v1/shifts/{shift_id}/signups", headers=world.headers("ann")))
    assert {world.name_of(s["volunteer_id"]): s["status"] for s in signups} == {
        "bob": "cancelled",
        "cat": "confirmed",
        "dan": "waitlisted",
    }
    inbox = ok(await client.get("/v1/volunteers/me/notifications", headers=world.headers("cat")))
    assert [n["kind"] for n in inbox["items"]] == ["promoted"]
    current = ok(await client.get(f"/v1/activities/{activity['id']}", headers=world.headers("eve")))
    assert current["shifts"][0]["taken"] == 1


async def test_overlapping_shifts_for_one_volunteer_are_refused_and_nothing_is_written(
    client: httpx.AsyncClient, world: World
) -> None:
    morning = await make_activity(client, world, shift(24, length_hours=3))
    overlapping = await make_activity(client, world, shift(26, length_hours=2))
    adjacent = await make_activity(client, world, shift(27, length_hours=1))
    ok(await sign_up(client, world, morning["shifts"][0]["id"], "cat"), 201)
    refused = await sign_up(client, world, overlapping["shifts"][0]["id"], "cat")
    assert (refused.status_code, refused.json()["code"]) == (409, "shift-overlap")
    assert refused.json()["overlapping_shift_id"] == morning["shifts"][0]["id"]
    ok(await sign_up(client, world, adjacent["shifts"][0]["id"], "cat"), 201)
    mine = ok(await client.get("/v1/volunteers/me/signups", headers=world.headers("cat")))
    assert sorted(s["shift_id"] for s in mine["items"]) == sorted(
        [morning["shifts"][0]["id"], adjacent["shifts"][0]["id"]]
    )
    again = await sign_up(client, world, morning["shifts"][0]["id"], "cat")
    assert (again.status_code, again.json()["code"]) == (409, "already-signed-up")


async def test_an_activity_needing_approval_holds_sign_ups_until_the_organiser_decides(
    client: httpx.AsyncClient, world: World
) -> None:
    activity = await make_activity(client, world, shift(24, capacity=5), requires_approval=True)
    shift_id = activity["shifts"][0]["id"]
    cat = ok(await sign_up(client, world, shift_id, "cat"), 201)
    dan = ok(await sign_up(client, world, shift_id, "dan"), 201)
    assert (cat["status"], dan["status"]) == ("pending", "pending")
    self_approval = await client.post(
        f"/v1/signups/{cat['id']}/approval", headers=world.headers("cat")
    )
    assert self_approval.status_code == 404
    approved = ok(
        await client.post(f"/v1/signups/{cat['id']}/approval", headers=world.headers("ann"))
    )
    declined = ok(
        await client.post(f"/v1/signups/{dan['id']}/decline", headers=world.secretary("C1"))
    )
    assert (approved["status"], declined["status"]) == ("confirmed", "declined")
    twice = await client.post(f"/v1/signups/{dan['id']}/approval", headers=world.headers("ann"))
    assert (twice.status_code, twice.json()["code"]) == (409, "signup-not-changeable")


async def test_a_message_reaches_everyone_signed_up_and_nobody_else(
    client: httpx.AsyncClient, world: World
) -> None:
    activity = await make_activity(client, world, shift(24, capacity=1))
    shift_id = activity["shifts"][0]["id"]
    ok(await sign_up(client, world, shift_id, "cat"), 201)
    ok(await sign_up(client, world, shift_id, "dan"), 201)  # waitlisted: told as well
    url = f"/v1/activities/{activity['id']}/messages"
    sent = ok(
        await client.post(url, json={"text": "明早八点集合"}, headers=world.headers("ann")), 201
    )
    assert sent == {"notified": 2}
    for name, expected in (("cat", ["明早八点集合"]), ("dan", ["明早八点集合"]), ("eve", [])):
        inbox = ok(await client.get("/v1/volunteers/me/notifications", headers=world.headers(name)))
        assert [n["text"] for n in inbox["items"]] == expected
    not_organiser = await client.post(url, json={"text": "x"}, headers=world.headers("cat"))
    assert not_organiser.status_code == 404
    empty = await client.post(url, json={"text": "  "}, headers=world.headers("ann"))
    assert empty.json()["errors"][0]["field"] == "body.text"


async def test_reminders_go_once_to_confirmed_volunteers_of_shifts_starting_soon(
    client: httpx.AsyncClient, world: World
) -> None:
    soon = await make_activity(client, world, shift(20))
    later = await make_activity(client, world, shift(50))
    ok(await sign_up(client, world, soon["shifts"][0]["id"], "cat"), 201)
    ok(await sign_up(client, world, later["shifts"][0]["id"], "dan"), 201)
    first = ok(
        await client.post("/v1/reminders", json={"within_hours": 24}, headers=world.secretary("C1"))
    )
    second = ok(
        await client.post("/v1/reminders", json={"within_hours": 24}, headers=world.secretary("C1"))
    )
    assert (first, second) == ({"notified": 1}, {"notified": 0})
    other = ok(
        await client.post("/v1/reminders", json={"within_hours": 72}, headers=world.secretary("C3"))
    )
    assert other == {"notified": 0}
    inbox = ok(await client.get("/v1/volunteers/me/notifications", headers=world.headers("cat")))
    assert [n["kind"] for n in inbox["items"]] == ["reminder"]
    too_far = await client.post("/v1/reminders", json={"within_hours": 500}, headers=world.admin())
    assert too_far.json()["errors"][0]["field"] == "body.within_hours"


@pytest.mark.parametrize(
    ("shifts", "field"),
    [
        ([], "body.shifts"),
        (
            [
                {
                    "starts_at": "2026-06-02T10:00:00Z",
                    "ends_at": "2026-06-02T09:00:00Z",
                    "capacity": 3,
                }
            ],
            "body.shifts.0",
        ),
        (
            [
                {
                    "starts_at": "2026-06-02T10:00:00Z",
                    "ends_at": "2026-06-02T12:00:00Z",
                    "capacity": 0,
                }
            ],
            "body.shifts.0.capacity",
        ),
    ],
)
async def test_bad_activities_are_refused(
    client: httpx.AsyncClient, world: World, shifts: list[object], field: str
) -> None:
    body = {"title": "x", "lon": 100.23, "lat": 25.6, **world.place("C1"), "shifts": shifts}
    response = await client.post("/v1/activities", json=body, headers=world.secretary("C1"))
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == field
    listed = ok(await client.get("/v1/activities", headers=world.admin()))
    assert listed["items"] == []


async def test_only_organisers_create_activities_where_they_organise(
    client: httpx.AsyncClient, world: World
) -> None:
    body = {"title": "x", "lon": 100.23, "lat": 25.6, **world.place("C3"), "shifts": [shift(24)]}
    by_other_secretary = await client.post(
        "/v1/activities", json=body, headers=world.secretary("C1")
    )
    by_member = await client.post(
        "/v1/activities",
        json={**body, **world.place("C1"), "team_id": str(world.teams["T1"])},
        headers=world.headers("bob"),
    )
    unknown_team = await client.post(
        "/v1/activities", json={**body, "team_id": str(new_id())}, headers=world.admin()
    )
    assert by_other_secretary.status_code == 404
    assert by_member.status_code == 404
    assert unknown_team.json()["errors"][0]["field"] == "body.team_id"
    created = await make_activity(client, world, headers=world.secretary("C1"))
    assert created["checkin_radius_m"] == 500
    qr = await client.get(f"/v1/activities/{created['id']}/qr", headers=world.headers("bob"))
    assert qr.status_code == 404
    assert "qr_code" not in created


async def test_sign_ups_close_when_the_shift_starts(
    client: httpx.AsyncClient, world: World
) -> None:
    activity = await make_activity(client, world, shift(1))
    world.clock.advance(hours=1)
    response = await sign_up(client, world, activity["shifts"][0]["id"], "cat")
    assert (response.status_code, response.json()["code"]) == (409, "shift-closed")
    unknown = await client.post(f"/v1/shifts/{new_id()}/signups", headers=world.headers("cat"))
    assert unknown.status_code == 404
    not_a_volunteer = await client.post(
        f"/v1/shifts/{activity['shifts'][0]['id']}/signups", headers=world.stranger()
    )
    assert not_a_volunteer.status_code == 404


async def test_activities_near_me_come_nearest_first_and_only_while_a_shift_is_to_come(
    client: httpx.AsyncClient, world: World
) -> None:
    me = (100.2300, 25.6000)
    # 3.3 km, 0.2 km and 0.9 km north of me.
    far_off = await make_activity(client, world, title="远处", lat=25.6300)
    nearest = await make_activity(client, world, title="最近", lat=25.6018)
    middle = await make_activity(client, world, title="不远", lat=25.6080)
    # Neither comes: one is 30 km away, the other's only shift is over.
    await make_activity(client, world, title="城外", lat=25.8700)
    await make_activity(client, world, shift(-5, length_hours=1), title="已结束", lat=25.6001)
    answer = ok(
        await client.get(
            "/v1/activities/nearby",
            params={"lon": me[0], "lat": me[1], "within_km": 5},
            headers=world.headers("bob"),
        )
    )
    assert [a["id"] for a in answer["items"]] == [nearest["id"], middle["id"], far_off["id"]]
    distances = [a["distance_m"] for a in answer["items"]]
    assert 150 < distances[0] < 250
    assert 3200 < distances[2] < 3400
    wider = ok(
        await client.get(
            "/v1/activities/nearby",
            params={"lon": me[0], "lat": me[1], "within_km": 50, "limit": 1},
            headers=world.headers("bob"),
        )
    )
    assert [a["id"] for a in wider["items"]] == [nearest["id"]]


async def test_activities_near_me_cross_community_lines_but_need_a_signed_in_caller(
    client: httpx.AsyncClient, world: World
) -> None:
    # Near me is about distance, not the caller's community: a volunteer of C2 living by
    # the border sees C1's activity next door (as the community's own list shows it to all).
    next_door = await make_activity(client, world, title="隔壁社区", lat=25.6010)
    params = {"lon": 100.2300, "lat": 25.6000}
    seen = ok(
        await client.get("/v1/activities/nearby", params=params, headers=world.secretary("C2"))
    )
    assert [a["id"] for a in seen["items"]] == [next_door["id"]]
    anonymous = await client.get("/v1/activities/nearby", params=params)
    assert anonymous.status_code == 401
    assert anonymous.json()["code"] == "unauthenticated"


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"lon": 100.23, "lat": 95}, "query.lat"),
        ({"lon": 100.23}, "query.lat"),
        ({"lon": 100.23, "lat": 25.6, "within_km": 0}, "query.within_km"),
        ({"lon": 100.23, "lat": 25.6, "limit": 500}, "query.limit"),
    ],
)
async def test_bad_places_for_activities_near_me_are_refused(
    client: httpx.AsyncClient, world: World, params: dict[str, float], field: str
) -> None:
    response = await client.get(
        "/v1/activities/nearby", params=params, headers=world.headers("bob")
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"][0]["field"] == field
