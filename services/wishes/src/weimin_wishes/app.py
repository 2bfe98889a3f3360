from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_events.catalogue import consumed_by, subscribers_of
from weimin_kit.app import create_service_app
from weimin_kit.events.runtime import EventWiring
from weimin_kit.photos import MAX_PHOTO_BYTES
from weimin_kit.types import utcnow
from weimin_wishes.background import background_work
from weimin_wishes.config import Settings
from weimin_wishes.consumers import wishes_handlers
from weimin_wishes.photos.routes import router as wish_photos_router
from weimin_wishes.pool.routes import router as claimer_pool_router
from weimin_wishes.stats.routes import router as statistics_router
from weimin_wishes.tables import Base
from weimin_wishes.wall.routes import kiosks, wall
from weimin_wishes.wishes.routes import router as wishes_router

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service_app(
        settings or Settings(),
        title="Weimin Wishes",
        description="the micro-wish wall: wishes, claims, the live wall feed",
        metadata=Base.metadata,
        routers=[
            wishes_router,
            wish_photos_router,
            wall,
            kiosks,
            statistics_router,
            claimer_pool_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        # The upload route reads its body as a stream and refuses past 5 MiB with its own
        # problem; the kit's limit there is a backstop just above it.
        body_limits={"/v1/wish-photos": MAX_PHOTO_BYTES + 1024 * 1024},
        events=EventWiring(
            service="wishes",
            subscribers_of=subscribers_of,
            consumes=consumed_by("wishes"),
            handlers=wishes_handlers,
        ),
    )
    # Tests replace it to move time (claim deadlines) without sleeping.
    app.state.clock = utcnow
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with kit_lifespan(application), background_work(application):
            yield

    app.router.lifespan_context = lifespan
    return app
