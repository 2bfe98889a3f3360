"""Photos uploaded but never attached are deleted, row and bytes, by the retention sweep
once `photo_unattached_hours` have passed since their latest upload."""

import uuid
from datetime import UTC, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import POINT_IN, report
from sqlalchemy import select

from weimin_grid.config import Settings
from weimin_grid.incidents.photos.models import IncidentPhoto
from weimin_grid.privacy.retention import sweep_once
from weimin_kit import photos
from weimin_kit.photos import PhotoStorageUnavailable, StoredPhotoMissing
from weimin_kit.testing.images import plain_image
from weimin_kit.testing.s3 import failing_s3_store

UPLOADED = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


async def upload(
    app: FastAPI, client: httpx.AsyncClient, headers: dict[str, str], seed: int, at: datetime
) -> str:
    app.state.clock = lambda: at
    response = await client.post(
        "/v1/incident-photos",
        content=plain_image("PNG", 4, 4, seed),
        headers={**headers, "Content-Type": "image/png"},
    )
    assert response.status_code in (200, 201), response.text
    return str(response.json()["id"])


async def kept(app: FastAPI) -> set[str]:
    async with app.state.database.sessionmaker() as session:
        return {str(i) for i in await session.scalars(select(IncidentPhoto.id))}


async def keys_of(app: FastAPI, photo_id: str) -> tuple[str, str]:
    async with app.state.database.sessionmaker() as session:
        photo = await session.scalar(
            select(IncidentPhoto).where(IncidentPhoto.id == uuid.UUID(photo_id))
        )
        assert photo is not None
        return photo.storage_key, photo.thumbnail_key


async def test_unattached_uploads_are_deleted_with_their_bytes_after_the_set_hours(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    on_report = await upload(app, client, worker, 1, UPLOADED)
    on_check_in = await upload(app, client, worker, 2, UPLOADED)
    forgotten = await upload(app, client, worker, 3, UPLOADED)
    sent_again = await upload(app, client, worker, 4, UPLOADED)
    await report(client, worker, photo_ids=[on_report])
    patrol = await client.post(
        "/v1/patrols", json={"grid_unit_id": str(world.grids["A"])}, headers=worker
    )
    lon, lat = POINT_IN["A"]
    checked = await client.post(
        f"/v1/patrols/{patrol.json()['id']}/check-ins",
        json={"location": {"lon": lon, "lat": lat}, "photo_ids": [on_check_in]},
        headers=worker,
    )
    assert checked.status_code == 201, checked.text
    # The same bytes uploaded again an hour later: the newest upload counts.
    assert await upload(app, client, worker, 4, UPLOADED + timedelta(hours=1)) == sent_again
    forgotten_keys = await keys_of(app, forgotten)
    settings: Settings = app.state.settings.model_copy(update={"photo_unattached_hours": 24})
    store = app.state.photo_store
    database = app.state.database
    day = UPLOADED + timedelta(hours=24)

    early = await sweep_once(database, settings, day - timedelta(microseconds=1), store)
    assert early["unattached_photos_deleted"] == 0
    assert await kept(app) == {on_report, on_check_in, forgotten, sent_again}

    assert (await sweep_once(database, settings, day, store))["unattached_photos_deleted"] == 1
    assert await kept(app) == {on_report, on_check_in, sent_again}
    for key in forgotten_keys:
        with pytest.raises(StoredPhotoMissing):
            await photos.get(store, key)
    for photo_id in (on_report, on_check_in):
        assert await photos.get(store, (await keys_of(app, photo_id))[0])

    later = day + timedelta(hours=1)
    assert (await sweep_once(database, settings, later, store))["unattached_photos_deleted"] == 1
    assert await kept(app) == {on_report, on_check_in}
    # Without the store (the sweep as the audit tests call it) photos are left alone.
    assert "unattached_photos_deleted" not in await sweep_once(database, settings, later)


async def test_a_sweep_that_cannot_reach_the_store_keeps_the_rows_for_the_next(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    forgotten = await upload(app, client, callers.grid_worker("A"), 5, UPLOADED)
    settings: Settings = app.state.settings
    day = UPLOADED + timedelta(hours=settings.photo_unattached_hours)
    with pytest.raises(PhotoStorageUnavailable):
        await sweep_once(app.state.database, settings, day, failing_s3_store())
    assert await kept(app) == {forgotten}
    swept = await sweep_once(app.state.database, settings, day, app.state.photo_store)
    assert (swept["unattached_photos_deleted"], await kept(app)) == (1, set())
