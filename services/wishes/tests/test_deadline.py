import httpx
from fastapi import FastAPI
from wish_world import Callers, FakeClock, open_wish

from weimin_wishes.background import release_overdue_once


async def test_claim_passing_its_deadline_is_released_to_the_wall(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    wish = await open_wish(client, callers, "A")
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    assert claim.json()["deadline_at"] == "2026-05-15T09:00:00Z"

    clock.advance(days=13, hours=23)
    early = await client.post("/v1/wishes/release-overdue", headers=callers.admin())
    assert early.json() == {"released": 0}

    clock.advance(hours=1, seconds=1)
    late = await client.post("/v1/wishes/release-overdue", headers=callers.admin())
    assert late.json() == {"released": 1}
    card = (await client.get(f"/v1/wall/wishes/{wish['id']}")).json()
    assert (card["state"], card["claimer_type"]) == ("open", None)
    claims = await client.get(f"/v1/wishes/{wish['id']}/claims", headers=callers.admin())
    assert [(c["status"], c["ended_at"]) for c in claims.json()] == [
        ("expired", "2026-05-15T09:00:01Z")
    ]
    again = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(2))
    assert again.status_code == 201


async def test_background_sweep_uses_the_app_clock(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers, clock: FakeClock
) -> None:
    wish = await open_wish(client, callers, "A")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer(1))
    fulfilled = await open_wish(client, callers, "B")
    await client.post(f"/v1/wishes/{fulfilled['id']}/claim", headers=callers.volunteer(2))
    await client.post(
        f"/v1/wishes/{fulfilled['id']}/fulfil",
        json={"proof_photo_url": "/media/p.jpg"},
        headers=callers.volunteer(2),
    )
    assert await release_overdue_once(app) == 0
    clock.advance(days=15)
    assert await release_overdue_once(app) == 1
    states = {
        item["id"]: item["state"]
        for item in (await client.get("/v1/wishes", headers=callers.admin())).json()["items"]
    }
    assert states == {wish["id"]: "open", fulfilled["id"]: "fulfilled"}


async def test_deadline_follows_the_setting(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers, clock: FakeClock
) -> None:
    app.state.settings.claim_deadline_days = 3
    try:
        wish = await open_wish(client, callers, "A")
        claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.member(1))
    finally:
        app.state.settings.claim_deadline_days = 14
    assert claim.json()["deadline_at"] == "2026-05-04T09:00:00Z"


async def test_only_staff_may_trigger_the_release(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.post("/v1/wishes/release-overdue", headers=callers.volunteer())
    assert response.status_code == 403
