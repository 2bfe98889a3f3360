"""The whole platform, started once for the integration tests, exactly as `make run` would
start it (same launcher), but on free ports and fresh databases."""

import os
import socket
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
import pytest_asyncio

# The event tests' harness (event_pair.py, nats_server.py) sits beside them.
sys.path.insert(0, str(Path(__file__).parent))

from weimin_kit.testing import create_test_database, drop_test_database
from weimin_launcher.processes import ALL, GATEWAY, SERVICES, Layout
from weimin_launcher.setup import prepare
from weimin_launcher.supervisor import Supervisor

# The tests sign in with these (test_platform.py reads the same environment names).
ADMIN_PASSWORD = os.environ.get("WEIMIN_IT_ADMIN_PASSWORD", "Harbour-Lantern-2026!")
DEMO_PASSWORD = os.environ.get("WEIMIN_IT_DEMO_PASSWORD", "Integration-Demo-2026!")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class Platform:
    def __init__(self, layout: Layout, supervisor: Supervisor) -> None:
        self.layout = layout
        self.supervisor = supervisor

    @property
    def url(self) -> str:
        return self.layout.url(GATEWAY)

    def service_url(self, name: str) -> str:
        return self.layout.url(next(s for s in SERVICES if s.name == name))


@pytest_asyncio.fixture(scope="session")
async def platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    var_dir: Path = tmp_path_factory.mktemp("platform")
    database_urls = {
        service.name: await create_test_database(service.name, var_dir) for service in SERVICES
    }
    layout = Layout(
        var_dir=var_dir,
        ports={process.name: free_port() for process in ALL},
        database_urls=database_urls,
        extra_env={
            "WEIMIN_ADMIN_PASSWORD": ADMIN_PASSWORD,
            "WEIMIN_DEMO_PASSWORD": DEMO_PASSWORD,
            "WEIMIN_GATEWAY_SPA_DIR": str(Path(__file__).parents[2] / "frontend" / "dist"),
        },
    )
    prepare(layout, demo_size="demo")
    supervisor = Supervisor(layout, ALL, log_dir=var_dir / "logs", echo=False)
    await supervisor.start()
    try:
        await supervisor.wait_ready()
        yield Platform(layout, supervisor)
    finally:
        await supervisor.stop()
        for url in database_urls.values():
            await drop_test_database(url)
