"""The volunteers' consumed events over the HTTP transport: a signed delivery is applied
(a repeat answers 204 and changes nothing), unsigned and poison ones are refused and
change nothing."""

import httpx
from consumer_events import INCIDENT_REPORTED, WISH_FULFILLED, event, post_signed
from fastapi import FastAPI
from volunteer_world import CENTRE, World, ok

from weimin_kit.ids import new_id


def wish_for(world: World, name: str) -> dict[str, object]:
    return {
        "wish_id": new_id(),
        **world.place("C1"),
        "grid_unit_id": new_id(),
        "claim_id": new_id(),
        "claimer_id": str(world.accounts[name]),
        "claimer_type": "volunteer",
        "service_minutes": 40,
    }


async def minutes_of(client: httpx.AsyncClient, world: World, name: str) -> int:
    summary = ok(
        await client.get(
            f"/v1/volunteers/{world.volunteers[name]}/hours", headers=world.headers(name)
        )
    )
    return int(summary["confirmed_minutes"])


async def test_a_signed_delivery_is_applied_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    sent = event(WISH_FULFILLED, wish_for(world, "cat"))
    assert (await post_signed(client, sent)).status_code == 204
    assert (await post_signed(client, sent)).status_code == 204
    assert await minutes_of(client, world, "cat") == 40


async def test_an_unsigned_delivery_is_refused_and_changes_nothing(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    sent = event(WISH_FULFILLED, wish_for(world, "cat"))
    answer = await client.post("/v1/events", content=sent.to_json())
    assert answer.status_code == 401
    assert answer.json()["code"] == "event-signature-invalid"
    assert await minutes_of(client, world, "cat") == 0


async def test_poison_is_refused_naming_the_field_and_changes_nothing(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    lon, lat = CENTRE["C1"]
    no_incident_id = {
        "category_code": "0101",
        "grid_unit_id": str(new_id()),
        "priority": "normal",
        **world.place("C1"),
        "needs_hands": True,
        "lon": lon,
        "lat": lat,
    }
    answer = await post_signed(client, event(INCIDENT_REPORTED, no_incident_id))
    assert answer.status_code == 422
    assert answer.json()["code"] == "event-rejected"
    assert "incident_id" in answer.json()["detail"]
    no_claimer = wish_for(world, "cat")
    del no_claimer["claimer_id"]
    assert (await post_signed(client, event(WISH_FULFILLED, no_claimer))).status_code == 422
    assert ok(await client.get("/v1/tasks", headers=world.admin()))["items"] == []
    assert await minutes_of(client, world, "cat") == 0
