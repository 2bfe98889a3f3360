from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_events.catalogue import consumed_by, subscribers_of
from weimin_kit.app import create_service_app
from weimin_kit.events.runtime import EventWiring
from weimin_kit.types import utcnow
from weimin_notifications.background import background_work, prepare
from weimin_notifications.config import Settings
from weimin_notifications.consumers import notifications_handlers
from weimin_notifications.deliveries.routes import router as deliveries_router
from weimin_notifications.notices.routes import router as notices_router
from weimin_notifications.preferences.routes import contacts, preferences
from weimin_notifications.push.routes import router as push_router
from weimin_notifications.robots.routes import router as robots_router
from weimin_notifications.tables import Base

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        settings,
        title="Weimin Notifications",
        description="who is told what, on which channel: the inbox and its live stream, "
        "SMS, WeCom, DingTalk, WeChat Official Account, web push; preferences, quiet hours, "
        "the delivery log",
        metadata=Base.metadata,
        routers=[
            notices_router,
            preferences,
            contacts,
            push_router,
            robots_router,
            deliveries_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        events=EventWiring(
            service="notifications",
            subscribers_of=subscribers_of,
            consumes=consumed_by("notifications"),
            handlers=notifications_handlers,
        ),
    )
    # Tests replace it to move time (quiet hours, backoff) without sleeping.
    app.state.clock = utcnow
    prepare(app, settings)
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with kit_lifespan(application), background_work(application):
            yield

    app.router.lifespan_context = lifespan
    return app
