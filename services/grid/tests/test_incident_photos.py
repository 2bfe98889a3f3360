"""Photo bytes: upload with type and size checks, stored once per content, attached to a
report by id, and served only to the uploader and to staff who can see the incident."""

import hashlib
import struct
import uuid
import zlib
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report, report_body
from sqlalchemy import func, select

from weimin_grid.incidents.photos.models import IncidentPhoto

MIB = 1024 * 1024


def png(width: int = 3, height: int = 2, seed: int = 0) -> bytes:
    """A real, decodable PNG of `width` × `height` grey pixels (shade `seed`)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + bytes([seed % 256]) * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int = 640, height: int = 480) -> bytes:
    """The markers of a baseline JPEG up to its frame header (enough to be recognised)."""
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    frame = b"\xff\xc0" + struct.pack(">HBHHB", 11, 8, height, width, 1) + b"\x01\x11\x00"
    return b"\xff\xd8" + app0 + frame + b"\xff\xd9"


def resident(callers: Callers, subject: str = "resident-1") -> dict[str, str]:
    return callers.keys.headers(roles=["resident"], subject=subject)


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], data: bytes, kind: str = "image/png"
) -> httpx.Response:
    return await client.post(
        "/v1/incident-photos", content=data, headers={**headers, "Content-Type": kind}
    )


async def stored_photos(app: FastAPI) -> int:
    async with app.state.database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(IncidentPhoto)) or 0)


async def test_a_photo_is_stored_with_its_digest_and_size(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    data = png(3, 2)
    response = await upload(client, resident(callers), data)
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"] == f"/v1/incident-photos/{body['id']}"
    assert response.headers["location"] == body["url"]
    assert (body["sha256"], body["content_type"], body["size_bytes"]) == (
        hashlib.sha256(data).hexdigest(),
        "image/png",
        len(data),
    )
    assert (body["width"], body["height"]) == (3, 2)
    photo = await upload(client, resident(callers), jpeg(640, 480), "image/jpeg")
    assert (photo.json()["width"], photo.json()["height"]) == (640, 480)
    assert await stored_photos(app) == 2


async def test_the_same_bytes_are_stored_once_whoever_sends_them(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    first = await upload(client, resident(callers), png(seed=7))
    again = await upload(client, resident(callers), png(seed=7))
    other = await upload(client, resident(callers, "resident-2"), png(seed=7))
    assert (first.status_code, again.status_code, other.status_code) == (201, 200, 200)
    assert first.json()["id"] == again.json()["id"] == other.json()["id"]
    assert await stored_photos(app) == 1
    # Both uploaders may read it back and attach it.
    for subject in ("resident-1", "resident-2"):
        read = await client.get(first.json()["url"], headers=resident(callers, subject))
        assert read.content == png(seed=7)


async def test_a_photo_over_five_mib_is_refused(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    big = png() + b"\x00" * (5 * MIB)
    response = await upload(client, resident(callers), big)
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "upload-too-large"
    assert response.json()["errors"][0]["field"] == "body"
    assert await stored_photos(app) == 0
    at_limit = png() + b"\x00" * (5 * MIB - len(png()))
    assert (await upload(client, resident(callers), at_limit)).status_code == 201


async def test_a_renamed_text_file_or_a_wrong_label_is_refused(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    text = "这不是照片 just text\n".encode()
    renamed = await upload(client, resident(callers), text, "image/jpeg")
    assert renamed.status_code == 422
    assert renamed.json()["errors"][0] == {
        "field": "body",
        "reason": "not a JPEG, PNG or WebP image",
        "code": "not-an-image",
    }
    mislabelled = await upload(client, resident(callers), png(), "image/webp")
    assert (mislabelled.status_code, mislabelled.json()["errors"][0]["code"]) == (
        422,
        "content-type-mismatch",
    )
    plain = await upload(client, resident(callers), text, "text/plain")
    assert plain.status_code == 415
    assert plain.headers["content-type"] == "application/problem+json"
    assert plain.json()["errors"][0]["field"] == "header.content-type"
    empty = await upload(client, resident(callers), b"")
    assert (empty.status_code, empty.json()["errors"][0]["code"]) == (422, "empty")
    assert await stored_photos(app) == 0


async def reported_with_photo(
    client: httpx.AsyncClient, callers: Callers, grid: str = "A"
) -> tuple[dict[str, Any], dict[str, Any]]:
    photo = (await upload(client, resident(callers), png(seed=42))).json()
    incident = await report(client, resident(callers), grid, photo_ids=[photo["id"]])
    return photo, incident


async def test_a_report_references_uploaded_photos(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    photo, incident = await reported_with_photo(client, callers)
    (shown,) = incident["photos"]
    assert shown == {key: photo[key] for key in shown}
    assert (shown["id"], shown["url"]) == (photo["id"], photo["url"])
    read = await client.get(f"/v1/incidents/{incident['id']}", headers=callers.grid_worker("A"))
    assert read.json()["photos"] == incident["photos"]


async def test_photos_are_served_within_scope_only(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    photo, _ = await reported_with_photo(client, callers)
    for allowed in (
        callers.grid_worker("A"),
        callers.community_secretary("C1"),
        callers.street_secretary("S1"),
        resident(callers),  # the uploader
    ):
        response = await client.get(photo["url"], headers=allowed)
        assert response.status_code == 200
        assert response.content == png(seed=42)
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
    for refused in (
        callers.grid_worker("C"),
        callers.community_secretary("C2"),
        callers.street_secretary("S2"),
        resident(callers, "resident-2"),
    ):
        response = await client.get(photo["url"], headers=refused)
        assert (response.status_code, response.json()["code"]) == (404, "not-found")
    missing = await client.get(f"/v1/incident-photos/{uuid.uuid4()}", headers=callers.admin())
    assert missing.status_code == 404


async def test_an_unattached_photo_is_only_the_uploaders(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    photo = (await upload(client, resident(callers), png(seed=9))).json()
    assert (await client.get(photo["url"], headers=callers.grid_worker("A"))).status_code == 404
    assert (await client.get(photo["url"], headers=resident(callers))).status_code == 200


async def test_a_report_cannot_attach_someone_elses_photo(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    theirs = (await upload(client, resident(callers, "resident-2"), png(seed=3))).json()
    mine = (await upload(client, resident(callers), png(seed=4))).json()
    for photo_ids in ([mine["id"], theirs["id"]], [mine["id"], str(uuid.uuid4())]):
        response = await client.post(
            "/v1/incidents",
            json={**report_body(), "photo_ids": photo_ids},
            headers=resident(callers),
        )
        assert response.status_code == 422
        assert response.json()["errors"][0] == {
            "field": "body.photo_ids.1",
            "reason": "no photo you uploaded has this id",
            "code": "unknown-photo",
        }
    mine_list = await client.get("/v1/incidents/mine", headers=resident(callers))
    assert mine_list.json()["items"] == []  # nothing half-written


async def test_object_store_photos_still_work_beside_uploaded_ones(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    uploaded = (await upload(client, resident(callers), png(seed=5))).json()
    stored = {
        "url": "/media/p1.jpg",
        "sha256": "a" * 64,
        "content_type": "image/jpeg",
        "size_bytes": 10,
    }
    incident = await report(
        client, resident(callers), photos=[stored], photo_ids=[uploaded["id"], uploaded["id"]]
    )
    assert [p["url"] for p in incident["photos"]] == ["/media/p1.jpg", uploaded["url"]]
    assert incident["photos"][0]["id"] is None
    too_many = await client.post(
        "/v1/incidents",
        json={
            **report_body(),
            "photos": [stored] * 5,
            "photo_ids": [str(uuid.uuid4()) for _ in range(5)],
        },
        headers=resident(callers),
    )
    assert (too_many.status_code, too_many.json()["errors"][0]["field"]) == (422, "body")
