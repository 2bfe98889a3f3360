"""Kiosk devices: registered by staff, paired by a one-time code typed on the screen, the
key kept in an HttpOnly cookie (or sent as X-Kiosk-Key), never in a URL."""

import hashlib

import httpx
from fastapi import FastAPI
from sqlalchemy import text
from wish_world import Callers, FakeClock, open_wish, personal_data_in

from weimin_wishes.wall.service import PAIRING_ALPHABET


def _body(callers: Callers, community: str = "C1", name: str = "苍山社区服务站大屏") -> dict:
    world = callers.world
    street = "S2" if community == "C3" else "S1"
    return {
        "street_id": str(world.streets[street]),
        "community_id": str(world.communities[community]),
        "name": name,
    }


async def _register(client: httpx.AsyncClient, callers: Callers, community: str = "C1") -> dict:
    response = await client.post(
        "/v1/kiosk-devices", json=_body(callers, community), headers=callers.secretary(community)
    )
    assert response.status_code == 201, response.text
    device: dict = response.json()
    return device


async def _pair(client: httpx.AsyncClient, code: str) -> httpx.Response:
    return await client.post("/v1/wall/kiosk/pair", json={"code": code})


def _refusal(response: httpx.Response) -> tuple[int, str, str]:
    error = response.json()["errors"][0]
    return response.status_code, error["field"], error["code"]


async def test_pairing_gives_the_screen_a_key_in_an_httponly_cookie(
    client: httpx.AsyncClient, app: FastAPI, callers: Callers, clock: FakeClock
) -> None:
    device = await _register(client, callers)
    code = device["pairing_code"]
    assert len(code) == 9
    assert code[4] == "-"
    assert set(code.replace("-", "")) <= set(PAIRING_ALPHABET)
    assert (device["paired_at"], device["key_hint"]) == (None, None)
    assert device["pairing_expires_at"].startswith("2026-05-01T09:10:00")

    # Typed on a remote: lower case, a space instead of the dash.
    paired = await _pair(client, code.lower().replace("-", " "))
    assert paired.status_code == 200, paired.text
    assert paired.json()["community_id"] == str(callers.world.communities["C1"])
    assert paired.json()["stream_url"].startswith("/api/v1/wall/stream?community_id=")
    cookie = paired.headers["set-cookie"]
    assert "weimin_kiosk=wk_" in cookie
    assert "HttpOnly" in cookie
    assert "Path=/api/v1/wall" in cookie
    assert "samesite=strict" in cookie.lower()
    key = paired.cookies["weimin_kiosk"]
    assert key not in paired.text  # the page's script never sees the key

    async with app.state.database.sessionmaker() as session:
        row = (
            await session.execute(text("SELECT key_hash, pairing_code_hash FROM kiosk_devices"))
        ).one()
    assert row[0] == hashlib.sha256(key.encode()).hexdigest()
    assert row[1] == hashlib.sha256(code.replace("-", "").encode()).hexdigest()

    clock.advance(minutes=3)
    me = await client.get("/v1/wall/kiosk", headers={"Cookie": f"weimin_kiosk={key}"})
    assert (me.status_code, me.json()["device_id"]) == (200, device["id"])
    assert (await client.get("/v1/wall/kiosk", headers={"X-Kiosk-Key": key})).status_code == 200
    listed = (await client.get("/v1/kiosk-devices", headers=callers.secretary("C1"))).json()
    [item] = listed["items"]
    assert item["key_hint"] == key[-4:]
    assert item["last_seen_at"].startswith("2026-05-01T09:03:00")
    assert item["paired_at"] is not None
    assert item["pairing_expires_at"] is None
    assert "pairing_code" not in item
    assert "key" not in item


async def test_a_code_works_once(client: httpx.AsyncClient, callers: Callers) -> None:
    device = await _register(client, callers)
    assert (await _pair(client, device["pairing_code"])).status_code == 200
    again = await _pair(client, device["pairing_code"])
    assert _refusal(again) == (422, "body.code", "pairing-code-used")
    assert again.headers["content-type"].startswith("application/problem+json")
    assert "set-cookie" not in again.headers


async def test_an_expired_code_is_refused(
    client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    device = await _register(client, callers)
    clock.advance(minutes=10, seconds=1)
    late = await _pair(client, device["pairing_code"])
    assert _refusal(late) == (422, "body.code", "pairing-code-expired")
    assert late.json()["errors"][0]["reason"] == "此配对码已过期：请工作人员重新获取"
    # Staff give a new code; it works.
    fresh = await client.post(
        f"/v1/kiosk-devices/{device['id']}/pairing-code", headers=callers.secretary("C1")
    )
    assert fresh.status_code == 200
    assert fresh.json()["pairing_code"] != device["pairing_code"]
    assert (await _pair(client, fresh.json()["pairing_code"])).status_code == 200


async def test_a_wrong_code_names_the_field_in_the_callers_language(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    await _register(client, callers)
    for typed in ("ABCD-EFGH", "0000-0000", "x"):
        wrong = await client.post(
            "/v1/wall/kiosk/pair", json={"code": typed}, headers={"Accept-Language": "en"}
        )
        assert _refusal(wrong) == (422, "body.code", "pairing-code-unknown")
        assert wrong.json()["errors"][0]["reason"].startswith("no kiosk is waiting for this code")
    empty = await _pair(client, "")
    assert (empty.status_code, empty.json()["errors"][0]["field"]) == (422, "body.code")


async def test_a_revoked_device_gets_401_and_its_code_dies(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    device = await _register(client, callers)
    key = (await _pair(client, device["pairing_code"])).cookies["weimin_kiosk"]
    unpaired = await _register(client, callers)
    for target in (device, unpaired):
        revoked = await client.post(
            f"/v1/kiosk-devices/{target['id']}/revoke", headers=callers.secretary("C1")
        )
        assert revoked.json()["revoked_at"] is not None
    for headers in ({"Cookie": f"weimin_kiosk={key}"}, {"X-Kiosk-Key": key}):
        me = await client.get("/v1/wall/kiosk", headers=headers)
        assert (me.status_code, me.json()["code"]) == (401, "kiosk-key-invalid")
        stream = await client.get("/v1/wall/stream", headers=headers)
        assert (stream.status_code, stream.json()["code"]) == (401, "kiosk-key-invalid")
    assert _refusal(await _pair(client, unpaired["pairing_code"]))[2] == "pairing-code-unknown"
    again = await client.post(
        f"/v1/kiosk-devices/{device['id']}/pairing-code", headers=callers.secretary("C1")
    )
    assert (again.status_code, again.json()["code"]) == (409, "kiosk-revoked")


async def test_the_key_is_never_taken_from_the_url(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    device = await _register(client, callers)
    key = (await _pair(client, device["pairing_code"])).cookies["weimin_kiosk"]
    in_url = await client.get("/v1/wall/stream", params={"kiosk_key": key})
    assert in_url.status_code == 401
    me = await client.get("/v1/wall/kiosk", params={"kiosk_key": key})
    assert me.status_code == 401


async def test_a_kiosk_reads_its_own_wall_and_nothing_else(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    device = await _register(client, callers)
    key = (await _pair(client, device["pairing_code"])).cookies["weimin_kiosk"]
    for headers in ({"X-Kiosk-Key": key}, {"Authorization": f"Bearer {key}"}):
        assert (await client.get("/v1/wishes", headers=headers)).status_code == 401
        assert (await client.get("/v1/wish-statistics", headers=headers)).status_code == 401
        assert (await client.get("/v1/kiosk-devices", headers=headers)).status_code == 401
    other = await client.get(
        "/v1/wall/stream",
        params={"community_id": str(callers.world.communities["C2"])},
        headers={"Cookie": f"weimin_kiosk={key}"},
    )
    assert (other.status_code, other.json()["code"]) == (403, "kiosk-outside-its-wall")


async def test_staff_of_another_community_neither_see_nor_touch_its_devices(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    device = await _register(client, callers, "C1")
    await _register(client, callers, "C2")
    c2 = await client.get("/v1/kiosk-devices", headers=callers.secretary("C2"))
    assert [item["community_id"] for item in c2.json()["items"]] == [
        str(callers.world.communities["C2"])
    ]
    worker_elsewhere = await client.get("/v1/kiosk-devices", headers=callers.grid_worker("C"))
    assert str(callers.world.communities["C1"]) not in worker_elsewhere.text
    street = await client.get("/v1/kiosk-devices", headers=callers.street_secretary("S1"))
    assert len(street.json()["items"]) == 2
    path = f"/v1/kiosk-devices/{device['id']}"
    for method, url, body in (
        ("POST", f"{path}/revoke", None),
        ("POST", f"{path}/pairing-code", None),
        ("PATCH", path, {"name": "别人的屏"}),
    ):
        response = await client.request(method, url, json=body, headers=callers.secretary("C2"))
        assert (response.status_code, response.json()["code"]) == (404, "not-found"), url
    outside = await client.post(
        "/v1/kiosk-devices", json=_body(callers, "C1"), headers=callers.secretary("C2")
    )
    assert _refusal(outside) == (422, "body.community_id", "community-out-of-scope")
    worker = await client.post(
        "/v1/kiosk-devices", json=_body(callers, "C1"), headers=callers.grid_worker("A")
    )
    assert worker.status_code == 403
    [mine] = (await client.get("/v1/kiosk-devices", headers=callers.secretary("C1"))).json()[
        "items"
    ]
    assert (mine["name"], mine["revoked_at"]) == ("苍山社区服务站大屏", None)


async def test_staff_rename_a_device(client: httpx.AsyncClient, callers: Callers) -> None:
    device = await _register(client, callers)
    renamed = await client.patch(
        f"/v1/kiosk-devices/{device['id']}",
        json={"name": "  广场东侧大屏 "},
        headers=callers.secretary("C1"),
    )
    assert (renamed.status_code, renamed.json()["name"]) == (200, "广场东侧大屏")
    empty = await client.patch(
        f"/v1/kiosk-devices/{device['id']}", json={"name": ""}, headers=callers.secretary("C1")
    )
    assert _refusal(empty)[:2] == (422, "body.name")


async def test_the_wall_feed_is_public_and_counts_this_year(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish = await open_wish(client, callers, "A")
    await open_wish(client, callers, "B")
    await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    community = callers.world.communities["C1"]
    feed = await client.get(f"/v1/wall/communities/{community}/wishes")  # no credential
    assert feed.status_code == 200
    body = feed.json()
    assert (body["claimed_this_year"], body["fulfilled_this_year"]) == (1, 0)
    assert body["year"] >= 2026
    # Surname and honorific only: no name, phone or address on a public screen.
    assert {item["beneficiary"] for item in body["items"]} == {"张奶奶", "李奶奶"}
    assert personal_data_in(body) == []
