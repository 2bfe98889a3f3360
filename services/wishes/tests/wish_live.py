"""A real wishes server for the tests that must not run in-process: its own process on a
migrated database, verifying tokens against a JWKS served from this process."""

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from weimin_kit.testing import TestKeys
from weimin_kit.testing.live import migrated_database, running_service
from weimin_wishes.app import MIGRATIONS_DIR

# Sweeps off and a fast wall poll, so stream tests see changes at once.
LIVE_SETTINGS = {
    "RELEASE_SWEEP_SECONDS": "0",
    "WALL_POLL_SECONDS": "0.05",
    "WALL_HEARTBEAT_SECONDS": "1",
}


@asynccontextmanager
async def running_wishes(directory: Path, keys: TestKeys) -> AsyncIterator[str]:
    async with (
        migrated_database("wishes-live", directory, MIGRATIONS_DIR) as url,
        running_service(
            "weimin_wishes", "WEIMIN_WISHES_", database_url=url, keys=keys, settings=LIVE_SETTINGS
        ) as base_url,
    ):
        yield base_url
