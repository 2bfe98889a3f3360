"""Each journey in frontend/e2e/journeys/ in real headless Chromium against the real
gateway and services; screenshots land in frontend/e2e/screenshots/<journey>/.

A journey may have processes of the platform killed and restarted under its open pages
(`restartPlatform` in e2e/support.mjs): it writes their names into `restart` in its
PLATFORM_CONTROL_DIR, and the test kills each one, waits for the launcher to start it again
and answer /readyz, and renames the file `restart.done`."""

import asyncio
import os
import signal
import time
from pathlib import Path
from typing import Any

import httpx
import pytest
from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD

from weimin_launcher.processes import ALL, PUSH_SERVICE, SERVICES

FRONTEND = Path(__file__).parents[2] / "frontend"
# A journey that leaves something running comes first, and the one that finishes it last:
# volunteer-activity-hours checks in to a short shift, volunteer-hours-confirmed checks out
# of it, over by then, so nobody waits for its end.
RUN_FIRST = ("volunteer-activity-hours",)
RUN_LAST = ("volunteer-hours-confirmed",)
JOURNEYS = sorted(
    (FRONTEND / "e2e" / "journeys").glob("*.mjs"),
    key=lambda path: (path.stem not in RUN_FIRST, path.stem in RUN_LAST, path.name),
)
SCREENSHOTS = FRONTEND / "e2e" / "screenshots"
ORG_REGISTRY = next(service for service in SERVICES if service.name == "org-registry")
JOURNEY_SECONDS = 300
RESTART_SECONDS = 90


@pytest.fixture(scope="session")
def handoff_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Where one journey leaves what a later one takes up (JOURNEY_HANDOFF_DIR)."""
    return tmp_path_factory.mktemp("journey-handoff")


#: Chromium, on a loaded two-core machine, now and then closes its first page a second after
#: launch, before the journey has done anything: such a run is tried once more.
BROWSER_DIED = "Target page, context or browser has been closed"


@pytest.mark.parametrize("journey", JOURNEYS, ids=lambda path: path.stem)
async def test_journey(platform: Any, journey: Path, tmp_path: Path, handoff_dir: Path) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    started = time.time()
    returncode, output = await _run_journey(platform, journey, tmp_path, handoff_dir)
    if returncode != 0 and BROWSER_DIED in output and not _screenshots(journey, started):
        print(f"{journey.stem}: the browser closed before the first step; trying once more")
        returncode, output = await _run_journey(platform, journey, tmp_path, handoff_dir)
    assert returncode == 0, output
    assert _screenshots(journey, started), "the journey saved no screenshot"


def _screenshots(journey: Path, since: float) -> list[Path]:
    """The journey's screenshots saved by this run (an earlier run's may still be there)."""
    return [p for p in (SCREENSHOTS / journey.stem).glob("*.png") if p.stat().st_mtime >= since]


async def _run_journey(
    platform: Any, journey: Path, tmp_path: Path, handoff_dir: Path
) -> tuple[int, str]:
    """One run of the journey's script: its exit code and what it printed."""
    env = {
        **os.environ,
        "BASE_URL": platform.url,
        "ADMIN_PASSWORD": ADMIN_PASSWORD,
        "DEMO_PASSWORD": DEMO_PASSWORD,
        "SCREENSHOT_DIR": str(SCREENSHOTS),
        # Where org-registry writes its text messages (the sign-up journey reads a code).
        "SMS_OUTBOX": str(platform.layout.sms_outbox(ORG_REGISTRY)),
        "PLATFORM_CONTROL_DIR": str(tmp_path),
        "JOURNEY_HANDOFF_DIR": str(handoff_dir),
        # The local push service (a browser vendor's stand-in) the alarm-push journey reads.
        "PUSH_SERVICE_URL": platform.layout.url(PUSH_SERVICE),
    }
    node = await asyncio.create_subprocess_exec(
        "node",
        "e2e/run.mjs",
        f"journeys/{journey.name}",
        cwd=FRONTEND,
        env=env,
        stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT,
    )
    control = asyncio.create_task(_restart_on_request(platform, tmp_path))
    try:
        output, _ = await asyncio.wait_for(node.communicate(), JOURNEY_SECONDS)
        if control.done():
            control.result()  # a restart that failed says why
    finally:
        control.cancel()
        if node.returncode is None:
            node.kill()
    return node.returncode if node.returncode is not None else -1, output.decode()


async def _restart_on_request(platform: Any, control_dir: Path) -> None:
    request = control_dir / "restart"
    while True:
        await asyncio.sleep(0.1)
        if not request.is_file():
            continue
        names = request.read_text().split()
        for name in names:
            await _kill_and_wait_until_ready(platform, name)
        request.rename(control_dir / "restart.done")


async def _kill_and_wait_until_ready(platform: Any, name: str) -> None:
    supervisor = platform.supervisor
    process = next(p for p in ALL if p.name == name)
    restarts = supervisor.restarts_of(name)
    pid = supervisor.pid_of(name)
    assert pid is not None, f"{name} is not running"
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + RESTART_SECONDS
    async with httpx.AsyncClient(timeout=2.0) as probe:
        while time.monotonic() < deadline:
            await asyncio.sleep(0.2)
            if supervisor.restarts_of(name) <= restarts:
                continue
            try:
                ready = await probe.get(platform.layout.url(process) + process.ready_path)
            except httpx.HTTPError:
                continue
            if ready.status_code == 200:
                return
    raise AssertionError(f"{name} was not restarted and ready within {RESTART_SECONDS} s")
