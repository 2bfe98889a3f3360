"""`wish.fulfilled` -> service hours for a volunteer claimer, once per wish."""

import uuid
from typing import Any

import httpx
from consumer_events import WISH_FULFILLED, apply, event, recorded
from fastapi import FastAPI
from volunteer_world import World, ok

from weimin_events import payloads
from weimin_kit.ids import new_id


def fulfilled(world: World, claimer: str, wish_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    return {
        "wish_id": wish_id,
        **world.place("C1"),
        "grid_unit_id": new_id(),
        "claim_id": new_id(),
        "claimer_id": claimer,
        "claimer_type": "volunteer",
        **extra,
    }


async def hours(client: httpx.AsyncClient, world: World, name: str) -> Any:
    return ok(
        await client.get(
            f"/v1/volunteers/{world.volunteers[name]}/hours", headers=world.headers(name)
        )
    )


async def test_a_volunteer_who_fulfilled_a_wish_is_credited_the_time_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    wish = new_id()
    sent = event(
        WISH_FULFILLED, fulfilled(world, str(world.accounts["ann"]), wish, service_minutes=90)
    )

    assert await apply(app, sent) == "applied"
    assert await apply(app, sent) == "duplicate"
    # The same fulfilment re-sent under another event id: the ledger key holds.
    assert await apply(app, event(WISH_FULFILLED, sent.data)) == "applied"

    summary = await hours(client, world, "ann")
    assert summary["confirmed_minutes"] == 90
    [line] = summary["entries"]["items"]
    assert (line["kind"], line["minutes"], line["reason"]) == ("wish", 90, f"wish: {wish}")
    credited = await recorded(app, payloads.HoursCredited.event_type)
    assert [(c["volunteer_id"], c["minutes"], c["kind"]) for c in credited] == [
        (str(world.volunteers["ann"]), 90, "wish")
    ]


async def test_a_fulfilment_without_reported_time_is_recorded_as_not_reported(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    wish = new_id()
    sent = event(WISH_FULFILLED, fulfilled(world, str(world.accounts["bob"]), wish))
    assert await apply(app, sent) == "applied"
    assert await apply(app, event(WISH_FULFILLED, sent.data)) == "applied"  # re-sent: once

    summary = await hours(client, world, "bob")
    assert summary["confirmed_minutes"] == 0  # nothing invented
    [line] = summary["entries"]["items"]
    assert (line["kind"], line["minutes"], line["minutes_reported"]) == ("wish", 0, False)
    assert line["reason"] == f"wish: {wish} (time not reported)"


async def test_reported_minutes_are_marked_reported(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    sent = event(
        WISH_FULFILLED, fulfilled(world, str(world.accounts["bob"]), new_id(), service_minutes=45)
    )
    await apply(app, sent)
    [line] = (await hours(client, world, "bob"))["entries"]["items"]
    assert (line["minutes"], line["minutes_reported"]) == (45, True)


async def test_a_claimer_who_is_no_volunteer_is_recorded_and_credited_nothing(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    for claimer in (str(new_id()), "org:dali-water-bureau"):
        sent = event(WISH_FULFILLED, fulfilled(world, claimer, new_id(), service_minutes=30))
        assert await apply(app, sent) == "applied"
        assert await apply(app, sent) == "duplicate"  # in the inbox, though nothing changed
    assert await recorded(app, payloads.HoursCredited.event_type) == []
    for name in world.volunteers:
        assert (await hours(client, world, name))["confirmed_minutes"] == 0
