"""The route table against reality: every prefix reaches its own service through a real
gateway, and every path a service exports is reachable under a prefix that goes to it."""

import json
from pathlib import Path
from typing import Any

import httpx
import pytest

from weimin_gateway.routing import (
    RESOURCES,
    STREAM_ROUTES,
    VERSIONED_PREFIX,
    RouteTable,
    public_path,
    upstream_path,
)
from weimin_kit.testing import TestKeys

SERVICES_DIR = Path(__file__).resolve().parents[2] / "services"
PREFIXES = sorted(RouteTable().prefixes().items())
HTTP_METHODS = {"get", "put", "post", "delete", "patch", "head", "options"}


def _exported(service: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads(
        (SERVICES_DIR / service / "openapi.json").read_text(encoding="utf-8")
    )
    return document


def test_the_table_has_prefixes_for_every_service() -> None:
    assert {service for _, service in PREFIXES} == set(RESOURCES)
    assert len(PREFIXES) > len(RESOURCES)


@pytest.mark.parametrize(("prefix", "service"), PREFIXES)
def test_every_prefix_reaches_its_own_service(
    routed_gateway: httpx.Client, test_keys: TestKeys, prefix: str, service: str
) -> None:
    path = prefix + "/routing-probe/1" if prefix.startswith(VERSIONED_PREFIX) else prefix
    response = routed_gateway.get(path, params={"q": "1"}, headers=test_keys.headers())
    assert response.status_code == 200, response.text
    echoed = response.json()
    assert echoed["service"] == service
    assert echoed["path"] == upstream_path(path)
    assert echoed["query"] == "q=1"


@pytest.mark.parametrize("service", sorted(RESOURCES))
def test_every_exported_path_is_routed_to_its_service(service: str) -> None:
    table = RouteTable()
    unrouted = [path for path in _exported(service)["paths"] if not table.exposes(service, path)]
    assert unrouted == [], f"add a prefix for these {service} paths to routing.RESOURCES"


@pytest.mark.parametrize("service", sorted(RESOURCES))
def test_every_prefix_of_a_service_has_paths_in_its_spec(service: str) -> None:
    exported = [public_path(path) for path in _exported(service)["paths"]]
    unused = [
        prefix
        for prefix, owner in PREFIXES
        if owner == service
        and not any(path == prefix or path.startswith(prefix + "/") for path in exported)
    ]
    assert unused == []


def test_stream_routes_are_the_operations_that_answer_event_streams() -> None:
    streams = {
        (method.upper(), public_path(path))
        for service in RESOURCES
        for path, item in _exported(service)["paths"].items()
        for method, operation in item.items()
        if method in HTTP_METHODS
        and "text/event-stream" in operation.get("responses", {}).get("200", {}).get("content", {})
    }
    assert streams == STREAM_ROUTES
