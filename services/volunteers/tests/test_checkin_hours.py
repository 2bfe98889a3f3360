import httpx
from sqlalchemy import select
from volunteer_world import World, ok
from volunteers_activities import VENUE, make_activity, shift

from weimin_events import payloads
from weimin_volunteers.tables import Base

OUTBOX = Base.metadata.tables["outbox_events"]


async def events_of_type(client: httpx.AsyncClient, type_: str) -> list[dict[str, object]]:
    app = client._transport.app  # type: ignore[attr-defined]
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(select(OUTBOX.c.data).where(OUTBOX.c.type == type_))
        return [row[0] for row in rows]


async def signed_up(
    client: httpx.AsyncClient, world: World, *names: str, **shift_args: float
) -> tuple[dict[str, object], str, dict[str, str]]:
    activity = await make_activity(client, world, shift(1, **shift_args))
    shift_id = str(activity["shifts"][0]["id"])
    ids = {}
    for name in names:
        ids[name] = ok(
            await client.post(f"/v1/shifts/{shift_id}/signups", headers=world.headers(name)), 201
        )["id"]
    return activity, shift_id, ids


async def test_gps_check_in_far_outside_the_radius_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, world: World
) -> None:
    _, shift_id, _ = await signed_up(client, world, "cat")
    world.clock.advance(minutes=50)
    far = await client.post(
        f"/v1/shifts/{shift_id}/check-in",
        json={"method": "gps", "lon": VENUE[0] + 0.02, "lat": VENUE[1]},  # about 2 km east
        headers=world.headers("cat"),
    )
    assert far.status_code == 422
    assert far.json()["code"] == "outside-checkin-radius"
    assert far.json()["radius_m"] == 500
    assert 1_950 < far.json()["distance_m"] < 2_100
    mine = ok(await client.get("/v1/volunteers/me/signups", headers=world.headers("cat")))
    assert mine["items"][0]["checked_in_at"] is None
    assert await events_of_type(client, payloads.ActivityCheckedIn.event_type) == []
    near = ok(
        await client.post(
            f"/v1/shifts/{shift_id}/check-in",
            json={"method": "gps", "lon": VENUE[0] + 0.004, "lat": VENUE[1]},  # about 400 m
            headers=world.headers("cat"),
        )
    )
    assert (near["check_in_method"], near["checked_in_at"]) == ("gps", "2026-06-01T02:50:00Z")
    twice = await client.post(
        f"/v1/shifts/{shift_id}/check-in",
        json={"method": "gps", "lon": VENUE[0], "lat": VENUE[1]},
        headers=world.headers("cat"),
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "already-checked-in")
    events = await events_of_type(client, payloads.ActivityCheckedIn.event_type)
    assert [(e["volunteer_id"], e["method"]) for e in events] == [
        (str(world.volunteers["cat"]), "gps")
    ]


async def test_qr_check_in_needs_this_activitys_code_and_an_open_window(
    client: httpx.AsyncClient, world: World
) -> None:
    activity, shift_id, _ = await signed_up(client, world, "cat")
    code = ok(
        await client.get(f"/v1/activities/{activity['id']}/qr", headers=world.headers("ann"))
    )["qr_code"]
    url = f"/v1/shifts/{shift_id}/check-in"
    too_early = await client.post(
        url, json={"method": "qr", "code": code}, headers=world.headers("cat")
    )
    assert (too_early.status_code, too_early.json()["code"]) == (409, "check-in-not-open")
    world.clock.advance(minutes=45)
    wrong = await client.post(
        url, json={"method": "qr", "code": "not-it"}, headers=world.headers("cat")
    )
    assert (wrong.status_code, wrong.json()["code"]) == (422, "invalid-qr-code")
    assert wrong.json()["errors"][0]["field"] == "body.code"
    not_signed_up = await client.post(
        url, json={"method": "qr", "code": code}, headers=world.headers("dan")
    )
    assert (not_signed_up.status_code, not_signed_up.json()["code"]) == (409, "not-signed-up")
    unknown_method = await client.post(url, json={"method": "nfc"}, headers=world.headers("cat"))
    assert unknown_method.status_code == 422
    ok(await client.post(url, json={"method": "qr", "code": code}, headers=world.headers("cat")))


async def test_confirmation_credits_hours_capped_by_the_shift_and_records_no_shows(
    client: httpx.AsyncClient, world: World
) -> None:
    activity, shift_id, _ = await signed_up(client, world, "bob", "cat", "dan")  # 03:00-05:00
    code = ok(
        await client.get(f"/v1/activities/{activity['id']}/qr", headers=world.headers("ann"))
    )["qr_code"]
    world.clock.advance(minutes=40)  # 02:40, before the start: counted from 03:00
    for name in ("bob", "cat"):
        ok(
            await client.post(
                f"/v1/shifts/{shift_id}/check-in",
                json={"method": "qr", "code": code},
                headers=world.headers(name),
            )
        )
    world.clock.advance(minutes=95)  # 04:15
    ok(await client.post(f"/v1/shifts/{shift_id}/check-out", headers=world.headers("bob")))
    twice = await client.post(f"/v1/shifts/{shift_id}/check-out", headers=world.headers("bob"))
    assert (twice.status_code, twice.json()["code"]) == (409, "not-checked-in")
    early = await client.post(f"/v1/shifts/{shift_id}/attendance", headers=world.headers("ann"))
    assert (early.status_code, early.json()["code"]) == (409, "shift-not-ended")
    world.clock.advance(hours=3)  # cat never checked out: counted to the shift's end
    by_member = await client.post(f"/v1/shifts/{shift_id}/attendance", headers=world.headers("bob"))
    assert by_member.status_code == 404
    result = ok(
        await client.post(f"/v1/shifts/{shift_id}/attendance", headers=world.headers("ann"))
    )
    assert result == {"attended": 2, "no_shows": 1, "credited_minutes": 75 + 120}
    again = ok(await client.post(f"/v1/shifts/{shift_id}/attendance", headers=world.headers("ann")))
    assert again == {"attended": 0, "no_shows": 0, "credited_minutes": 0}
    hours = {
        name: ok(
            await client.get(
                f"/v1/volunteers/{world.volunteers[name]}/hours", headers=world.admin()
            )
        )
        for name in ("bob", "cat", "dan")
    }
    assert {n: h["confirmed_minutes"] for n, h in hours.items()} == {
        "bob": 75,
        "cat": 120,
        "dan": 0,
    }
    # The ledger names the activity and the shift's start as a volunteer reads it (China time).
    (entry,) = hours["bob"]["entries"]["items"]
    assert entry["reason"] == f"{activity['title']}（2026-06-01 11:00）"
    dan = ok(await client.get(f"/v1/volunteers/{world.volunteers['dan']}", headers=world.admin()))
    assert (dan["attended_count"], dan["no_show_count"]) == (0, 1)
    credited = await events_of_type(client, payloads.HoursCredited.event_type)
    assert sorted(e["minutes"] for e in credited) == [75, 120]


async def test_a_correction_is_a_reversing_entry_and_the_total_follows(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}/hours"
    entry = ok(
        await client.post(
            url, json={"minutes": 90, "reason": "心愿完成"}, headers=world.secretary("C1")
        ),
        201,
    )
    reversal = ok(
        await client.post(
            f"/v1/hours-entries/{entry['id']}/reversal",
            json={"reason": "重复录入"},
            headers=world.secretary("C1"),
        ),
        201,
    )
    assert (reversal["minutes"], reversal["kind"], reversal["reverses_entry_id"]) == (
        -90,
        "reversal",
        entry["id"],
    )
    twice = await client.post(
        f"/v1/hours-entries/{entry['id']}/reversal", json={"reason": "再次"}, headers=world.admin()
    )
    assert (twice.status_code, twice.json()["code"]) == (409, "entry-already-reversed")
    of_reversal = await client.post(
        f"/v1/hours-entries/{reversal['id']}/reversal",
        json={"reason": "再次"},
        headers=world.admin(),
    )
    assert (of_reversal.status_code, of_reversal.json()["code"]) == (422, "reversal-not-reversible")
    summary = ok(await client.get(url, headers=world.headers("cat")))
    assert summary["confirmed_minutes"] == 0
    assert [e["minutes"] for e in summary["entries"]["items"]] == [-90, 90]


async def test_stars_follow_confirmed_hours_with_configurable_thresholds(
    client: httpx.AsyncClient, world: World
) -> None:
    client._transport.app.state.settings.star_thresholds_hours = [2, 5]  # type: ignore[attr-defined]
    url = f"/v1/volunteers/{world.volunteers['cat']}/hours"
    headers = world.secretary("C1")
    ok(await client.post(url, json={"minutes": 119, "reason": "巡河"}, headers=headers), 201)
    assert ok(await client.get(url, headers=headers))["stars"] == 0
    ok(await client.post(url, json={"minutes": 1, "reason": "巡河"}, headers=headers), 201)
    two_hours = ok(await client.get(url, headers=headers))
    assert (two_hours["stars"], two_hours["next_star_at_hours"]) == (1, 5)
    ok(await client.post(url, json={"minutes": 180, "reason": "巡河"}, headers=headers), 201)
    top = ok(await client.get(url, headers=headers))
    assert (top["stars"], top["next_star_at_hours"], top["confirmed_hours"]) == (2, None, 5.0)


async def test_default_star_thresholds_are_100_300_600_1000_1500_hours(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}/hours"
    summary = ok(await client.get(url, headers=world.admin()))
    assert (summary["stars"], summary["next_star_at_hours"]) == (0, 100)


async def test_hours_are_seen_by_the_volunteer_and_their_staff_only_and_credited_by_staff(
    client: httpx.AsyncClient, world: World
) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}/hours"
    assert (await client.get(url, headers=world.headers("dan"))).status_code == 404
    assert (await client.get(url, headers=world.secretary("C3"))).status_code == 404
    self_credit = await client.post(
        url, json={"minutes": 60, "reason": "自己"}, headers=world.headers("cat")
    )
    assert self_credit.status_code == 403
    leader_credit = await client.post(
        f"/v1/volunteers/{world.volunteers['bob']}/hours",
        json={"minutes": 60, "reason": "队长"},
        headers=world.headers("ann"),
    )
    assert leader_credit.status_code == 403
    too_much = await client.post(url, json={"minutes": 2000, "reason": "多"}, headers=world.admin())
    assert too_much.json()["errors"][0]["field"] == "body.minutes"
    keyed = {"minutes": 30, "reason": "心愿", "credit_key": "wish-42"}
    first = ok(await client.post(url, json=keyed, headers=world.admin()), 201)
    retry = ok(await client.post(url, json=keyed, headers=world.admin()), 201)
    assert first["id"] == retry["id"]
    assert ok(await client.get(url, headers=world.headers("cat")))["confirmed_minutes"] == 30
