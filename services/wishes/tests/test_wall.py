import asyncio
import hashlib
from datetime import UTC, datetime

import httpx
import segno
from fastapi import FastAPI
from sqlalchemy import select, text
from wish_world import Callers, open_wish, personal_data_in, submit

from weimin_kit.revocation import Revocation, record_revocation
from weimin_kit.testing import TestKeys
from weimin_wishes.wall.models import WallEvent


async def test_feed_answers_304_until_the_wall_changes(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    first = await client.get("/v1/wall/wishes")
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "no-cache"
    same = await client.get("/v1/wall/wishes", headers={"If-None-Match": etag})
    assert (same.status_code, same.content, same.headers["etag"]) == (304, b"", etag)
    await submit(client, callers, "A")  # not on the wall: the version stays
    assert (await client.get("/v1/wall/wishes", headers={"If-None-Match": etag})).status_code == 304
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    changed = await client.get("/v1/wall/wishes", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["claimed_count"] == 1


async def test_community_feed_holds_only_its_community(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    a = await open_wish(client, callers, "A")
    b = await open_wish(client, callers, "B", urgency="high")
    c = await open_wish(client, callers, "C")
    c1 = await client.get(f"/v1/wall/communities/{callers.world.communities['C1']}/wishes")
    assert [item["id"] for item in c1.json()["items"]] == [b["id"], a["id"]]  # urgent first
    city = await client.get("/v1/wall/wishes")
    assert {item["id"] for item in city.json()["items"]} == {a["id"], b["id"], c["id"]}
    c1_etag = c1.headers["etag"]
    await client.post(f"/v1/wishes/{c['id']}/claim", headers=callers.volunteer())
    unchanged = await client.get(
        f"/v1/wall/communities/{callers.world.communities['C1']}/wishes",
        headers={"If-None-Match": c1_etag},
    )
    assert unchanged.status_code == 304
    bad = await client.get("/v1/wall/communities/nope/wishes")
    assert (bad.status_code, bad.json()["errors"][0]["field"]) == (422, "path.community_id")


async def test_qr_code_encodes_the_wish_page_on_weimins_own_host(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    response = await client.get(f"/v1/wall/wishes/{wish['id']}/qr.svg")
    assert response.headers["content-type"] == "image/svg+xml"
    # The SPA's landing page of the wish, on the public base URL (the gateway's host).
    claim_url = f"http://localhost:8000/w/{wish['id']}"
    card = (await client.get(f"/v1/wall/wishes/{wish['id']}")).json()
    # The image through the gateway, which serves the services' /v1 under /api.
    assert (card["claim_url"], card["qr_url"]) == (
        claim_url,
        f"/api/v1/wall/wishes/{wish['id']}/qr.svg",
    )
    feed = (await client.get("/v1/wall/wishes")).json()
    assert (feed["items"][0]["claim_url"], feed["items"][0]["qr_url"]) == (
        card["claim_url"],
        card["qr_url"],
    )
    expected = segno.make(claim_url, error="m", micro=False).svg_inline(scale=4, border=2)
    assert response.text == expected
    assert response.text.startswith("<svg")
    hidden = await submit(client, callers, "A")
    assert (await client.get(f"/v1/wall/wishes/{hidden['id']}/qr.svg")).status_code == 404


async def test_kiosk_key_is_shown_once_and_stored_hashed(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    world = callers.world
    response = await client.post(
        "/v1/kiosk-devices",
        json={
            "street_id": str(world.streets["S1"]),
            "community_id": str(world.communities["C1"]),
            "name": "苍山社区服务站大屏",
        },
        headers=callers.secretary("C1"),
    )
    assert response.status_code == 201, response.text
    key = response.json()["key"]
    assert key.startswith("wk_")
    assert len(key) >= 40
    async with app.state.database.sessionmaker() as session:
        stored = (await session.execute(text("SELECT key_hash FROM kiosk_devices"))).scalars().all()
    assert stored == [hashlib.sha256(key.encode()).hexdigest()]
    me = await client.get("/v1/wall/kiosk", headers={"X-Kiosk-Key": key})
    assert me.json()["community_id"] == str(world.communities["C1"])
    listed = await client.get("/v1/kiosk-devices", headers=callers.secretary("C1"))
    assert [item["key_hint"] for item in listed.json()["items"]] == [key[-4:]]
    assert "key" not in listed.json()["items"][0]


async def test_kiosk_key_reads_the_wall_and_nothing_else(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    world = callers.world
    key = (
        await client.post(
            "/v1/kiosk-devices",
            json={
                "street_id": str(world.streets["S1"]),
                "community_id": str(world.communities["C1"]),
                "name": "广场屏",
            },
            headers=callers.secretary("C1"),
        )
    ).json()["key"]
    for headers in ({"X-Kiosk-Key": key}, {"Authorization": f"Bearer {key}"}):
        assert (await client.get("/v1/wishes", headers=headers)).status_code == 401
        assert (await client.get("/v1/wish-statistics", headers=headers)).status_code == 401
    other = await client.get(
        "/v1/wall/stream",
        params={"community_id": str(world.communities["C2"])},
        headers={"X-Kiosk-Key": key},
    )
    assert (other.status_code, other.json()["code"]) == (403, "kiosk-outside-its-wall")


async def test_revoked_kiosk_key_is_refused(client: httpx.AsyncClient, callers: Callers) -> None:
    world = callers.world
    device = (
        await client.post(
            "/v1/kiosk-devices",
            json={
                "street_id": str(world.streets["S1"]),
                "community_id": str(world.communities["C1"]),
                "name": "广场屏",
            },
            headers=callers.secretary("C1"),
        )
    ).json()
    elsewhere = await client.post(
        f"/v1/kiosk-devices/{device['id']}/revoke", headers=callers.secretary("C2")
    )
    assert elsewhere.status_code == 404
    revoked = await client.post(
        f"/v1/kiosk-devices/{device['id']}/revoke", headers=callers.secretary("C1")
    )
    assert revoked.json()["revoked_at"] is not None
    me = await client.get("/v1/wall/kiosk", headers={"X-Kiosk-Key": device["key"]})
    assert (me.status_code, me.json()["code"]) == (401, "kiosk-key-invalid")
    stream = await client.get("/v1/wall/stream", params={"kiosk_key": device["key"]})
    assert stream.status_code == 401


async def test_kiosk_registration_outside_scope_is_refused(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    world = callers.world
    body = {
        "street_id": str(world.streets["S1"]),
        "community_id": str(world.communities["C1"]),
        "name": "大屏",
    }
    outside = await client.post("/v1/kiosk-devices", json=body, headers=callers.secretary("C2"))
    worker = await client.post("/v1/kiosk-devices", json=body, headers=callers.grid_worker("A"))
    empty = await client.post(
        "/v1/kiosk-devices", json={**body, "name": ""}, headers=callers.secretary("C1")
    )
    assert (outside.status_code, worker.status_code, empty.status_code) == (422, 403, 422)
    assert outside.json()["errors"][0]["code"] == "community-out-of-scope"
    listed = await client.get("/v1/kiosk-devices", headers=callers.secretary("C2"))
    assert listed.json()["items"] == []


async def test_stream_needs_a_kiosk_key_or_a_token(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/v1/wall/stream")
    bad_key = await client.get("/v1/wall/stream", headers={"X-Kiosk-Key": "wk_guess"})
    assert (anonymous.status_code, bad_key.status_code) == (401, 401)
    bad_resume = await client.get("/v1/wall/stream", headers={"Last-Event-ID": "abc"})
    assert bad_resume.status_code == 422


async def test_a_revoked_sign_in_cannot_open_the_stream(
    client: httpx.AsyncClient, app: FastAPI, test_keys: TestKeys
) -> None:
    now = datetime.now(UTC)
    async with app.state.database.sessionmaker() as session, session.begin():
        await record_revocation(
            session,
            Revocation(reason="logout", revoked_at=now, session_ids=["signed-out"]),
            keep_seconds=960,
            now=now,
        )
    token = test_keys.headers(roles=["resident"], sid="signed-out")
    # Bounded: were the token accepted, the stream would never end.
    refused = await asyncio.wait_for(client.get("/v1/wall/stream", headers=token), 5)
    assert (refused.status_code, refused.json()["code"]) == (401, "session-revoked")


async def test_public_payloads_and_wall_events_hold_no_personal_data(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers
) -> None:
    """Walks everything the public can read: feeds, cards, and every wall event."""
    wishes = [await open_wish(client, callers, grid) for grid in ("A", "B", "C", "D")]
    await client.post(f"/v1/wishes/{wishes[0]['id']}/claim", headers=callers.volunteer())
    await client.post(f"/v1/wishes/{wishes[1]['id']}/claim", headers=callers.member())
    await client.post(
        f"/v1/wishes/{wishes[1]['id']}/fulfil",
        json={"proof_photo_url": "/media/p.jpg"},
        headers=callers.member(),
    )
    await client.post(f"/v1/wishes/{wishes[0]['id']}/claim/withdraw", headers=callers.volunteer())
    await client.post(
        f"/v1/wishes/{wishes[2]['id']}/cancel", json={"reason": "重复"}, headers=callers.admin()
    )
    payloads = [(await client.get("/v1/wall/wishes")).json()]
    for community in callers.world.communities.values():
        payloads.append((await client.get(f"/v1/wall/communities/{community}/wishes")).json())
    for wish in wishes:
        payloads.append((await client.get(f"/v1/wall/wishes/{wish['id']}")).json())
    async with app.state.database.sessionmaker() as session:
        events = (await session.scalars(select(WallEvent))).all()
    assert len(events) == 9  # 4 published, 2 claimed, 1 fulfilled, 1 released, 1 removed
    payloads += [event.payload for event in events]
    assert personal_data_in(payloads) == []
    # The staff view does show the name: the walk above would have found it.
    assert personal_data_in((await client.get("/v1/wishes", headers=callers.admin())).json())
