"""What volunteers tells notifications, recorded with the change: a place confirmed or given
up on a shift, an offer (with its deadline), hours credited, each naming the volunteer's
login account (notifications addresses accounts)."""

from datetime import datetime
from typing import Any

import httpx
from consumer_events import recorded
from fastapi import FastAPI
from volunteer_world import CENTRE, World, ok
from volunteers_activities import make_activity, shift

from weimin_events import payloads


def app_of(client: httpx.AsyncClient) -> FastAPI:
    app: FastAPI = client._transport.app  # type: ignore[attr-defined]
    return app


async def told(client: httpx.AsyncClient, payload: type[payloads.Payload]) -> list[dict[str, Any]]:
    return await recorded(app_of(client), payload.event_type)


async def sign_up(client: httpx.AsyncClient, world: World, shift_id: str, name: str) -> Any:
    return ok(await client.post(f"/v1/shifts/{shift_id}/signups", headers=world.headers(name)), 201)


async def test_a_confirmed_place_and_its_cancellation_are_told_with_the_account_and_times(
    client: httpx.AsyncClient, world: World
) -> None:
    activity = await make_activity(client, world, shift(24, capacity=1))
    the_shift = activity["shifts"][0]
    bob = await sign_up(client, world, the_shift["id"], "bob")
    # cat waits: a waitlisted place is not a place, nothing is told yet.
    await sign_up(client, world, the_shift["id"], "cat")
    [signed] = await told(client, payloads.ShiftSignedUp)
    assert signed["account_id"] == str(world.accounts["bob"])
    assert signed["volunteer_id"] == str(world.volunteers["bob"])
    assert signed["signup_id"] == bob["id"]
    assert (signed["activity_id"], signed["shift_id"]) == (activity["id"], the_shift["id"])
    assert datetime.fromisoformat(signed["starts_at"]) == datetime.fromisoformat(
        the_shift["starts_at"]
    )
    assert datetime.fromisoformat(signed["ends_at"]) == datetime.fromisoformat(the_shift["ends_at"])

    ok(await client.post(f"/v1/signups/{bob['id']}/cancellation", headers=world.headers("bob")))

    [cancelled] = await told(client, payloads.ShiftSignupCancelled)
    assert cancelled["signup_id"] == bob["id"]
    assert cancelled["account_id"] == str(world.accounts["bob"])
    # The freed place went to cat: that confirmation is told too.
    signed_up = await told(client, payloads.ShiftSignedUp)
    assert [e["account_id"] for e in signed_up] == [
        str(world.accounts["bob"]),
        str(world.accounts["cat"]),
    ]


async def test_an_offer_is_told_with_the_account_and_its_deadline(
    client: httpx.AsyncClient, world: World
) -> None:
    lon, lat = CENTRE["C1"]
    body = {
        "kind": "service_request",
        "title": "楼道清扫",
        "skill_code": "cleaning",
        **world.place("C1"),
        "lon": lon,
        "lat": lat,
        "radius_m": 3000,
        "mode": "offer",
        "offer_k": 1,
        "offer_timeout_seconds": 600,
    }
    task = ok(await client.post("/v1/tasks", json=body, headers=world.secretary("C1")), 201)
    [offer] = task["offers"]
    [offered] = await told(client, payloads.TaskOffered)
    volunteer = world.name_of(offer["volunteer_id"])
    assert offered["account_id"] == str(world.accounts[volunteer])
    assert datetime.fromisoformat(offered["expires_at"]) == datetime.fromisoformat(
        offer["expires_at"]
    )


async def test_hours_credited_name_the_account(client: httpx.AsyncClient, world: World) -> None:
    url = f"/v1/volunteers/{world.volunteers['cat']}/hours"
    body = {"minutes": 90, "reason": "巡河"}
    ok(await client.post(url, json=body, headers=world.secretary("C1")), 201)
    [credited] = await told(client, payloads.HoursCredited)
    assert (credited["minutes"], credited["account_id"]) == (90, str(world.accounts["cat"]))
