from pathlib import Path

from fastapi import FastAPI

from weimin_kit.app import create_service_app
from weimin_wishes.config import Settings
from weimin_wishes.models import Base

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Weimin Wishes",
        description="the micro-wish wall: wishes, claims, the live wall feed",
        metadata=Base.metadata,
        routers=[],
        migrations_dir=MIGRATIONS_DIR,
    )
