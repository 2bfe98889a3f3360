"""`alarm.raised` -> the nearest volunteers who opted in to alarm alerts, within the
radius, are each alerted once and see it in their own alert list."""

import uuid
from typing import Any

import httpx
import pytest
from consumer_events import ALARM_RAISED, apply, event
from fastapi import FastAPI
from volunteer_world import CENTRE, World, ok

from weimin_kit.ids import new_id


def raised(world: World, alarm_id: uuid.UUID, **extra: Any) -> dict[str, Any]:
    lon, lat = CENTRE["C1"]
    return {
        "alarm_id": alarm_id,
        "group_id": new_id(),
        "kind": "burglary",
        "grid_unit_id": new_id(),
        "community_id": world.communities["C1"],
        "lon": lon,
        "lat": lat,
        **extra,
    }


async def opt_in(client: httpx.AsyncClient, world: World, *names: str) -> None:
    for name in names:
        me = ok(
            await client.put(
                "/v1/volunteers/me/alarm-alert-consent",
                json={"consent": True},
                headers=world.headers(name),
            )
        )
        assert me["alarm_alert_consent"] is True
        assert me["alarm_alert_consent_at"] is not None


async def alerts(client: httpx.AsyncClient, world: World, name: str) -> list[Any]:
    items: list[Any] = ok(
        await client.get("/v1/volunteers/me/alarm-alerts", headers=world.headers(name))
    )["items"]
    return items


async def test_nearby_opted_in_volunteers_are_alerted_once(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    # ann and bob live ~140 m from the alarm; dan opted in too but lives ~2.2 km away;
    # cat is as near as ann but never opted in.
    await opt_in(client, world, "ann", "bob", "dan")
    alarm = new_id()
    sent = event(ALARM_RAISED, raised(world, alarm))
    assert await apply(app, sent) == "applied"
    assert await apply(app, sent) == "duplicate"
    assert await apply(app, event(ALARM_RAISED, sent.data)) == "applied"  # re-sent: no repeat

    for name in ("ann", "bob"):
        [alert] = await alerts(client, world, name)
        assert (alert["alarm_id"], alert["kind"]) == (str(alarm), "burglary")
        assert (alert["lon"], alert["lat"]) == CENTRE["C1"]
        assert 100 < alert["distance_m"] < 200
    assert await alerts(client, world, "cat") == []
    assert await alerts(client, world, "dan") == []


async def test_only_the_nearest_n_within_the_radius_are_alerted(
    client: httpx.AsyncClient, app: FastAPI, world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    await opt_in(client, world, "ann", "bob", "cat", "dan")
    monkeypatch.setattr(app.state.settings, "alarm_alert_volunteers", 2)
    monkeypatch.setattr(app.state.settings, "alarm_alert_radius_m", 5_000)
    lon, lat = CENTRE["C2"]  # dan's community: dan first, then two of the C1 three
    await apply(app, event(ALARM_RAISED, raised(world, new_id(), lon=lon, lat=lat)))
    alerted = [n for n in ("ann", "bob", "cat", "dan") if await alerts(client, world, n)]
    assert len(alerted) == 2
    assert "dan" in alerted


async def test_an_alarm_without_a_point_alerts_nobody(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    await opt_in(client, world, "ann")
    sent = event(ALARM_RAISED, raised(world, new_id(), lon=None, lat=None))
    assert await apply(app, sent) == "applied"
    assert await alerts(client, world, "ann") == []


async def test_consent_and_alerts_are_the_volunteers_own(
    client: httpx.AsyncClient, app: FastAPI, world: World
) -> None:
    await opt_in(client, world, "ann")
    await apply(app, event(ALARM_RAISED, raised(world, new_id())))
    assert len(await alerts(client, world, "ann")) == 1
    assert await alerts(client, world, "bob") == []
    nobody = await client.get("/v1/volunteers/me/alarm-alerts", headers=world.stranger())
    assert nobody.status_code == 404
    stranger = await client.put(
        "/v1/volunteers/me/alarm-alert-consent", json={"consent": True}, headers=world.stranger()
    )
    assert stranger.status_code == 404
    bad = await client.put(
        "/v1/volunteers/me/alarm-alert-consent",
        json={"consent": "maybe"},
        headers=world.headers("bob"),
    )
    assert bad.status_code == 422
    assert "consent" in str(bad.json()["errors"][0]["field"])
    record = ok(
        await client.get(f"/v1/volunteers/{world.volunteers['bob']}", headers=world.headers("bob"))
    )
    assert record["alarm_alert_consent"] is False
    # Withdrawn consent: the next alarm passes ann by.
    ok(
        await client.put(
            "/v1/volunteers/me/alarm-alert-consent",
            json={"consent": False},
            headers=world.headers("ann"),
        )
    )
    await apply(app, event(ALARM_RAISED, raised(world, new_id())))
    assert len(await alerts(client, world, "ann")) == 1
