"""The security suite runs against the real platform: the gateway and the four services as
processes over loopback sockets, on SQLite (or PostgreSQL with WEIMIN_TEST_DATABASE)."""

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parents[1]))

from platform_support import ENGLISH, Platform, running_platform

HERE = Path(__file__).parent


@pytest_asyncio.fixture(scope="session")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    async with running_platform(tmp_path_factory.mktemp("security-platform")) as started:
        yield started


@pytest_asyncio.fixture
async def client(platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    # These tests pin the reasons in English, as a partner asking for it reads them; the
    # zh-CN default is pinned by the kit's and each service's problem-language tests.
    async with httpx.AsyncClient(base_url=platform.url, timeout=30.0, headers=ENGLISH) as gateway:
        yield gateway


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Every test on the shared platform goes to one xdist worker, so the platform starts
    once per run; the modules that start a differently configured platform of their own
    (edge limits, retention, second factor) stay one group each and run beside it."""
    for item in items:
        if item.path.is_relative_to(HERE) and "platform" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.xdist_group("security-platform"))
    _waits_overlap_other_tests(items)


def _waits_overlap_other_tests(items: list[pytest.Item]) -> None:
    """Tests marked `starts_a_wait` run first among this folder's, those marked
    `ends_a_wait` last: a wait begun by the one (task offers timing out, 30 s) runs out
    while the others run instead of being waited for (the order within each kind stays)."""
    here = [index for index, item in enumerate(items) if item.path.is_relative_to(HERE)]
    if not here:
        return

    def place(item: pytest.Item) -> int:
        if item.get_closest_marker("starts_a_wait"):
            return 0
        return 2 if item.get_closest_marker("ends_a_wait") else 1

    ordered = sorted((items[index] for index in here), key=place)
    for index, item in zip(here, ordered, strict=True):
        items[index] = item


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "starts_a_wait: runs first among the security tests")
    config.addinivalue_line("markers", "ends_a_wait: runs last among the security tests")
