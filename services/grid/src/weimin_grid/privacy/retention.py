"""The retention sweep: residents who left are anonymised once the configured period has
passed, audit rows (and decided data requests) older than the audit retention are
deleted, and photos uploaded but attached to nothing are deleted after
`photo_unattached_hours` (when given the photo store). Safe in several processes at once
(see `weimin_kit.retention`); logs counts only, never who."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import Table

from weimin_grid.audit.models import RevealAudit
from weimin_grid.config import Settings
from weimin_grid.incidents.photos.sweep import delete_unattached_photos
from weimin_grid.privacy import repository
from weimin_grid.privacy.anonymise import anonymise
from weimin_grid.privacy.models import DataRequest, PersonalDataAudit
from weimin_grid.registry.models import Resident
from weimin_grid.transfer.models import ExportAudit
from weimin_kit.clock import now_of
from weimin_kit.db import Database
from weimin_kit.photos import PhotoStore, app_photo_store
from weimin_kit.retention import purge_before, years_before
from weimin_kit.schedule import every

log = logging.getLogger("weimin.grid.retention")

#: (table, the moment its retention counts from).
AUDITED: list[tuple[Table, str]] = [
    (RevealAudit.__table__, "at"),  # type: ignore[list-item]
    (ExportAudit.__table__, "at"),  # type: ignore[list-item]
    (PersonalDataAudit.__table__, "at"),  # type: ignore[list-item]
    (DataRequest.__table__, "decided_at"),  # type: ignore[list-item]
]


async def anonymise_due(database: Database, settings: Settings, now: datetime) -> int:
    """Anonymise, a batch per transaction, every resident who left at least
    `retention_anonymise_after_days` ago; the number anonymised."""
    cutoff = now - timedelta(days=settings.retention_anonymise_after_days)
    batch = settings.retention_batch_size
    done = 0
    while True:
        async with database.sessionmaker() as session, session.begin():
            ids = await repository.due_for_anonymisation(session, cutoff, batch)
            for resident_id in ids:
                resident = await session.get(Resident, resident_id)
                if resident is not None and await anonymise(session, resident, now, None):
                    done += 1
        if len(ids) < batch:
            return done


async def purge_audits(database: Database, settings: Settings, now: datetime) -> int:
    cutoff = years_before(now, settings.audit_retention_years)
    purged = 0
    for table, column in AUDITED:
        purged += await purge_before(database, table, column, cutoff, settings.retention_batch_size)
    return purged


async def sweep_once(
    database: Database, settings: Settings, now: datetime, store: PhotoStore | None = None
) -> dict[str, int]:
    result = {
        "anonymised": await anonymise_due(database, settings, now),
        "audit_rows_purged": await purge_audits(database, settings, now),
    }
    if store is not None:
        result["unattached_photos_deleted"] = await delete_unattached_photos(
            database, store, now, settings.photo_unattached_hours, settings.retention_batch_size
        )
    if any(result.values()):
        log.info("retention sweep", extra=result)
    return result


@asynccontextmanager
async def retention_sweeps(app: FastAPI) -> AsyncIterator[None]:
    """The sweep every `retention_sweep_seconds` while the app runs, unless disabled."""
    settings: Settings = app.state.settings
    if not settings.retention_enabled:
        yield
        return

    async def sweep() -> None:
        await sweep_once(app.state.database, settings, now_of(app), app_photo_store(app))

    async with every(settings.retention_sweep_seconds, sweep, name="grid-retention"):
        yield
