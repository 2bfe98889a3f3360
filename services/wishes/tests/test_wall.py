import asyncio
from datetime import UTC, datetime

import httpx
import segno
from fastapi import FastAPI
from sqlalchemy import select
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


async def test_stream_needs_a_kiosk_key_or_a_token(client: httpx.AsyncClient) -> None:
    anonymous = await client.get("/v1/wall/stream")
    bad_key = await client.get("/v1/wall/stream", headers={"X-Kiosk-Key": "wk_guess"})
    bad_cookie = await client.get("/v1/wall/stream", headers={"Cookie": "weimin_kiosk=wk_guess"})
    assert (anonymous.status_code, bad_key.status_code, bad_cookie.status_code) == (401, 401, 401)
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
