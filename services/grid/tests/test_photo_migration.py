"""The migration that moves incident photo bytes out of the database: each row's bytes go
to the photo store stripped of metadata (with a thumbnail), the row keeps the keys, and
the way back restores the bytes from the store."""

import hashlib
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa

from weimin_grid.app import MIGRATIONS_DIR
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
