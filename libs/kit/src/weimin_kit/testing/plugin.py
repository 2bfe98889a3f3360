"""pytest plugin loaded for every package's tests (see the root pyproject's addopts)."""

import pytest

from weimin_kit.testing.tokens import TestKeys


def pytest_configure(config: pytest.Config) -> None:
    # pytest-xdist declares it too; this keeps `-p no:xdist` runs free of warnings.
    config.addinivalue_line("markers", "xdist_group(name): run on the same xdist worker")


@pytest.fixture(scope="session")
def test_keys() -> TestKeys:
    return TestKeys()


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Keep each test file on one pytest-xdist worker (`make test` runs `-n auto --dist
    loadgroup`): its module fixtures (a generated city, a started server) are then made
    once, not once per worker. A test marked `xdist_group("name")` joins that group
    instead, so tests sharing something costly across files, or that must not run beside
    each other, land on the same worker. Without xdist the mark does nothing."""
    for item in items:
        if item.get_closest_marker("xdist_group") is None:
            item.add_marker(pytest.mark.xdist_group(item.nodeid.split("::", 1)[0]))
