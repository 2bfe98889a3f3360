import sys
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).parent
sys.path.insert(0, str(HERE))

from gateway_servers import free_port, running_gateway, running_upstream  # noqa: E402

from weimin_gateway.config import GatewaySettings  # noqa: E402
from weimin_kit.testing import TestKeys  # noqa: E402


@pytest.fixture(scope="session")
def upstream_url() -> Iterator[str]:
    with running_upstream() as url:
        yield url


@pytest.fixture(scope="session")
def gateway_settings(
    upstream_url: str, tmp_path_factory: pytest.TempPathFactory
) -> Callable[..., GatewaySettings]:
    spa = tmp_path_factory.mktemp("spa")

    def build(**overrides: Any) -> GatewaySettings:
        values: dict[str, Any] = {
            "environment": "test",
            "org_registry_url": upstream_url,
            "grid_url": f"http://127.0.0.1:{free_port()}",  # nothing listens there
            "wishes_url": upstream_url,
            "volunteers_url": upstream_url,
            "notifications_url": upstream_url,
            "upstream_read_timeout": 1.0,
            "rate_limit_per_second": 1000,
            "rate_limit_burst": 1000,
            "spa_dir": spa,
            "cors_origins": ["http://app.example"],
            # The streaming tests send 3 MB; the limits have their own gateway.
            "max_body_bytes": 4 * 1024 * 1024,
        }
        values.update(overrides)
        return GatewaySettings(**values)

    return build


@pytest.fixture(scope="session")
def gateway_url(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> Iterator[str]:
    with running_gateway(gateway_settings(), test_keys) as url:
        yield url


@pytest.fixture(scope="session")
def routed_gateway_url(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> Iterator[str]:
    """A gateway in front of five upstream processes, one standing in for each service."""
    with ExitStack() as stack:
        urls = {
            service: stack.enter_context(running_upstream(service))
            for service in ("org-registry", "grid", "wishes", "volunteers", "notifications")
        }
        settings = gateway_settings(
            org_registry_url=urls["org-registry"],
            grid_url=urls["grid"],
            wishes_url=urls["wishes"],
            volunteers_url=urls["volunteers"],
            notifications_url=urls["notifications"],
        )
        yield stack.enter_context(running_gateway(settings, test_keys))


@pytest.fixture
def routed_gateway(routed_gateway_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=routed_gateway_url, timeout=10.0) as client:
        yield client


@pytest.fixture
def gateway(gateway_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=gateway_url, timeout=10.0) as client:
        yield client


@pytest.fixture
def upstream(upstream_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=upstream_url, timeout=10.0) as client:
        yield client
