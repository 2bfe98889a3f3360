import os
import sys
import tempfile
from pathlib import Path
from typing import Any

import pytest_asyncio
from fastapi import FastAPI

sys.path.insert(0, str(Path(__file__).parent))
# Text messages go to an outbox file of this run, never the checkout's var/.
os.environ.setdefault(
    "WEIMIN_NOTIFICATIONS_SMS_OUTBOX",
    str(Path(tempfile.mkdtemp(prefix="notifications-sms-")) / "outbox.jsonl"),
)

from notice_world import FakeClock

from weimin_kit.testing import service_fixtures
from weimin_notifications.app import MIGRATIONS_DIR, create_app
from weimin_notifications.config import Settings


def quiet_settings(**values: Any) -> Settings:
    # No background dispatcher or reminder scheduler: they would share the test's one
    # connection; tests run their rounds themselves, at a time they choose.
    return Settings(dispatch_enabled=False, reminders_enabled=False, **values)


app, client, database_url = service_fixtures(
    "notifications", quiet_settings, create_app, MIGRATIONS_DIR
)


@pytest_asyncio.fixture
async def clock(app: FastAPI) -> FakeClock:
    fake = FakeClock()
    app.state.clock = fake
    return fake
