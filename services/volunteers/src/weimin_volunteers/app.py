from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_events.catalogue import consumed_by, subscribers_of
from weimin_kit.app import create_service_app
from weimin_kit.events.runtime import EventWiring
from weimin_volunteers.activities.routes import activities, mine, reminders, shifts, signups
from weimin_volunteers.alarms.routes import mine as my_alarm_alerts
from weimin_volunteers.background import background_work
from weimin_volunteers.config import Settings
from weimin_volunteers.consumers import volunteers_handlers
from weimin_volunteers.dispatch.routes import mine as my_tasks
from weimin_volunteers.dispatch.routes import router as tasks
from weimin_volunteers.hours.routes import router as hours
from weimin_volunteers.pool.routes import router as community_pool
from weimin_volunteers.registry.routes import skills, volunteers
from weimin_volunteers.stations.routes import items, service_requests, stations
from weimin_volunteers.tables import Base
from weimin_volunteers.teams.routes import router as teams

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    app = create_service_app(
        settings or Settings(),
        title="Weimin Volunteers",
        description="volunteers, teams, activities, hours, service stations, dispatch",
        metadata=Base.metadata,
        # hours before volunteers: /v1/volunteers/{id}/hours must not be shadowed.
        routers=[
            skills,
            hours,
            volunteers,
            teams,
            activities,
            shifts,
            signups,
            mine,
            my_tasks,
            my_alarm_alerts,
            reminders,
            tasks,
            items,
            stations,
            service_requests,
            community_pool,
        ],
        migrations_dir=MIGRATIONS_DIR,
        events=EventWiring(
            service="volunteers",
            subscribers_of=subscribers_of,
            consumes=consumed_by("volunteers"),
            handlers=volunteers_handlers,
        ),
    )
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        async with kit_lifespan(application), background_work(application):
            yield

    app.router.lifespan_context = lifespan
    return app
