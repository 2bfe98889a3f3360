"""The time a claimer spent is reported when they mark a wish fulfilled: bounded, required
where the time is the service (companionship), optional for a material wish, kept on the
wish and carried in `wish.fulfilled`, never made up."""

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import select
from wish_world import Callers, open_wish

from weimin_events.payloads import WishFulfilled
from weimin_wishes.models import Base

PROOF = {"proof_photo_url": "https://photos.example/proof.jpg"}


async def fulfilled_event(app: FastAPI, wish_id: str) -> WishFulfilled:
    table = Base.metadata.tables["outbox_events"]
    async with app.state.database.sessionmaker() as session:
        data = await session.scalar(
            select(table.c.data).where(
                table.c.subject == wish_id, table.c.type == WishFulfilled.event_type
            )
        )
    return WishFulfilled.model_validate(data)


async def claimed(client: httpx.AsyncClient, callers: Callers, category: str) -> str:
    wish = await open_wish(client, callers, "A", category=category)
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(3))
    assert claim.status_code == 201, claim.text
    return str(wish["id"])


async def test_reported_minutes_are_kept_and_carried_in_the_event(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish_id = await claimed(client, callers, "companionship")
    fulfil = await client.post(
        f"/v1/wishes/{wish_id}/fulfil",
        json={**PROOF, "service_minutes": 45},
        headers=callers.volunteer(3),
    )
    assert fulfil.status_code == 204, fulfil.text
    read = await client.get(f"/v1/wishes/{wish_id}", headers=callers.secretary("C1"))
    assert read.json()["service_minutes"] == 45
    assert (await fulfilled_event(app, wish_id)).service_minutes == 45


async def test_a_material_wish_may_leave_its_time_unreported(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish_id = await claimed(client, callers, "material")
    fulfil = await client.post(
        f"/v1/wishes/{wish_id}/fulfil", json=PROOF, headers=callers.volunteer(3)
    )
    assert fulfil.status_code == 204, fulfil.text
    event = await fulfilled_event(app, wish_id)
    assert event.service_minutes is None
    read = await client.get(f"/v1/wishes/{wish_id}", headers=callers.secretary("C1"))
    assert read.json()["service_minutes"] is None


async def test_a_companionship_wish_needs_its_time(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish_id = await claimed(client, callers, "companionship")
    fulfil = await client.post(
        f"/v1/wishes/{wish_id}/fulfil", json=PROOF, headers=callers.volunteer(3)
    )
    assert fulfil.status_code == 422
    assert fulfil.headers["content-type"].startswith("application/problem+json")
    [error] = fulfil.json()["errors"]
    assert (error["field"], error["code"]) == ("body.service_minutes", "service-minutes-required")
    read = await client.get(f"/v1/wishes/{wish_id}", headers=callers.secretary("C1"))
    assert read.json()["state"] == "claimed"  # nothing moved


@pytest.mark.parametrize("minutes", [0, -5, 1441, "an hour"])
async def test_minutes_out_of_bounds_are_refused_naming_the_field(
    client: httpx.AsyncClient, callers: Callers, minutes: object
) -> None:
    wish_id = await claimed(client, callers, "material")
    fulfil = await client.post(
        f"/v1/wishes/{wish_id}/fulfil",
        json={**PROOF, "service_minutes": minutes},
        headers=callers.volunteer(3),
    )
    assert fulfil.status_code == 422
    assert "service_minutes" in fulfil.text
