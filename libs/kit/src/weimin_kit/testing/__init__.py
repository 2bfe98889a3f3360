"""Test support: a pytest plugin (`plugin`) and the per-service fixture builder."""

from weimin_kit.testing.databases import (
    copy_test_database,
    create_test_database,
    drop_test_database,
    empty_database,
)
from weimin_kit.testing.service import service_fixtures
from weimin_kit.testing.tokens import TestKeys

__all__ = [
    "TestKeys",
    "copy_test_database",
    "create_test_database",
    "drop_test_database",
    "empty_database",
    "service_fixtures",
]
