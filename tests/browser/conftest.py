"""One platform (SQLite, the demo city) for every browser journey.

Journeys run in the SQLite pass only: what they check is the app in a browser, and the
database-dependent behaviour under them is covered on PostgreSQL by the other suites."""

import os
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parents[1]))

from platform_support import Platform, running_platform

if os.environ.get("WEIMIN_TEST_DATABASE", "sqlite") != "sqlite":
    pytest.skip("browser journeys run in the SQLite pass only", allow_module_level=True)


@pytest_asyncio.fixture(scope="session")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path_factory.mktemp("browser-platform")) as started:
        yield started
