"""The audit retention sweep: reveal-log rows older than `audit_retention_years` are
deleted in batches (`weimin_kit.retention`: safe in several processes at once). Logs
counts only."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime

from fastapi import FastAPI
from sqlalchemy import Table

from weimin_kit.db import Database
from weimin_kit.retention import every, purge_before, years_before
from weimin_org_registry.config import Settings
from weimin_org_registry.people.models import PersonReveal

log = logging.getLogger("weimin.org_registry.retention")

PERSON_REVEALS: Table = PersonReveal.__table__  # type: ignore[assignment]


async def sweep_once(database: Database, settings: Settings, now: datetime) -> dict[str, int]:
    cutoff = years_before(now, settings.audit_retention_years)
    purged = await purge_before(
        database, PERSON_REVEALS, "at", cutoff, settings.retention_batch_size
    )
    if purged:
        log.info("retention sweep", extra={"audit_rows_purged": purged})
    return {"audit_rows_purged": purged}


@asynccontextmanager
async def retention_sweeps(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if not settings.retention_enabled:
        yield
        return

    async def sweep() -> None:
        await sweep_once(app.state.database, settings, app.state.clock())

    async with every(settings.retention_sweep_seconds, sweep, name="org-registry-retention"):
        yield
