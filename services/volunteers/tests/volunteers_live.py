"""The volunteers service's own database and a real server of it, for tests that need
real transactions and processes (see weimin_kit.testing.live)."""

from contextlib import AbstractAsyncContextManager
from pathlib import Path

from weimin_kit.testing import TestKeys
from weimin_kit.testing.live import migrated_database as _migrated_database
from weimin_kit.testing.live import running_service as _running_service
from weimin_volunteers.app import MIGRATIONS_DIR


def migrated_database(label: str, directory: Path) -> AbstractAsyncContextManager[str]:
    return _migrated_database(label, directory, MIGRATIONS_DIR)


def running_service(database_url: str, keys: TestKeys) -> AbstractAsyncContextManager[str]:
    return _running_service(
        "weimin_volunteers", "WEIMIN_VOLUNTEERS_", database_url=database_url, keys=keys
    )
