from pathlib import Path

from fastapi import FastAPI

from weimin_kit.app import create_service_app
from weimin_volunteers.config import Settings
from weimin_volunteers.models import Base

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Weimin Volunteers",
        description="volunteers, teams, activities, hours, service stations, dispatch",
        metadata=Base.metadata,
        routers=[],
        migrations_dir=MIGRATIONS_DIR,
    )
