"""pytest plugin loaded for every package's tests (see the root pyproject's addopts)."""

import pytest

from weimin_kit.testing.tokens import TestKeys


@pytest.fixture(scope="session")
def test_keys() -> TestKeys:
    return TestKeys()
