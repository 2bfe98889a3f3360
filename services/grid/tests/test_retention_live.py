"""The retention sweep on a committed database: two sweeps at once (two processes, each
its own engine) anonymise each resident once; the `retention-sweep` command runs it."""

import asyncio
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from grid_live import live_app
from grid_world import build_world
from sqlalchemy import func, select, update

from weimin_grid.cli import main
from weimin_grid.config import Settings
from weimin_grid.privacy.models import PersonalDataAudit
from weimin_grid.privacy.retention import sweep_once
from weimin_grid.registry.models import Resident
from weimin_kit.db import Database
from weimin_kit.testing import TestKeys

LEFT_AT = datetime(2020, 6, 1, tzinfo=UTC)


async def test_two_sweeps_at_once_anonymise_each_resident_once(
    tmp_path: Path, test_keys: TestKeys
) -> None:
    async with live_app(tmp_path, test_keys) as app:
        world = await build_world(app)
        async with app.state.database.sessionmaker() as session:
            await session.execute(update(Resident).values(moved_out_at=LEFT_AT))
            await session.commit()
        settings: Settings = app.state.settings.model_copy(update={"retention_batch_size": 1})
        engines = [Database.from_url(settings.database_url) for _ in range(2)]
        try:
            results = await asyncio.gather(
                *(sweep_once(db, settings, datetime.now(UTC)) for db in engines)
            )
        finally:
            for db in engines:
                await db.dispose()
        assert sum(r["anonymised"] for r in results) == len(world.residents)
        async with app.state.database.sessionmaker() as session:
            entries = await session.scalar(
                select(func.count()).where(PersonalDataAudit.action == "resident.anonymised")
            )
            left = await session.scalar(
                select(func.count()).where(Resident.anonymised_at.is_(None))
            )
        assert (entries, left) == (len(world.residents), 0)


async def test_the_retention_sweep_command_runs_the_sweep_once(
    tmp_path: Path,
    test_keys: TestKeys,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    async with live_app(tmp_path, test_keys) as app:
        await build_world(app)
        async with app.state.database.sessionmaker() as session:
            await session.execute(
                update(Resident).where(Resident.name == "杨A松").values(moved_out_at=LEFT_AT)
            )
            await session.commit()
        monkeypatch.setenv("WEIMIN_GRID_DATABASE_URL", app.state.settings.database_url)
        monkeypatch.setenv("WEIMIN_GRID_RETENTION_ANONYMISE_AFTER_DAYS", "365")
        monkeypatch.setenv("WEIMIN_GRID_PHOTO_DIR", str(tmp_path / "photos"))
        capsys.readouterr()
        assert await asyncio.to_thread(main, ["retention-sweep"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "anonymised": 1,
            "audit_rows_purged": 0,
            "unattached_photos_deleted": 0,
        }
        assert await asyncio.to_thread(main, ["retention-sweep"]) == 0
        assert json.loads(capsys.readouterr().out) == {
            "anonymised": 0,
            "audit_rows_purged": 0,
            "unattached_photos_deleted": 0,
        }
