"""photo bytes out of the database: incident photos move to the photo store, stripped of
metadata, with thumbnails; patrol check-ins carry photos

Upgrade: `incident_photos` gains `storage_key` and `thumbnail_key`. Every existing row's
bytes are decoded, turned upright, re-encoded without metadata (no EXIF, so no GPS
position) and written with a thumbnail to the photo store the service's settings name
(`WEIMIN_GRID_PHOTO_STORAGE`, `..._PHOTO_DIR` or the S3 bucket: run the upgrade with the
same settings as the service). The row's sha256, size and dimensions become those of the
stored copy, and so do the incidents' photo entries that show it. A row whose bytes do not
decode (no browser could show them either) is deleted with its upload records and links,
and dropped from its incidents' photo lists; each is logged. Two rows whose stripped
copies are identical become one (uploads and links moved to the first). Then `content` is
dropped. `patrol_check_ins` gains `photos` (JSON), and `patrol_check_in_photo_links`
records which check-in shows which photo.

Downgrade: `content` comes back filled from the store (the stripped copy: the original
metadata is gone for good); the objects stay in the store; check-ins lose their photos.

Revision ID: g16media0001
Revises: g12pipl0001
Create Date: 2026-12-07 04:00:00
"""

import json
import logging
import uuid
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op

revision: str = "g16media0001"
down_revision: str | None = "g12pipl0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

log = logging.getLogger("alembic.runtime.migration")


def _store() -> Any:
    # Imported here: only a database holding photos needs the store (and its settings).
    from weimin_grid.config import Settings
    from weimin_kit.photos import photo_store_for

    return photo_store_for(Settings())


def _text(photo_id: Any) -> str:
    """The id as the incidents' JSON spells it (SQLite hands back bare hex)."""
    return str(uuid.UUID(str(photo_id)))


def _photos_of(connection: sa.Connection, incident_id: Any) -> list[dict[str, Any]]:
    raw = connection.execute(
        sa.text("SELECT photos FROM incidents WHERE id = :id"), {"id": incident_id}
    ).scalar_one()
    return list(json.loads(raw) if isinstance(raw, str) else raw or [])


def _rewrite_incidents(
    connection: sa.Connection, photo_id: Any, entry: dict[str, Any] | None
) -> None:
    """Replace (or, with None, drop) the photo's entry in each incident that shows it."""
    incident_ids = connection.execute(
        sa.text("SELECT incident_id FROM incident_photo_links WHERE photo_id = :p"),
        {"p": photo_id},
    ).scalars()
    for incident_id in list(incident_ids):
        photos = []
        for photo in _photos_of(connection, incident_id):
            if photo.get("id") != _text(photo_id):
                photos.append(photo)
            elif entry is not None:
                photos.append({**photo, **entry})
        connection.execute(
            sa.text("UPDATE incidents SET photos = :photos WHERE id = :id").bindparams(
                sa.bindparam("photos", type_=sa.JSON())
            ),
            {"photos": photos, "id": incident_id},
        )


def _forget(connection: sa.Connection, photo_id: Any) -> None:
    for table in ("incident_photo_uploads", "incident_photo_links"):
        connection.execute(sa.text(f"DELETE FROM {table} WHERE photo_id = :p"), {"p": photo_id})  # noqa: S608
    connection.execute(sa.text("DELETE FROM incident_photos WHERE id = :p"), {"p": photo_id})


def _merge_into(connection: sa.Connection, duplicate: Any, kept: Any) -> None:
    connection.execute(
        sa.text(
            "DELETE FROM incident_photo_uploads WHERE photo_id = :d AND uploader_subject IN "
            "(SELECT uploader_subject FROM incident_photo_uploads WHERE photo_id = :k)"
        ),
        {"d": duplicate, "k": kept},
    )
    connection.execute(
        sa.text(
            "DELETE FROM incident_photo_links WHERE photo_id = :d AND incident_id IN "
            "(SELECT incident_id FROM incident_photo_links WHERE photo_id = :k)"
        ),
        {"d": duplicate, "k": kept},
    )
    for table in ("incident_photo_uploads", "incident_photo_links"):
        connection.execute(
            sa.text(f"UPDATE {table} SET photo_id = :k WHERE photo_id = :d"),  # noqa: S608
            {"d": duplicate, "k": kept},
        )
    connection.execute(sa.text("DELETE FROM incident_photos WHERE id = :d"), {"d": duplicate})


def _move_bytes_out(connection: sa.Connection) -> None:
    from weimin_kit.errors import InvalidInput
    from weimin_kit.photos import prepare_photo

    rows = connection.execute(
        sa.text("SELECT id, content_type, content FROM incident_photos ORDER BY created_at")
    ).all()
    if not rows:
        return
    store = _store()
    kept: dict[str, Any] = {}
    for photo_id, content_type, content in rows:
        try:
            prepared = prepare_photo(bytes(content), content_type)
        except InvalidInput:
            log.warning("incident photo %s does not decode: deleted with its links", photo_id)
            _rewrite_incidents(connection, photo_id, None)
            _forget(connection, photo_id)
            continue
        store.write(prepared.storage_key, prepared.data)
        store.write(prepared.thumbnail_key, prepared.thumbnail)
        entry = {
            "sha256": prepared.sha256,
            "size_bytes": len(prepared.data),
            "width": prepared.width,
            "height": prepared.height,
            "thumbnail_url": f"/v1/incident-photos/{_text(photo_id)}?size=thumb",
        }
        if prepared.sha256 in kept:
            _rewrite_incidents(
                connection,
                photo_id,
                {
                    **entry,
                    "id": _text(kept[prepared.sha256]),
                    "url": f"/v1/incident-photos/{_text(kept[prepared.sha256])}",
                    "thumbnail_url": f"/v1/incident-photos/{_text(kept[prepared.sha256])}?size=thumb",
                },
            )
            _merge_into(connection, photo_id, kept[prepared.sha256])
            continue
        kept[prepared.sha256] = photo_id
        _rewrite_incidents(connection, photo_id, entry)
        connection.execute(
            sa.text(
                "UPDATE incident_photos SET sha256 = :sha, size_bytes = :size, width = :w, "
                "height = :h, storage_key = :key, thumbnail_key = :thumb WHERE id = :id"
            ),
            {
                "sha": prepared.sha256,
                "size": len(prepared.data),
                "w": prepared.width,
                "h": prepared.height,
                "key": prepared.storage_key,
                "thumb": prepared.thumbnail_key,
                "id": photo_id,
            },
        )


def upgrade() -> None:
    # Plain ALTERs, no table rebuild: on SQLite, rebuilding a table that other rows refer
    # to fails with foreign keys on. The keys get an empty default only to be added NOT
    # NULL to a filled table; every row then has its keys set (or is deleted).
    for column in ("storage_key", "thumbnail_key"):
        op.add_column(
            "incident_photos",
            sa.Column(column, sa.String(length=100), nullable=False, server_default=""),
        )
    _move_bytes_out(op.get_bind())
    op.drop_column("incident_photos", "content")
    op.add_column(
        "patrol_check_ins", sa.Column("photos", sa.JSON(), nullable=False, server_default="[]")
    )
    op.create_table(
        "patrol_check_in_photo_links",
        sa.Column("check_in_id", sa.Uuid(), nullable=False),
        sa.Column("photo_id", sa.Uuid(), nullable=False),
        sa.ForeignKeyConstraint(
            ["check_in_id"],
            ["patrol_check_ins.id"],
            name=op.f("fk_patrol_check_in_photo_links_check_in_id_patrol_check_ins"),
        ),
        sa.ForeignKeyConstraint(
            ["photo_id"],
            ["incident_photos.id"],
            name=op.f("fk_patrol_check_in_photo_links_photo_id_incident_photos"),
        ),
        sa.PrimaryKeyConstraint(
            "check_in_id", "photo_id", name=op.f("pk_patrol_check_in_photo_links")
        ),
    )
    with op.batch_alter_table("patrol_check_in_photo_links", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_patrol_check_in_photo_links_photo_id"), ["photo_id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("patrol_check_in_photo_links", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_patrol_check_in_photo_links_photo_id"))
    op.drop_table("patrol_check_in_photo_links")
    op.drop_column("patrol_check_ins", "photos")
    op.add_column(
        "incident_photos",
        sa.Column("content", sa.LargeBinary(), nullable=False, server_default=sa.text("''")),
    )
    connection = op.get_bind()
    rows = connection.execute(sa.text("SELECT id, storage_key FROM incident_photos")).all()
    store = _store() if rows else None
    for photo_id, key in rows:
        connection.execute(
            sa.text("UPDATE incident_photos SET content = :c WHERE id = :id"),
            {"c": store.read(key), "id": photo_id},
        )
    op.drop_column("incident_photos", "thumbnail_key")
    op.drop_column("incident_photos", "storage_key")
