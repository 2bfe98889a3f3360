"""Each journey in frontend/e2e/journeys/ in real headless Chromium against the real
gateway and services; screenshots land in frontend/e2e/screenshots/<journey>/."""

import asyncio
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD

from weimin_launcher.processes import SERVICES

FRONTEND = Path(__file__).parents[2] / "frontend"
JOURNEYS = sorted((FRONTEND / "e2e" / "journeys").glob("*.mjs"))
SCREENSHOTS = FRONTEND / "e2e" / "screenshots"
ORG_REGISTRY = next(service for service in SERVICES if service.name == "org-registry")


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda path: path.stem)
async def test_journey(platform: Any, journey: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "BASE_URL": platform.url,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "SCREENSHOT_DIR": str(SCREENSHOTS),
        # Where org-registry writes its text messages (the sign-up journey reads a code).
        "SMS_OUTBOX": str(platform.layout.sms_outbox(ORG_REGISTRY)),
    }
    result = await asyncio.to_thread(
        subprocess.run,
        ["node", "e2e/run.mjs", f"journeys/{journey.name}"],
        cwd=FRONTEND,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert any((SCREENSHOTS / journey.stem).glob("*.png")), "the journey saved no screenshot"
