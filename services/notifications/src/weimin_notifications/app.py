from pathlib import Path

from fastapi import FastAPI

from weimin_kit.app import create_service_app
from weimin_notifications.config import Settings
from weimin_notifications.tables import Base

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    return create_service_app(
        settings or Settings(),
        title="Weimin Notifications",
        description="who is told what, on which channel: the inbox and its live stream, "
        "SMS, WeCom, DingTalk, WeChat Official Account, web push; preferences, quiet hours, "
        "the delivery log",
        metadata=Base.metadata,
        routers=[],
        migrations_dir=MIGRATIONS_DIR,
    )
