import time
from collections.abc import Iterator

import httpx

from weimin_kit.testing import TestKeys

PROBLEM = "application/problem+json"


def test_request_is_forwarded_with_method_path_query_body_and_headers(
    gateway: httpx.Client, test_keys: TestKeys
) -> None:
    token = test_keys.token(subject="forwarding")
    response = gateway.post(
        "/api/v1/wishes/w%201/claims",
        params={"note": "a b", "n": "1"},
        content=b'{"hello": "world"}',
        headers={
            "Authorization": f"Bearer {token}",
            "Content-Type": "application/json",
            "X-Custom": "kept",
            "Connection": "keep-alive, X-Private-Hop",
            "X-Private-Hop": "dropped",
            "X-Forwarded-For": "203.0.113.7",
        },
    )
    assert response.status_code == 201
    echoed = response.json()
    assert echoed["method"] == "POST"
    assert echoed["path"] == "/v1/wishes/w%201/claims"
    assert echoed["query"] == "note=a+b&n=1"
    assert echoed["body"] == '{"hello": "world"}'
    headers = echoed["headers"]
    assert headers["authorization"] == f"Bearer {token}"
    assert headers["x-custom"] == "kept"
    assert headers["content-type"] == "application/json"
    assert "x-private-hop" not in headers
    # The test client is on loopback, a trusted proxy by default: its word for the client
    # stands, and is passed on alone.
    assert headers["x-forwarded-for"] == "203.0.113.7"
    assert headers["x-forwarded-proto"] == "http"
    assert headers["x-forwarded-host"] == gateway.base_url.netloc.decode()
    assert response.headers["x-upstream"] == "echo"
    assert response.headers["set-cookie"] == "upstream=1; Path=/"


def test_request_id_is_passed_upstream_and_returned(
    gateway: httpx.Client, test_keys: TestKeys
) -> None:
    given = gateway.get(
        "/api/v1/wishes/42", headers={**test_keys.headers(), "X-Request-ID": "client-chosen-id-1"}
    )
    assert given.headers["x-request-id"] == "client-chosen-id-1"
    assert given.json()["title"] == "client-chosen-id-1"

    made_up = gateway.get("/api/v1/wishes/42", headers=test_keys.headers())
    assert made_up.json()["title"] == made_up.headers["x-request-id"]
    assert len(made_up.headers["x-request-id"]) == 32


def test_large_bodies_stream_both_ways(gateway: httpx.Client, test_keys: TestKeys) -> None:
    upload = gateway.put("/api/v1/tasks/7", content=b"y" * 3_000_000, headers=test_keys.headers())
    assert upload.json()["body_length"] == 3_000_000

    def chunks() -> Iterator[bytes]:
        for _ in range(5):
            yield b"z" * 100_000

    chunked = gateway.post("/api/v1/tasks", content=chunks(), headers=test_keys.headers())
    assert chunked.json()["body_length"] == 500_000

    download = gateway.get("/api/v1/wishes/big", headers=test_keys.headers())
    assert download.status_code == 200
    assert download.content == b"x" * (1024 * 1024)


def test_first_event_of_a_stream_arrives_before_the_upstream_finishes(
    gateway: httpx.Client, test_keys: TestKeys
) -> None:
    started = time.monotonic()
    with gateway.stream("GET", "/api/v1/wall/stream", headers=test_keys.headers()) as response:
        assert response.headers["content-type"].startswith("text/event-stream")
        lines = response.iter_lines()
        assert next(lines) == "data: first"
        first_after = time.monotonic() - started
        rest = [line for line in lines if line]
    # The upstream waits 1.5 s before its second event; the gateway's read timeout is 1 s,
    # which must not apply to a streaming route.
    assert first_after < 1.0
    assert rest == ["data: second"]


def _hits(upstream: httpx.Client, path: str) -> int:
    return int(upstream.get("/test/hits").json().get(path, 0))


def test_request_without_token_is_refused_at_the_edge(
    gateway: httpx.Client, upstream: httpx.Client
) -> None:
    response = gateway.get("/api/v1/wishes/no-token")
    assert response.status_code == 401
    assert response.headers["content-type"] == PROBLEM
    assert response.headers["www-authenticate"] == "Bearer"
    assert response.json()["code"] == "unauthenticated"
    assert response.json()["request_id"] == response.headers["x-request-id"]
    assert _hits(upstream, "/v1/wishes/no-token") == 0


def test_expired_token_is_refused_at_the_edge(
    gateway: httpx.Client, upstream: httpx.Client, test_keys: TestKeys
) -> None:
    expired = test_keys.headers(lifetime_seconds=-300)
    response = gateway.get("/api/v1/wishes/expired", headers=expired)
    assert response.status_code == 401
    assert response.json()["code"] == "token-expired"
    assert _hits(upstream, "/v1/wishes/expired") == 0


def test_token_from_another_signer_is_refused_at_the_edge(
    gateway: httpx.Client, upstream: httpx.Client
) -> None:
    response = gateway.get("/api/v1/wishes/forged", headers=TestKeys().headers())
    assert response.status_code == 401
    assert response.json()["code"] == "unauthenticated"
    assert _hits(upstream, "/v1/wishes/forged") == 0


def test_public_routes_pass_without_a_token(gateway: httpx.Client) -> None:
    login = gateway.post("/api/v1/auth/login", json={"username": "a", "password": "b"})
    assert login.status_code == 201
    assert login.json()["path"] == "/v1/auth/login"
    jwks = gateway.get("/.well-known/jwks.json")
    assert jwks.json()["path"] == "/.well-known/jwks.json"
    # Only the listed paths are public, not the whole resource.
    assert gateway.get("/api/v1/auth/sessions").status_code == 401


def test_unknown_resource_is_a_problem_404(gateway: httpx.Client, test_keys: TestKeys) -> None:
    response = gateway.get("/api/v1/nonsense/1", headers=test_keys.headers())
    assert response.status_code == 404
    assert response.json()["code"] == "not-found"


def test_unreachable_service_is_a_502_without_internals(
    gateway: httpx.Client, test_keys: TestKeys
) -> None:
    response = gateway.get("/api/v1/grid-units", headers=test_keys.headers())
    assert response.status_code == 502
    body = response.json()
    assert body["code"] == "upstream-unavailable"
    assert body["detail"] == "The grid service cannot be reached; try again soon"


def test_slow_service_is_a_504(gateway: httpx.Client, test_keys: TestKeys) -> None:
    started = time.monotonic()
    response = gateway.get("/api/v1/wishes/slow", headers=test_keys.headers())
    assert response.status_code == 504
    assert response.json()["code"] == "upstream-timeout"
    assert time.monotonic() - started < 2.5


def test_cors_preflight_is_answered_for_configured_origins(
    gateway: httpx.Client, upstream: httpx.Client
) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "authorization",
    }
    allowed = gateway.options(
        "/api/v1/wishes/cors", headers={"Origin": "http://app.example", **preflight}
    )
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == "http://app.example"
    refused = gateway.options(
        "/api/v1/wishes/cors", headers={"Origin": "http://evil.example", **preflight}
    )
    assert refused.status_code == 400
    assert "access-control-allow-origin" not in refused.headers
    assert _hits(upstream, "/v1/wishes/cors") == 0


def test_health_and_metrics(gateway: httpx.Client, test_keys: TestKeys) -> None:
    assert gateway.get("/healthz").json() == {"status": "ok"}
    gateway.get("/api/v1/wishes/counted", headers=test_keys.headers())
    metrics = gateway.get("/metrics").text
    assert 'route="/api/v1/wishes",status="200"' in metrics


def test_readiness_names_the_service_that_is_down(gateway: httpx.Client) -> None:
    response = gateway.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["not_ready"] == ["grid"]
    assert body["checks"]["grid"]["status"] == "unreachable"
    assert body["checks"]["wishes"] == {"status": "ready"}
