"""The migration that moves incident photo bytes out of the database: each row's bytes go
to the photo store stripped of metadata (with a thumbnail), the row keeps the keys, and
the way back restores the bytes from the store."""

import hashlib
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from weimin_grid.app import MIGRATIONS_DIR
from weimin_grid.tables import Base
from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import migrate
from weimin_kit.testing import empty_database
from weimin_kit.testing.images import GPS_IFD, camera_jpeg, exif_of, size_of

BEFORE, AFTER = "g12pipl0001", "g16media0001"


@pytest.fixture
async def database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[Database]:
    # The migration writes to the store the service's settings name, as in production.
    monkeypatch.setenv("WEIMIN_GRID_PHOTO_STORAGE", "local")
    monkeypatch.setenv("WEIMIN_GRID_PHOTO_DIR", str(tmp_path / "photos"))
    async with empty_database("grid-photo-migration", tmp_path) as database:
        await migrate(database.engine, MIGRATIONS_DIR, "upgrade", BEFORE)
        yield database


async def _plant(database: Database, content: bytes, subject: str) -> str:
    photo_id = new_id()
    async with database.engine.begin() as connection:
        await connection.execute(
            sa.text(
                "INSERT INTO incident_photos (id, sha256, content_type, size_bytes, width, "
                "height, content, created_at) VALUES (:id, :sha, 'image/jpeg', :size, NULL, "
                "NULL, :content, :at)"
            ).bindparams(
                sa.bindparam("id", type_=sa.Uuid()), sa.bindparam("at", type_=sa.DateTime())
            ),
            {
                "id": photo_id,
                "sha": hashlib.sha256(content).hexdigest(),
                "size": len(content),
                "content": content,
                "at": datetime.now(UTC).replace(tzinfo=None),
            },
        )
        await connection.execute(
            sa.text(
                "INSERT INTO incident_photo_uploads (id, photo_id, uploader_subject, created_at) "
                "VALUES (:id, :photo, :subject, :at)"
            ).bindparams(
                sa.bindparam("id", type_=sa.Uuid()),
                sa.bindparam("photo", type_=sa.Uuid()),
                sa.bindparam("at", type_=sa.DateTime()),
            ),
            {
                "id": new_id(),
                "photo": photo_id,
                "subject": subject,
                "at": datetime.now(UTC).replace(tzinfo=None),
            },
        )
    return str(photo_id)


async def test_bytes_move_to_the_store_stripped_and_come_back(
    database: Database, tmp_path: Path
) -> None:
    original = camera_jpeg(400, 300, orientation=6)
    await _plant(database, original, "resident-1")
    await _plant(database, b"\xff\xd8\xff" + b"\x00" * 40, "resident-2")  # never decoded

    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", AFTER)
    async with database.engine.connect() as connection:
        rows = (
            await connection.execute(
                sa.text(
                    "SELECT sha256, size_bytes, width, height, storage_key, thumbnail_key "
                    "FROM incident_photos"
                )
            )
        ).all()
        uploads = (
            (
                await connection.execute(
                    sa.text("SELECT uploader_subject FROM incident_photo_uploads")
                )
            )
            .scalars()
            .all()
        )
        names = await connection.run_sync(
            lambda sync: [c["name"] for c in sa.inspect(sync).get_columns("incident_photos")]
        )
    assert "content" not in names
    assert uploads == ["resident-1"]  # the undecodable row is gone with its upload record
    ((sha, size, width, height, key, thumb_key),) = rows
    stored = (tmp_path / "photos" / key).read_bytes()
    assert (hashlib.sha256(stored).hexdigest(), len(stored)) == (sha, size)
    assert not exif_of(stored).get_ifd(GPS_IFD)
    assert dict(exif_of(stored)) == {}
    assert (width, height) == (300, 400) == size_of(stored)
    assert size_of((tmp_path / "photos" / thumb_key).read_bytes()) == (240, 320)

    await migrate(database.engine, MIGRATIONS_DIR, "downgrade", BEFORE)
    async with database.engine.connect() as connection:
        content = (
            await connection.execute(sa.text("SELECT content FROM incident_photos"))
        ).scalar_one()
    assert bytes(content) == stored  # the stripped copy: the position is gone for good


async def test_an_empty_table_needs_no_store(database: Database, tmp_path: Path) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", AFTER)
    await migrate(database.engine, MIGRATIONS_DIR, "downgrade", BEFORE)
    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", AFTER)
    assert not (tmp_path / "photos").exists()


def _filled(table: sa.Table, **given: Any) -> dict[str, Any]:
    """`given`, and a plain value for every other required column of `table`."""
    plain: dict[type, Any] = {
        str: "x",
        int: 1,
        float: 100.0,
        bool: False,
        uuid.UUID: None,  # a fresh id per column
        datetime: datetime.now(UTC),
    }
    row = dict(given)
    for column in table.columns:
        if column.name in row or column.nullable or column.server_default is not None:
            continue
        if isinstance(column.type, sa.JSON):
            row[column.name] = {}
            continue
        kind = getattr(column.type, "impl", column.type).python_type  # UTCDateTime wraps one
        row[column.name] = new_id() if kind is uuid.UUID else plain[kind]
    return row


async def test_incidents_show_the_stored_copy_after_the_move(
    database: Database, tmp_path: Path
) -> None:
    tables = Base.metadata.tables
    photo_id = await _plant(database, camera_jpeg(400, 300), "resident-1")
    grid_id, incident_id = new_id(), new_id()
    old_entry = {"id": photo_id, "url": f"/v1/incident-photos/{photo_id}", "sha256": "0" * 64}
    elsewhere = {"url": "/media/p1.jpg", "sha256": "a" * 64}
    async with database.engine.begin() as connection:
        await connection.execute(
            tables["grid_units"].insert(),
            _filled(tables["grid_units"], id=grid_id, code="G1", boundary={}),
        )
        # The model's columns that later migrations add are not in the table yet.
        existing = {
            column["name"]
            for column in await connection.run_sync(
                lambda sync: sa.inspect(sync).get_columns("incidents")
            )
        }
        incident = _filled(
            tables["incidents"],
            id=incident_id,
            grid_unit_id=grid_id,
            photos=[elsewhere, old_entry],
            extra={},
        )
        await connection.execute(
            tables["incidents"].insert(),
            {name: value for name, value in incident.items() if name in existing},
        )
        await connection.execute(
            tables["incident_photo_links"].insert(),
            {"incident_id": incident_id, "photo_id": uuid.UUID(photo_id)},
        )

    await migrate(database.engine, MIGRATIONS_DIR, "upgrade", AFTER)
    async with database.engine.connect() as connection:
        photos = (
            await connection.execute(
                sa.select(tables["incidents"].c.photos).where(
                    tables["incidents"].c.id == incident_id
                )
            )
        ).scalar_one()
        sha = (await connection.execute(sa.text("SELECT sha256 FROM incident_photos"))).scalar()
    assert photos[0] == elsewhere  # an object-store photo is left as it was
    assert photos[1]["sha256"] == sha != "0" * 64
    assert (photos[1]["width"], photos[1]["height"]) == (400, 300)
    assert photos[1]["thumbnail_url"] == f"/v1/incident-photos/{photo_id}?size=thumb"
