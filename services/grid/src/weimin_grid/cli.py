"""This service's commands on top of the kit's (serve, migrate, load-demo, openapi, outbox):

retention-sweep   run the retention sweep once (anonymise residents who left long
                  enough ago, purge audit rows past their retention, delete photos
                  attached to nothing after `photo_unattached_hours`); prints the
                  counts as one JSON line. Runs whether or not the scheduled sweep is
                  enabled, so a deployment may schedule it outside the service.
dispatch-webhooks send partners' webhooks until stopped (SIGTERM/SIGINT), as a process
                  of its own beside API processes run with WEIMIN_GRID_WEBHOOKS_ENABLED=false
                  (webhooks/runner.py says why).
"""

import asyncio
import json
import sys

from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings
from weimin_grid.demo import load_demo
from weimin_grid.privacy.retention import sweep_once
from weimin_grid.webhooks.runner import dispatch_until_stopped
from weimin_kit.cli import run_cli
from weimin_kit.db import Database
from weimin_kit.logging import configure_logging
from weimin_kit.photos import photo_store_for
from weimin_kit.types import utcnow


async def retention_sweep(settings: Settings) -> dict[str, int]:
    database = Database.from_url(
        settings.database_url, busy_timeout_ms=settings.sqlite_busy_timeout_ms
    )
    try:
        return await sweep_once(database, settings, utcnow(), photo_store_for(settings))
    finally:
        await database.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    settings = Settings()
    if args[:1] == ["retention-sweep"]:
        print(json.dumps(asyncio.run(retention_sweep(settings))))
        return 0
    if args[:1] == ["dispatch-webhooks"]:
        configure_logging(settings.service_name, settings.log_level)
        asyncio.run(dispatch_until_stopped(settings))
        return 0
    return run_cli(lambda: settings, create_app, MIGRATIONS_DIR, demo_loader=load_demo, argv=args)
