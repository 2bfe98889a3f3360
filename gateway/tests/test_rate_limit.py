from collections.abc import Callable

import httpx
from gateway_servers import running_gateway

from weimin_gateway.config import GatewaySettings
from weimin_gateway.ratelimit import RateLimiter
from weimin_kit.testing import TestKeys


def test_client_over_its_burst_is_told_to_retry_later(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    settings = gateway_settings(rate_limit_per_second=0.5, rate_limit_burst=2)
    with running_gateway(settings, test_keys) as url, httpx.Client(base_url=url) as client:
        alice = test_keys.headers(subject="alice")
        statuses = [client.get("/api/v1/wishes/1", headers=alice).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        refused = client.get("/api/v1/wishes/1", headers=alice)
        assert refused.headers["retry-after"] == "2"
        assert refused.json()["code"] == "rate-limited"
        # Buckets are per subject: another account is unaffected.
        assert (
            client.get("/api/v1/wishes/1", headers=test_keys.headers(subject="bob")).status_code
            == 200
        )


def test_bucket_refills_at_the_configured_rate() -> None:
    now = [0.0]
    limiter = RateLimiter(2.0, 2, clock=lambda: now[0])
    assert [limiter.acquire("k") for _ in range(3)] == [0, 0, 1]
    now[0] += 0.5
    assert limiter.acquire("k") == 0
    assert limiter.acquire("k") == 1


def test_idle_clients_are_forgotten_when_the_table_is_full() -> None:
    now = [0.0]
    limiter = RateLimiter(1.0, 1, max_clients=2, clock=lambda: now[0])
    limiter.acquire("a")
    limiter.acquire("b")
    now[0] += 5
    limiter.acquire("c")
    assert set(limiter._buckets) == {"c"}


def test_partner_clients_have_a_bucket_each(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    settings = gateway_settings(rate_limit_per_second=0.5, rate_limit_burst=2)

    def partner(client_id: str) -> dict[str, str]:
        return test_keys.headers(
            subject=f"partner:{client_id}", roles=["partner"], aud="weimin-integration"
        )

    with running_gateway(settings, test_keys) as url, httpx.Client(base_url=url) as client:
        first = partner("pc-one")
        statuses = [client.get("/api/v1/wishes/1", headers=first).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        refused = client.get("/api/v1/wishes/1", headers=first)
        assert refused.headers["retry-after"] == "2"
        assert refused.json()["code"] == "rate-limited"
        assert client.get("/api/v1/wishes/1", headers=partner("pc-two")).status_code == 200
        # The token endpoint is public: limited per address, before any client is known.
        assert client.post("/api/v1/oauth/token").status_code != 401


def test_a_token_of_another_audience_that_is_no_partner_is_refused(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    with running_gateway(gateway_settings(), test_keys) as url, httpx.Client(base_url=url) as c:
        forged = test_keys.headers(subject="someone", roles=["admin"], aud="weimin-integration")
        refused = c.get("/api/v1/wishes/1", headers=forged)
        assert (refused.status_code, refused.json()["code"]) == (401, "unauthenticated")
