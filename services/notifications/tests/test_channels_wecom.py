"""The WeCom channels against the channel simulator as a real process: what arrives and in
which shape, the access token kept and renewed, a robot's 20 a minute held back here, and
WeCom's refusals mapped to retry, wait or give up."""

import logging
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))

from channel_sim import LINK_BASE, ManualClock, Simulator, message, running_simulator

from weimin_notifications.channels.base import ChannelError, RateLimited, Target, TargetGone
from weimin_notifications.channels.cn_common import RobotPace
from weimin_notifications.channels.wecom import (
    WeComAppChannel,
    WeComRobotChannel,
    WeComSettings,
    build_wecom,
    build_wecom_robot,
)

SECRET = "corp-secret-for-tests"
ROBOT_KEY = "robot-key-for-tests"
CONFIG = {
    "wecom": {
        "corp_id": "ww-test",
        "corp_secret": SECRET,
        "agent_id": 1000007,
        "users": ["zhangsan", "lisi"],
        "robot_keys": [ROBOT_KEY],
    }
}
SEND = "/cgi-bin/message/send"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def simulator(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Simulator]:
    async with running_simulator(tmp_path_factory.mktemp("wecom"), CONFIG) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="session")
async def sim(simulator: Simulator) -> AsyncIterator[Simulator]:
    await simulator.reset()
    yield simulator


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def app_channel(
    sim: Simulator, http: httpx.AsyncClient, clock: ManualClock | None = None, **given: str
) -> WeComAppChannel:
    return WeComAppChannel(
        http=http, api_base=sim.base_url, corp_id="ww-test",
        corp_secret=given.get("secret", SECRET), agent_id=1000007, link_base=LINK_BASE,
        clock=clock or ManualClock(),
    )  # fmt: skip


def robot(sim: Simulator, key: str = ROBOT_KEY) -> Target:
    return Target(f"{sim.base_url}/cgi-bin/webhook/send?key={key}")


async def test_an_app_message_with_a_link_arrives_as_a_text_card(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    message_id = await app_channel(sim, http).send(Target("zhangsan"), message())
    [arrival] = await sim.arrivals("wecom")
    assert arrival["errcode"] == 0
    assert message_id == arrival["message_id"]
    assert arrival["body"] == {
        "touser": "zhangsan",
        "agentid": 1000007,
        "msgtype": "textcard",
        "textcard": {
            "title": "新事件待处理",
            "description": "幸福里 3 号楼 配电箱漏电，请尽快处理。",
            "url": "https://weimin.example.cn/incidents/42",
            "btntxt": "详情",
        },
        "enable_duplicate_check": 1,
        "duplicate_check_interval": 1800,
    }
    await app_channel(sim, http).send(Target("lisi"), message(link=None))
    text = (await sim.arrivals("wecom"))[0]["body"]
    assert text["msgtype"] == "text"
    assert text["text"] == {"content": "新事件待处理\n幸福里 3 号楼 配电箱漏电，请尽快处理。"}


async def test_the_token_is_kept_renewed_before_expiry_and_after_a_refusal(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    clock = ManualClock()
    channel = app_channel(sim, http, clock)
    for _ in range(3):
        await channel.send(Target("zhangsan"), message())
    assert await sim.tokens_issued("wecom") == 1
    # Its 7200 s nearly gone on the channel's clock: a new one before WeCom refuses it.
    clock.advance(7200 - 300)
    await channel.send(Target("zhangsan"), message())
    assert await sim.tokens_issued("wecom") == 2
    # WeCom ends it early (42001): fetched again once, and the message still goes.
    await sim.expire_tokens()
    await channel.send(Target("zhangsan"), message())
    assert await sim.tokens_issued("wecom") == 3
    assert [a["errcode"] for a in await sim.arrivals("wecom")] == [0] * 5


async def test_wecom_refusals_map_to_retry_wait_or_give_up(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = app_channel(sim, http)
    await sim.fail(SEND, errcode=-1)
    with pytest.raises(ChannelError) as busy:
        await channel.send(Target("zhangsan"), message())
    assert busy.value.retryable
    assert not isinstance(busy.value, RateLimited)
    await sim.fail(SEND, errcode=45009)
    with pytest.raises(RateLimited) as limited:
        await channel.send(Target("zhangsan"), message())
    assert limited.value.retry_after == 60
    await sim.fail(SEND, status=503)
    with pytest.raises(ChannelError, match="http 503") as unavailable:
        await channel.send(Target("zhangsan"), message())
    assert unavailable.value.retryable
    await sim.fail(SEND, errcode=60111)
    with pytest.raises(TargetGone):
        await channel.send(Target("zhangsan"), message())
    # Not a member (the simulator knows two): WeCom's own 81013.
    with pytest.raises(TargetGone, match="errcode 81013") as gone:
        await channel.send(Target("wangwu"), message())
    assert not gone.value.retryable
    assert "wangwu" not in gone.value.reason
    with pytest.raises(ChannelError, match="wecom token: errcode 40001") as wrong:
        await app_channel(sim, http, secret="not-the-secret").send(Target("lisi"), message())
    assert not wrong.value.retryable
    assert "not-the-secret" not in wrong.value.reason


async def test_a_robot_gets_markdown_and_an_urgent_text_calls_everyone(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = WeComRobotChannel(http=http, api_base=sim.base_url, link_base=LINK_BASE)
    assert await channel.send(robot(sim), message()) is None
    assert (await sim.arrivals("wecom_robot"))[0]["body"] == {
        "msgtype": "markdown",
        "markdown": {
            "content": "**[新事件待处理](https://weimin.example.cn/incidents/42)**\n"
            "幸福里 3 号楼 配电箱漏电，请尽快处理。"
        },
    }
    await channel.send(robot(sim), message(urgent=True, title="火警", link=None))
    urgent = (await sim.arrivals("wecom_robot"))[0]
    assert urgent["body"]["msgtype"] == "text"
    assert urgent["body"]["text"]["mentioned_list"] == ["@all"]
    assert urgent["mentions_all"]


async def test_a_robot_takes_twenty_a_minute_then_waits_its_turn(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    clock = ManualClock()
    channel = WeComRobotChannel(
        http=http, api_base=sim.base_url, link_base=LINK_BASE, pace=RobotPace(clock=clock)
    )
    for _ in range(20):
        await channel.send(robot(sim), message())
        clock.advance(1)
    with pytest.raises(RateLimited) as held:
        await channel.send(robot(sim), message())
    # The first of the twenty was 20 s ago: a turn comes when it is a minute old.
    assert held.value.retry_after == pytest.approx(40)
    assert len(await sim.arrivals("wecom_robot")) == 20
    # Past the window here, but WeCom's own minute (real time) is not over: its 45009.
    clock.advance(held.value.retry_after)
    with pytest.raises(RateLimited, match="errcode 45009"):
        await channel.send(robot(sim), message())


async def test_robot_addresses_are_checked_here_and_by_wecom(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = WeComRobotChannel(http=http, api_base=sim.base_url, link_base=LINK_BASE)
    with pytest.raises(ChannelError, match="not a WeCom robot address") as elsewhere:
        await channel.send(Target("http://127.0.0.1:9/cgi-bin/webhook/send?key=k"), message())
    assert not elsewhere.value.retryable
    with pytest.raises(TargetGone, match="errcode 93000"):
        await channel.send(robot(sim, key="removed-robot"), message())
    assert await sim.arrivals("wecom_robot") == []


async def test_no_log_line_holds_a_token_secret_or_robot_key(
    sim: Simulator, http: httpx.AsyncClient, caplog: pytest.LogCaptureFixture
) -> None:
    settings = WeComSettings(
        wecom_api_base=sim.base_url, wecom_corp_id="ww-test",
        wecom_corp_secret=SECRET, wecom_agent_id=1000007,
    )  # fmt: skip
    app, group = build_wecom(settings, http, LINK_BASE), build_wecom_robot(settings, http, "")
    assert app is not None
    assert group is not None
    caplog.set_level(logging.DEBUG, logger="httpx")
    await app.send(Target("zhangsan"), message())
    await group.send(robot(sim), message())
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "HTTP Request: POST" in logged
    for secret in ("access_token", SECRET, ROBOT_KEY):
        assert secret not in logged


def test_the_app_channel_is_off_until_configured(http: httpx.AsyncClient) -> None:
    assert build_wecom(WeComSettings(), http, LINK_BASE) is None
    assert build_wecom_robot(WeComSettings(), http, LINK_BASE) is not None
