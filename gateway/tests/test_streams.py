"""Only stream routes go without a read timeout: other calls on the same resource time out."""

import time
from collections.abc import Callable
from contextlib import ExitStack

import httpx
from gateway_servers import running_gateway

from weimin_gateway.config import GatewaySettings
from weimin_kit.testing import TestKeys


def test_an_ordinary_joint_defence_call_times_out(
    routed_gateway: httpx.Client, test_keys: TestKeys
) -> None:
    started = time.monotonic()
    response = routed_gateway.get(
        "/api/v1/joint-defence/groups/g1/slow", headers=test_keys.headers()
    )
    # The upstream answers after 3 s; the gateway's read timeout is 1 s.
    assert response.status_code == 504
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "upstream-timeout"
    assert time.monotonic() - started < 2.5


def test_the_joint_defence_alarm_stream_has_no_read_timeout(
    routed_gateway: httpx.Client, test_keys: TestKeys
) -> None:
    path = "/api/v1/joint-defence/groups/g1/alarms/stream"
    with routed_gateway.stream("GET", path, headers=test_keys.headers()) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = [line for line in response.iter_lines() if line]
    # 1.5 s pass between the two events, longer than the 1 s read timeout.
    assert events == ["data: first", "data: second"]


def test_open_streams_do_not_take_the_connections_of_ordinary_requests(
    gateway_settings: Callable[..., GatewaySettings], test_keys: TestKeys
) -> None:
    # One pooled connection for ordinary requests: were streams drawn from the same pool,
    # the second stream (and the GET) would wait for the first stream to end, 1.5 s later,
    # and time out on the client's 1 s read timeout.
    settings = gateway_settings(upstream_max_connections=1)
    path = "/api/v1/wall/stream"
    with (
        running_gateway(settings, test_keys) as url,
        httpx.Client(base_url=url, timeout=httpx.Timeout(5.0, read=1.0)) as client,
        ExitStack() as streams,
    ):
        started = time.monotonic()
        for _ in range(3):
            response = streams.enter_context(
                client.stream("GET", path, headers=test_keys.headers())
            )
            assert next(response.iter_lines()) == "data: first"
        answer = client.get("/api/v1/wishes/w1", headers=test_keys.headers())
        assert answer.status_code == 200
        # All before the first stream's upstream sent its second event: it was still open.
        assert time.monotonic() - started < 1.5
