"""The organisation-network revision upgrades and downgrades with data in place, on
whichever database the suite runs (SQLite by default, PostgreSQL when asked)."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import text

from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import (
    Direction,
    current_revision,
    head_revision,
    migrate,
    upgrade_to_head,
)
from weimin_kit.testing import empty_database
from weimin_kit.types import UTCDateTime
from weimin_org_registry.app import MIGRATIONS_DIR

BEFORE_NETWORK = "c82b0711bea1"
NETWORK = "ab30c335fc58"


@pytest.fixture
async def database(tmp_path: Path) -> AsyncIterator[Database]:
    async with empty_database("org-registry-migrations", tmp_path) as database:
        yield database


async def _to(database: Database, revision: str, direction: Direction) -> None:
    await migrate(database.engine, MIGRATIONS_DIR, direction, revision)


async def test_the_network_revision_round_trips_keeping_the_tree_and_its_links(
    database: Database,
) -> None:
    await _to(database, BEFORE_NETWORK, "upgrade")
    street, community, unit = new_id(), new_id(), new_id()
    rows = [
        (street, "street_committee", None, f"/{street}/", street, None),
        (community, "community_branch", street, f"/{street}/{community}/", street, community),
        (unit, "stationed_unit", None, f"/{unit}/", None, None),
    ]
    now = datetime(2024, 1, 1, tzinfo=UTC)
    # The tables as they were before the revision, typed so both drivers bind the values.
    organisations = sa.table(
        "organisations",
        *(sa.column(c, sa.Uuid) for c in ("id", "parent_id", "street_id", "community_id")),
        *(sa.column(c, sa.String) for c in ("kind", "name", "code", "path", "status")),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )
    links = sa.table(
        "co_building_links",
        *(sa.column(c, sa.Uuid) for c in ("organisation_id", "community_id", "street_id")),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )
    async with database.engine.begin() as connection:
        await connection.execute(
            sa.insert(organisations),
            [
                {
                    "id": id_,
                    "kind": kind,
                    "name": kind,
                    "code": str(id_),
                    "parent_id": parent,
                    "path": path,
                    "street_id": street_id,
                    "community_id": community_id,
                    "status": "active",
                    "created_at": now,
                    "updated_at": now,
                }
                for id_, kind, parent, path, street_id, community_id in rows
            ],
        )
        await connection.execute(
            sa.insert(links),
            {
                "organisation_id": unit,
                "community_id": community,
                "street_id": street,
                "created_at": now,
                "updated_at": now,
            },
        )

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    assert await current_revision(database.engine) == head_revision(MIGRATIONS_DIR)
    async with database.engine.connect() as connection:
        depths = await connection.execute(text("select kind, depth from organisations"))
        assert {kind: depth for kind, depth in depths} == {
            "street_committee": 1,
            "community_branch": 2,
            "stationed_unit": 1,
        }

    await _to(database, BEFORE_NETWORK, "downgrade")
    assert await current_revision(database.engine) == BEFORE_NETWORK
    async with database.engine.connect() as connection:
        assert (await connection.scalar(text("select count(*) from co_building_links"))) == 1
        assert (await connection.scalar(text("select count(*) from organisations"))) == 3

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    async with database.engine.connect() as connection:
        assert (await connection.scalar(text("select max(depth) from organisations"))) == 2


async def test_the_name_gram_revision_indexes_the_people_already_registered(
    database: Database,
) -> None:
    await _to(database, NETWORK, "upgrade")
    street, community, person = new_id(), new_id(), new_id()
    now = datetime(2024, 1, 1, tzinfo=UTC)
    organisations = sa.table(
        "organisations",
        *(sa.column(c, sa.Uuid) for c in ("id", "parent_id", "street_id", "community_id")),
        *(sa.column(c, sa.String) for c in ("kind", "name", "code", "path", "status")),
        sa.column("depth", sa.Integer),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )
    people = sa.table(
        "people",
        *(sa.column(c, sa.Uuid) for c in ("id", "street_id", "community_id")),
        *(
            sa.column(c, sa.String)
            for c in ("name", "gender", "ethnicity", "id_card_cipher", "id_card_index")
        ),
        *(sa.column(c, UTCDateTime()) for c in ("created_at", "updated_at")),
    )
    async with database.engine.begin() as connection:
        await connection.execute(
            sa.insert(organisations),
            [
                {
                    "id": street,
                    "kind": "street_committee",
                    "name": "街道",
                    "code": "S",
                    "parent_id": None,
                    "path": f"/{street}/",
                    "street_id": street,
                    "community_id": None,
                    "status": "active",
                    "depth": 1,
                    "created_at": now,
                    "updated_at": now,
                }
            ],
        )
        await connection.execute(
            sa.insert(people),
            {
                "id": person,
                "name": "罗祥文",
                "gender": "male",
                "ethnicity": "白族",
                "id_card_cipher": "x",
                "id_card_index": "i",
                "street_id": street,
                "community_id": community,
                "created_at": now,
                "updated_at": now,
            },
        )

    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    async with database.engine.connect() as connection:
        grams = await connection.scalars(text("select gram from person_name_grams order by gram"))
        assert sorted(grams) == sorted(["罗", "祥", "文", "罗祥", "祥文"])

    await _to(database, NETWORK, "downgrade")
    async with database.engine.connect() as connection:
        assert (await connection.scalar(text("select count(*) from people"))) == 1
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
