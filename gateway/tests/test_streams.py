"""Only stream routes go without a read timeout: other calls on the same resource time out."""

import time

import httpx

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
