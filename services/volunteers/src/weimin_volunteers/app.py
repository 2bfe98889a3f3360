from pathlib import Path

from fastapi import FastAPI

from weimin_kit.app import create_service_app
from weimin_volunteers.activities.routes import activities, mine, reminders, shifts, signups
from weimin_volunteers.config import Settings
from weimin_volunteers.dispatch.routes import mine as my_tasks
from weimin_volunteers.dispatch.routes import router as tasks
from weimin_volunteers.hours.routes import router as hours
from weimin_volunteers.registry.routes import skills, volunteers
from weimin_volunteers.stations.routes import items, service_requests, stations
from weimin_volunteers.tables import Base
from weimin_volunteers.teams.routes import router as teams

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
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
            reminders,
            tasks,
            items,
            stations,
            service_requests,
        ],
        migrations_dir=MIGRATIONS_DIR,
    )
