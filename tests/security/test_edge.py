"""The public edge against the real platform: spoofed X-Forwarded-For, security headers,
body limits and the operations endpoints."""

import json
from collections.abc import AsyncIterator

import httpx
import pytest
import pytest_asyncio
from platform_support import ENGLISH, Platform, running_platform

from weimin_kit.testing.databases import backend

# The edge (headers, body limits, forwarded addresses, the operations endpoints) is the
# gateway's and the processes' own: it is the same on either database, so CI's PostgreSQL
# pass, which repeats what depends on the database, leaves it to the SQLite pass.
pytestmark = pytest.mark.skipif(
    backend() == "postgresql", reason="the edge does not depend on the database"
)

# A body-taking route of each service.
SERVICES = {
    "org-registry": "/v1/auth/login",
    "grid": "/v1/incidents",
    "wishes": "/v1/wishes",
    "volunteers": "/v1/volunteers",
}
OPS_TOKEN = "edge-test-ops-token-7f3a"
LOGIN_CLIENT_MAX_FAILURES = 5
FIFTY_MB = 50 * 1024 * 1024


def _setting(process: str, name: str) -> str:
    return f"WEIMIN_{process.replace('-', '_').upper()}_{name}"


@pytest_asyncio.fixture(scope="module")
async def configured(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    """A platform deployed behind an ingress at 192.0.2.1: the tests, on loopback, are an
    ordinary client of the gateway, which is the services' only trusted proxy (loopback).
    Every process has an ops token."""
    ingress_only = json.dumps(["192.0.2.1/32"])
    env = {
        _setting("gateway", "TRUSTED_PROXIES"): ingress_only,
        _setting("gateway", "FORWARDED_ALLOW_IPS"): "192.0.2.1",  # the setting it replaced
        _setting("org-registry", "LOGIN_CLIENT_MAX_FAILURES"): str(LOGIN_CLIENT_MAX_FAILURES),
        **{_setting(p, "OPS_TOKEN"): OPS_TOKEN for p in ("gateway", *SERVICES)},
    }
    async with running_platform(tmp_path_factory.mktemp("edge-platform"), env) as started:
        yield started


async def test_rotating_x_forwarded_for_does_not_escape_the_per_address_login_limit(
    configured: Platform,
) -> None:
    statuses = []
    async with httpx.AsyncClient(base_url=configured.url, timeout=30.0) as client:
        for n in range(LOGIN_CLIENT_MAX_FAILURES + 1):
            response = await client.post(
                "/api/v1/auth/login",
                # A new made-up address and a new username each time: only the address
                # the sockets saw can tie the attempts together.
                json={"username": f"nobody{n}", "password": "wrong-password-1"},
                headers={"X-Forwarded-For": f"198.51.100.{n + 1}"},
            )
            statuses.append(response.status_code)
    assert statuses == [401] * LOGIN_CLIENT_MAX_FAILURES + [429]
    assert response.json()["code"] == "rate-limited"


async def test_gateway_metrics_need_the_ops_token(configured: Platform) -> None:
    async with httpx.AsyncClient(base_url=configured.url, timeout=30.0) as client:
        refused = await client.get("/metrics")
        assert refused.status_code == 401
        assert refused.headers["content-type"] == "application/problem+json"
        allowed = await client.get("/metrics", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
    assert allowed.status_code == 200
    assert "http_requests_total" in allowed.text


@pytest.mark.parametrize("service", SERVICES)
async def test_service_metrics_need_the_ops_token(configured: Platform, service: str) -> None:
    async with httpx.AsyncClient(base_url=configured.service_url(service)) as direct:
        refused = await direct.get("/metrics")
        allowed = await direct.get("/metrics", headers={"Authorization": f"Bearer {OPS_TOKEN}"})
        # The gateway still merges each service's document from the internal side.
        document = await direct.get("/openapi.json")
    assert refused.status_code == 401
    assert allowed.status_code == 200
    assert document.status_code == 200


async def test_gateway_forwards_no_service_operations_path(client: httpx.AsyncClient) -> None:
    for path in ("/api/v1/metrics", "/api/v1/docs", "/api/v1/openapi.json"):
        response = await client.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not-found"


async def test_spa_page_carries_the_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.get("/login")
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    policy = response.headers["content-security-policy"]
    assert "script-src 'self';" in policy
    assert "style-src 'self';" in policy
    assert "frame-ancestors 'none'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["permissions-policy"].startswith("camera=(self), geolocation=(self)")
    assert response.headers["x-frame-options"] == "DENY"
    # Plain http here: no HSTS (it would pin a host that has no certificate).
    assert "strict-transport-security" not in response.headers


async def test_api_responses_carry_the_security_headers(client: httpx.AsyncClient) -> None:
    response = await client.post("/api/v1/auth/login", json={"username": "x", "password": "y"})
    assert response.status_code == 401
    assert response.headers["content-security-policy"].startswith("default-src 'none';")
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"


def _assert_too_large(response: httpx.Response) -> None:
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "payload-too-large"
    assert body["errors"] == [{"field": "body", "reason": "larger than 1 MiB", "code": "too-large"}]


async def test_fifty_megabyte_json_is_refused_at_the_gateway(client: httpx.AsyncClient) -> None:
    body = b'{"username": "' + b"a" * FIFTY_MB + b'", "password": "x"}'
    response = await client.post(
        "/api/v1/auth/login", content=body, headers={"Content-Type": "application/json"}
    )
    _assert_too_large(response)


@pytest.mark.parametrize("service", SERVICES)
async def test_fifty_megabyte_json_is_refused_by_each_service_directly(
    platform: Platform, service: str
) -> None:
    async def chunks() -> AsyncIterator[bytes]:
        yield b'{"title": "'
        for _ in range(50):
            yield b"a" * (1024 * 1024)
        yield b'"}'

    async with httpx.AsyncClient(
        base_url=platform.service_url(service), timeout=30.0, headers=ENGLISH
    ) as direct:
        declared = await direct.post(
            "/v1/events", content=b"[" * FIFTY_MB, headers={"Content-Type": "application/json"}
        )
        streamed = await direct.post(  # chunked, no Content-Length to go by
            SERVICES[service], content=chunks(), headers={"Content-Type": "application/json"}
        )
    assert declared.status_code == 413
    assert declared.json()["max_bytes"] == 32 * 1024 * 1024  # event batches may be larger
    _assert_too_large(streamed)


async def test_deeply_nested_json_is_refused_by_a_service(platform: Platform) -> None:
    async with httpx.AsyncClient(
        base_url=platform.service_url("wishes"), headers=ENGLISH
    ) as direct:
        response = await direct.post(
            "/v1/wishes",
            content=b"[" * 100 + b"]" * 100,
            headers={"Content-Type": "application/json"},
        )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "body", "reason": "nested deeper than 32 levels", "code": "too-deep"}
    ]
