import gc
from collections.abc import Iterator

import pytest
from fastapi import FastAPI

from weimin_kit.app import create_service_app
from weimin_kit.db import make_metadata
from weimin_kit.heap import YOUNG_THRESHOLD, for_serving
from weimin_kit.settings import ServiceSettings


@pytest.fixture
def collector_restored() -> Iterator[None]:
    threshold = gc.get_threshold()
    yield
    gc.unfreeze()
    gc.set_threshold(*threshold)


def app_named(name: str) -> FastAPI:
    return create_service_app(
        ServiceSettings(service_name=name),
        title=name,
        metadata=make_metadata(),
        routers=[],
        migrations_dir=None,
    )


async def test_a_serving_app_freezes_what_its_start_up_built(collector_restored: None) -> None:
    app = for_serving(app_named("serving"))
    assert gc.get_threshold()[0] == YOUNG_THRESHOLD
    gc.unfreeze()
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() > 0


async def test_an_app_started_by_tests_freezes_nothing(collector_restored: None) -> None:
    app = app_named("in-a-test")
    gc.unfreeze()
    async with app.router.lifespan_context(app):
        assert gc.get_freeze_count() == 0
