"""The edge's own protections: who the client is behind proxies, security headers, body
limits and the operations endpoints."""

import json
import socket
from collections.abc import Callable, Iterator

import httpx
import pytest
from gateway_servers import running_gateway

from weimin_gateway.config import GatewaySettings
from weimin_kit.testing import TestKeys

LOGIN = "/api/v1/auth/login"
MiB = 1024 * 1024
# Production refuses the development placeholders; these stand in for real secrets.
PRODUCTION = {
    "environment": "production",
    "field_keys": "k1:cHJvZHVjdGlvbi1saWtlLWtleS0zMi1ieXRlcyEhISE=",
    "blind_index_key": "cHJvZHVjdGlvbi1saWtlLWJsaW5kLWtleS0zMmJ5dGVz",
    "events_secret": "whsec_cHJvZHVjdGlvbi1saWtlLWV2ZW50cy1rZXktMzJi",
}


@pytest.fixture(scope="module")
def edge_url(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> Iterator[str]:
    """A gateway reached directly: loopback is not a trusted proxy, default body limits,
    an ops token, a tile host and a kiosk origin."""
    settings = gateway_settings(
        trusted_proxies=[],
        max_body_bytes=MiB,
        ops_token="ops-secret-token-1",
        csp_image_hosts=["https://tiles.example.org"],
        frame_ancestors=["https://kiosk.example.org"],
    )
    with running_gateway(settings, test_keys) as url:
        yield url


@pytest.fixture
def edge(edge_url: str) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=edge_url, timeout=10.0) as client:
        yield client


def test_untrusted_client_cannot_choose_its_address_with_x_forwarded_for(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    settings = gateway_settings(trusted_proxies=[], rate_limit_per_second=0.001, rate_limit_burst=3)
    statuses = []
    with running_gateway(settings, test_keys) as url, httpx.Client(base_url=url) as client:
        for n in range(4):
            response = client.post(
                LOGIN, json={"username": f"u{n}"}, headers={"X-Forwarded-For": f"198.51.100.{n}"}
            )
            statuses.append(response.status_code)
            if response.status_code == 201:
                # What reaches the service is the socket's address alone, not the claim.
                assert response.json()["headers"]["x-forwarded-for"] == "127.0.0.1"
    # Rotating the header does not give a new bucket: the fourth is over the burst of 3.
    assert statuses == [201, 201, 201, 429]


def test_trusted_ingress_chain_yields_the_right_most_untrusted_address(
    gateway: httpx.Client,
) -> None:
    # Loopback is trusted here (the default): it plays the ingress, which appended the
    # address it saw; the entry left of it was written by the client and is not believed.
    response = gateway.post(
        LOGIN,
        json={},
        headers={
            "X-Forwarded-For": "6.6.6.6, 203.0.113.9, 127.0.0.1",
            "X-Forwarded-Proto": "https",
        },
    )
    headers = response.json()["headers"]
    assert headers["x-forwarded-for"] == "203.0.113.9"
    assert headers["x-forwarded-proto"] == "https"
    assert response.headers["strict-transport-security"] == "max-age=31536000"


def test_forwarded_proto_from_an_untrusted_client_does_not_turn_on_hsts(
    edge: httpx.Client,
) -> None:
    response = edge.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert "strict-transport-security" not in response.headers


def test_spa_pages_carry_a_strict_policy_with_configured_hosts(edge: httpx.Client) -> None:
    response = edge.get("/login")
    assert response.status_code == 200
    policy = response.headers["content-security-policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert directives["script-src"] == "'self'"
    assert directives["style-src"] == "'self'"
    assert directives["img-src"] == "'self' data: blob: https://tiles.example.org"
    assert directives["frame-ancestors"] == "https://kiosk.example.org"
    assert directives["object-src"] == "'none'"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "strict-origin-when-cross-origin"
    assert response.headers["permissions-policy"].startswith("camera=(self), geolocation=(self),")
    # A kiosk origin may frame the app, so the all-or-nothing X-Frame-Options is left out.
    assert "x-frame-options" not in response.headers


def test_api_responses_and_errors_carry_the_data_only_policy(gateway: httpx.Client) -> None:
    for response in (gateway.post(LOGIN, json={}), gateway.get("/api/v1/wishes/1")):
        assert response.headers["content-security-policy"].startswith("default-src 'none';")
        assert response.headers["x-content-type-options"] == "nosniff"
        assert response.headers["x-frame-options"] == "DENY"
    assert gateway.get("/api/v1/wishes/1").status_code == 401  # an error carries them too


def test_declared_body_over_the_limit_is_refused_before_forwarding(
    edge: httpx.Client, upstream: httpx.Client
) -> None:
    before = upstream.get("/test/hits").json().get("/v1/auth/login", 0)
    response = edge.post(
        LOGIN, content=b"{" + b" " * (2 * MiB) + b"}", headers={"Content-Type": "application/json"}
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "payload-too-large"
    assert body["max_bytes"] == MiB
    # zh-CN unless the caller asks for English (weimin_kit.problem_language).
    assert body["errors"] == [{"field": "body", "reason": "超过 1 MiB", "code": "too-large"}]
    assert response.headers["content-language"] == "zh-CN"
    assert upstream.get("/test/hits").json().get("/v1/auth/login", 0) == before


def test_streamed_body_is_cut_off_at_the_limit(edge: httpx.Client) -> None:
    def chunks() -> Iterator[bytes]:
        for _ in range(40):
            yield b"x" * 64 * 1024  # 2.5 MiB in all, no Content-Length

    response = edge.post(LOGIN, content=chunks())
    assert response.status_code == 413
    assert response.json()["code"] == "payload-too-large"


def test_upload_routes_take_larger_bodies(edge: httpx.Client, test_keys: TestKeys) -> None:
    # The grid is down in these tests: a 502 shows the body got past the edge's limit.
    response = edge.post(
        "/api/v1/imports/residents",
        content=b"a,b\n" * (MiB // 2),
        headers={**test_keys.headers(), "Content-Type": "text/csv"},
    )
    assert response.status_code == 502


def test_metrics_need_the_ops_token(edge: httpx.Client) -> None:
    assert edge.get("/metrics").status_code == 401
    wrong = edge.get("/metrics", headers={"Authorization": "Bearer guess"})
    assert wrong.status_code == 401
    assert wrong.json()["code"] == "unauthenticated"
    right = edge.get("/metrics", headers={"Authorization": "Bearer ops-secret-token-1"})
    assert right.status_code == 200
    assert "http_requests_total" in right.text


def test_without_a_token_metrics_answer_loopback_only(
    gateway: httpx.Client, gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    assert gateway.get("/metrics").status_code == 200  # from this machine, test settings
    # Through a (trusted, local) ingress the client is whoever the ingress names.
    relayed = gateway.get("/metrics", headers={"X-Forwarded-For": "203.0.113.9"})
    assert relayed.status_code == 403
    with (
        running_gateway(gateway_settings(**PRODUCTION), test_keys) as url,
        httpx.Client(base_url=url) as production,
    ):
        closed = production.get("/metrics")
    assert closed.status_code == 403
    assert closed.json()["detail"] == "Operations endpoints are closed: no ops token is configured"


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/wall/../../metrics",
        "/api/v1/wall/%2e%2e/%2e%2e/docs",
        "/api/v1/wall/..%2f..%2fdocs",
        "/api/v1/wishes/./1",
    ],
)
def test_dot_segments_are_refused_not_forwarded(
    gateway_url: str, upstream: httpx.Client, path: str
) -> None:
    before = upstream.get("/test/hits").json()
    status_line, body = _raw_get(gateway_url, path)  # clients would normalise the path first
    assert status_line == b"HTTP/1.1 400 Bad Request"
    assert json.loads(body)["detail"] == "path: '.' and '..' segments are not allowed"
    assert upstream.get("/test/hits").json() == before


def _raw_get(base_url: str, path: str) -> tuple[bytes, bytes]:
    host, _, port = base_url.removeprefix("http://").partition(":")
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".encode())
        data = b""
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return head.split(b"\r\n")[0], body
