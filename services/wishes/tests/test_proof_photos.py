"""Fulfilment-proof photos: uploaded by the claimer, stripped of metadata (GPS above all)
with a thumbnail, attached with `photo_ids` when fulfilling, and served only to the
uploader and to staff who can see the wish."""

import hashlib
import uuid
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from wish_world import Callers, FakeClock, open_wish

from weimin_kit import photos
from weimin_kit.photos import StoredPhotoMissing
from weimin_kit.testing.images import (
    GPS_IFD,
    camera_jpeg,
    exif_of,
    metadata_of,
    plain_image,
    size_of,
    truncated,
)
from weimin_kit.testing.s3 import failing_s3_store, unreachable_s3_store
from weimin_wishes.background import delete_unattached_photos_once

MIB = 1024 * 1024


async def upload(
    client: httpx.AsyncClient, headers: dict[str, str], data: bytes, kind: str = "image/jpeg"
) -> httpx.Response:
    return await client.post(
        "/v1/wish-photos", content=data, headers={**headers, "Content-Type": kind}
    )


async def claimed_wish(client: httpx.AsyncClient, callers: Callers, grid: str = "A") -> str:
    wish = await open_wish(client, callers, grid)
    claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=callers.volunteer())
    assert claim.status_code == 201, claim.text
    return str(wish["id"])


async def fulfilled_with_photo(
    client: httpx.AsyncClient, callers: Callers
) -> tuple[str, dict[str, Any]]:
    wish_id = await claimed_wish(client, callers)
    photo = (await upload(client, callers.volunteer(), camera_jpeg(800, 600))).json()
    fulfil = await client.post(
        f"/v1/wishes/{wish_id}/fulfil",
        json={"photo_ids": [photo["id"]], "note": "送到了"},
        headers=callers.volunteer(),
    )
    assert fulfil.status_code == 204, fulfil.text
    return wish_id, photo


async def test_a_proof_photo_is_stored_without_its_gps_position(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    original = camera_jpeg(800, 600, orientation=8)
    assert exif_of(original).get_ifd(GPS_IFD)
    response = await upload(client, callers.volunteer(), original)
    assert response.status_code == 201, response.text
    photo = response.json()
    assert response.headers["location"] == photo["url"] == f"/v1/wish-photos/{photo['id']}"
    assert (photo["width"], photo["height"]) == (600, 800)  # upright
    full = await client.get(photo["url"], headers=callers.volunteer())
    thumb = await client.get(photo["thumbnail_url"], headers=callers.volunteer())
    for served in (full, thumb):
        assert served.status_code == 200
        assert not exif_of(served.content).get_ifd(GPS_IFD)
        assert metadata_of(served.content) == {}
        assert "private" in served.headers["cache-control"]
    assert hashlib.sha256(full.content).hexdigest() == photo["sha256"]
    assert size_of(thumb.content) == (240, 320)


async def test_fulfilment_shows_the_photo_to_staff_of_the_wish_only(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish_id, photo = await fulfilled_with_photo(client, callers)
    wish = await client.get(f"/v1/wishes/{wish_id}", headers=callers.grid_worker("A"))
    (shown,) = wish.json()["proof_photos"]
    assert (shown["id"], shown["url"], shown["sha256"]) == (
        photo["id"],
        photo["url"],
        photo["sha256"],
    )
    for allowed in (callers.grid_worker("A"), callers.secretary("C1"), callers.volunteer()):
        for url in (photo["url"], photo["thumbnail_url"]):
            assert (await client.get(url, headers=allowed)).status_code == 200
    for refused in (
        callers.grid_worker("C"),
        callers.secretary("C2"),
        callers.volunteer(2),
        callers.beneficiary("C"),
    ):
        for url in (photo["url"], photo["thumbnail_url"]):
            response = await client.get(url, headers=refused)
            assert (response.status_code, response.json()["code"]) == (404, "not-found")
    missing = await client.get(f"/v1/wish-photos/{uuid.uuid4()}", headers=callers.admin())
    assert missing.status_code == 404


async def test_an_unattached_photo_is_only_its_uploaders(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    photo = (await upload(client, callers.volunteer(), plain_image("PNG"), "image/png")).json()
    assert (await client.get(photo["url"], headers=callers.admin())).status_code == 404
    assert (await client.get(photo["url"], headers=callers.volunteer())).status_code == 200


async def test_a_fulfilment_cannot_attach_someone_elses_or_a_used_photo(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    wish_id = await claimed_wish(client, callers)
    theirs = (await upload(client, callers.volunteer(2), camera_jpeg())).json()
    mine = (await upload(client, callers.volunteer(), camera_jpeg())).json()
    for photo_ids in ([mine["id"], theirs["id"]], [mine["id"], str(uuid.uuid4())]):
        response = await client.post(
            f"/v1/wishes/{wish_id}/fulfil",
            json={"photo_ids": photo_ids},
            headers=callers.volunteer(),
        )
        assert response.status_code == 422
        error = response.json()["errors"][0]
        assert (error["field"], error["code"]) == ("body.photo_ids.1", "unknown-photo")
    none = await client.post(f"/v1/wishes/{wish_id}/fulfil", json={}, headers=callers.volunteer())
    assert none.status_code == 422
    assert none.json()["errors"][0]["code"] == "proof-photo-required"
    # Used once, a photo cannot prove a second wish.
    _, used = await fulfilled_with_photo(client, callers)
    other = await claimed_wish(client, callers)
    again = await client.post(
        f"/v1/wishes/{other}/fulfil", json={"photo_ids": [used["id"]]}, headers=callers.volunteer()
    )
    assert (again.status_code, again.json()["errors"][0]["code"]) == (422, "unknown-photo")


async def test_bad_uploads_are_refused_naming_the_reason(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    cases = [
        ("这不是照片".encode(), "image/jpeg", 422, "not-an-image"),
        (truncated(camera_jpeg()), "image/jpeg", 422, "damaged-image"),
        (plain_image("PNG"), "image/jpeg", 422, "content-type-mismatch"),
        (b"", "image/png", 422, "empty"),
        (plain_image("PNG") + b"\x00" * (5 * MIB), "image/png", 413, "upload-too-large"),
        (b"GIF89a", "image/gif", 415, "unsupported-media-type"),
    ]
    for data, kind, status, code in cases:
        response = await upload(client, callers.volunteer(), data, kind)
        assert response.status_code == status, (code, response.text)
        assert response.headers["content-type"] == "application/problem+json"
        assert response.json()["errors"][0]["code"] == code
        assert response.json()["errors"][0]["field"] in ("body", "header.content-type")


async def test_an_unreachable_photo_store_answers_503_to_upload_and_serving(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    stored = (await upload(client, callers.volunteer(), plain_image("JPEG", 4, 4, 1))).json()
    for broken in (unreachable_s3_store(), failing_s3_store()):
        app.state.photo_store = broken
        refused = await upload(client, callers.volunteer(), plain_image("JPEG", 5, 5, 2))
        served = await client.get(stored["url"], headers=callers.volunteer())
        thumb = await client.get(stored["thumbnail_url"], headers=callers.volunteer())
        for answer in (refused, served, thumb):
            assert answer.status_code == 503, answer.text
            assert answer.json()["code"] == "photo-storage-unavailable"
            assert answer.headers["retry-after"] == "30"


async def test_unattached_proof_photos_are_deleted_after_the_set_hours_bytes_when_unused(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, clock: FakeClock
) -> None:
    _, attached = await fulfilled_with_photo(client, callers)
    image = plain_image("JPEG", 6, 6, 7)
    forgotten = (await upload(client, callers.volunteer(), image)).json()
    clock.advance(hours=1)
    # The same bytes again an hour later: its own row, sharing the stored bytes.
    again = (await upload(client, callers.volunteer(), image)).json()
    store = app.state.photo_store
    keys = [f"photos/{forgotten['sha256']}.jpg", f"thumbs/{forgotten['sha256']}.jpg"]
    hours = app.state.settings.photo_unattached_hours

    clock.advance(hours=hours - 1, microseconds=-1)
    assert await delete_unattached_photos_once(app) == 0
    clock.advance(microseconds=1)
    assert await delete_unattached_photos_once(app) == 1
    assert (await client.get(forgotten["url"], headers=callers.volunteer())).status_code == 404
    assert [await photos.get(store, key) for key in keys]  # still used by the later upload
    clock.advance(hours=1)
    assert await delete_unattached_photos_once(app) == 1
    assert (await client.get(again["url"], headers=callers.volunteer())).status_code == 404
    for key in keys:
        with pytest.raises(StoredPhotoMissing):
            await photos.get(store, key)
    # The photo attached to the fulfilment stays, bytes and all.
    kept = await client.get(attached["url"], headers=callers.volunteer())
    assert kept.status_code == 200
