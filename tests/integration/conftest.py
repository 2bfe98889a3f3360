"""The whole platform, started once for the integration tests."""

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

# The event tests' harness (event_pair.py, nats_server.py) sits beside them; the platform
# starter one folder up.
sys.path.insert(0, str(Path(__file__).parent))
sys.path.insert(0, str(Path(__file__).parents[1]))
# The channel simulator harness, shared with the notifications service's own tests.
sys.path.insert(0, str(Path(__file__).parents[2] / "services" / "notifications" / "tests"))

from platform_support import Platform, running_platform


@pytest_asyncio.fixture(scope="session")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path_factory.mktemp("platform")) as started:
        yield started
