"""The migration that adds proof photos: existing wishes keep their proof URL and show no
uploaded photos; the way back removes both the table and the column."""

from datetime import UTC, datetime
from pathlib import Path

import sqlalchemy as sa

from weimin_kit.ids import new_id
from weimin_kit.migrations import migrate
from weimin_kit.testing import empty_database
from weimin_wishes.app import MIGRATIONS_DIR
from weimin_wishes.tables import Base
from weimin_wishes.wishes.schemas import CLAIM_RULES

BEFORE, AFTER = "w07minutes0001", "w16media0001"


async def test_wishes_gain_an_empty_proof_photo_list_and_lose_it_again(tmp_path: Path) -> None:
    async with empty_database("wishes-proof-photos", tmp_path) as database:
        await migrate(database.engine, MIGRATIONS_DIR, "upgrade", BEFORE)
        wishes = Base.metadata.tables["wishes"]
        wish_id = new_id()
        async with database.engine.connect() as connection:
            columns = await connection.run_sync(
                lambda sync: {c["name"]: c for c in sa.inspect(sync).get_columns("wishes")}
            )
        row = {"id": wish_id, "proof_photo_url": "/media/p.jpg", "claim_rule": CLAIM_RULES[0]}
        for column in wishes.columns:
            if column.name in row or column.name not in columns:
                continue
            if columns[column.name]["nullable"] or columns[column.name]["default"] is not None:
                continue
            kind = getattr(column.type, "impl", column.type).python_type
            row[column.name] = {
                str: "open" if column.name == "state" else "x",
                int: 1,
                bool: False,
                datetime: datetime.now(UTC),
            }.get(kind, new_id())
        table = sa.Table(
            "wishes", sa.MetaData(), *(c._copy() for c in wishes.columns if c.name in columns)
        )
        async with database.engine.begin() as connection:
            await connection.execute(table.insert(), row)

        await migrate(database.engine, MIGRATIONS_DIR, "upgrade", AFTER)
        async with database.engine.connect() as connection:
            url, photos = (
                await connection.execute(sa.select(wishes.c.proof_photo_url, wishes.c.proof_photos))
            ).one()
        assert (url, photos) == ("/media/p.jpg", [])

        await migrate(database.engine, MIGRATIONS_DIR, "downgrade", BEFORE)
        async with database.engine.connect() as connection:
            names = await connection.run_sync(lambda sync: sa.inspect(sync).get_table_names())
            columns_after = await connection.run_sync(
                lambda sync: [c["name"] for c in sa.inspect(sync).get_columns("wishes")]
            )
        assert "wish_photos" not in names
        assert "proof_photos" not in columns_after
