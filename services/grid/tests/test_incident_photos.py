"""Photos: upload with type, size and content checks, metadata stripped before storing,
thumbnails, stored once per content, attached to a report by id, and served only to the
uploader and to staff who can see the incident."""

import hashlib
import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import report, report_body
from sqlalchemy import func, select

from weimin_grid.incidents.photos.models import IncidentPhoto
from weimin_kit.testing.images import (
    GPS_IFD,
    camera_jpeg,
    exif_of,
    metadata_of,
    plain_image,
    size_of,
    truncated,
)
from weimin_kit.testing.s3 import failing_s3_store, s3_server, s3_store, unreachable_s3_store

MIB = 1024 * 1024


def png(width: int = 3, height: int = 2, seed: int = 0) -> bytes:
    """A real, decodable PNG of `width` × `height` pixels (shade `seed`)."""
    return plain_image("PNG", width, height, seed)


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
    response = await upload(client, resident(callers), png(3, 2))
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["url"] == f"/v1/incident-photos/{body['id']}"
    assert body["thumbnail_url"] == body["url"] + "?size=thumb"
    assert response.headers["location"] == body["url"]
    served = (await client.get(body["url"], headers=resident(callers))).content
    # The digest and size are the stored copy's, which is what is served.
    assert (body["sha256"], body["content_type"], body["size_bytes"]) == (
        hashlib.sha256(served).hexdigest(),
        "image/png",
        len(served),
    )
    assert (body["width"], body["height"]) == (3, 2)
    photo = await upload(client, resident(callers), camera_jpeg(640, 480), "image/jpeg")
    assert (photo.json()["width"], photo.json()["height"]) == (640, 480)
    assert await stored_photos(app) == 2


async def test_a_camera_photo_is_stored_and_served_without_its_gps_position(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    original = camera_jpeg(800, 600, orientation=6)  # the phone was held upright
    assert exif_of(original).get_ifd(GPS_IFD)  # the upload does carry a position
    response = await upload(client, resident(callers), original, "image/jpeg")
    assert response.status_code == 201, response.text
    body = response.json()
    assert (body["width"], body["height"]) == (600, 800)  # turned upright, then stripped
    for url in (body["url"], body["thumbnail_url"]):
        served = await client.get(url, headers=resident(callers))
        assert served.status_code == 200
        assert served.headers["content-type"] == "image/jpeg"
        assert not exif_of(served.content).get_ifd(GPS_IFD)
        assert dict(exif_of(served.content)) == {}
        assert metadata_of(served.content) == {}
    full = await client.get(body["url"], headers=resident(callers))
    assert size_of(full.content) == (600, 800)
    thumb = await client.get(body["thumbnail_url"], headers=resident(callers))
    assert size_of(thumb.content) == (240, 320)  # 320 px on the long side


async def test_photos_are_cached_privately_and_answer_if_none_match(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    body = (await upload(client, resident(callers), png(seed=11))).json()
    served = await client.get(body["url"], headers=resident(callers))
    assert served.headers["cache-control"] == "private, max-age=31536000, immutable"
    assert served.headers["etag"] == f'"{body["sha256"]}"'
    again = await client.get(
        body["url"], headers={**resident(callers), "If-None-Match": served.headers["etag"]}
    )
    assert (again.status_code, again.content) == (304, b"")
    thumb = await client.get(body["thumbnail_url"], headers=resident(callers))
    assert thumb.headers["etag"] != served.headers["etag"]
    assert "public" not in thumb.headers["cache-control"]


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
        assert hashlib.sha256(read.content).hexdigest() == first.json()["sha256"]


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
    assert renamed.json()["errors"][0]["field"] == "body"
    assert renamed.json()["errors"][0]["code"] == "not-an-image"
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


async def test_a_truncated_or_fake_image_is_refused_naming_the_reason(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    cut = await upload(client, resident(callers), truncated(camera_jpeg()), "image/jpeg")
    assert cut.status_code == 422, cut.text
    assert cut.headers["content-type"] == "application/problem+json"
    assert cut.json()["errors"][0]["field"] == "body"
    assert cut.json()["errors"][0]["code"] == "damaged-image"
    # The right magic bytes and nothing after them: not an image at all.
    magic_only = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    fake = await upload(client, resident(callers), magic_only)
    assert (fake.status_code, fake.json()["errors"][0]["code"]) == (422, "not-an-image")
    chinese = await upload(
        client,
        {**resident(callers), "Accept-Language": "zh-CN"},
        truncated(camera_jpeg()),
        "image/jpeg",
    )
    assert "图片已损坏或不完整" in chinese.json()["detail"]
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
        assert hashlib.sha256(response.content).hexdigest() == photo["sha256"]
        assert response.headers["content-type"] == "image/png"
        assert response.headers["x-content-type-options"] == "nosniff"
    for refused in (
        callers.grid_worker("C"),
        callers.community_secretary("C2"),
        callers.street_secretary("S2"),
        resident(callers, "resident-2"),
    ):
        for url in (photo["url"], photo["thumbnail_url"]):
            response = await client.get(url, headers=refused)
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
        error = response.json()["errors"][0]
        assert (error["field"], error["code"]) == ("body.photo_ids.1", "unknown-photo")
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


async def test_photos_round_trip_through_an_s3_bucket(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    with s3_server() as endpoint:
        app.state.photo_store = s3_store(endpoint, "grid-photos", prefix="grid/")
        body = (await upload(client, resident(callers), camera_jpeg(), "image/jpeg")).json()
        objects = app.state.photo_store.client.list_objects_v2(Bucket="grid-photos")
        keys = sorted(item["Key"] for item in objects["Contents"])
        assert keys == [f"grid/photos/{body['sha256']}.jpg", f"grid/thumbs/{body['sha256']}.jpg"]
        served = await client.get(body["url"], headers=resident(callers))
        assert hashlib.sha256(served.content).hexdigest() == body["sha256"]
        assert not exif_of(served.content).get_ifd(GPS_IFD)
        thumb = await client.get(body["thumbnail_url"], headers=resident(callers))
        assert max(size_of(thumb.content)) == 320


async def test_an_unreachable_photo_store_answers_503_to_upload_and_serving(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    stored = (await upload(client, resident(callers), png(4, 4))).json()
    for broken in (unreachable_s3_store(), failing_s3_store()):
        app.state.photo_store = broken
        refused = await upload(client, resident(callers), png(5, 5))
        served = await client.get(stored["url"], headers=resident(callers))
        thumb = await client.get(stored["thumbnail_url"], headers=resident(callers))
        for answer in (refused, served, thumb):
            assert answer.status_code == 503, answer.text
            assert answer.json()["code"] == "photo-storage-unavailable"
            assert answer.headers["retry-after"] == "30"
    assert await stored_photos(app) == 1
