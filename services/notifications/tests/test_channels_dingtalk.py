"""The DingTalk channels against the channel simulator as a real process: work notices with
their token, signed robots whose signature the simulator verifies (a wrong secret is
refused for good), a robot's 20 a minute, and DingTalk's refusals mapped."""

import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))

from channel_sim import LINK_BASE, ManualClock, Simulator, message, running_simulator

from weimin_notifications.channels.base import ChannelError, RateLimited, Target, TargetGone
from weimin_notifications.channels.cn_common import RobotPace
from weimin_notifications.channels.dingtalk import (
    DingTalkRobotChannel,
    DingTalkSettings,
    DingTalkWorkChannel,
    build_dingtalk,
    build_dingtalk_robot,
    robot_signature,
)

ROBOT_SECRET = "SECrobot-secret-for-tests"
CONFIG = {
    "dingtalk": {
        "app_key": "ding-test",
        "app_secret": "app-secret-for-tests",
        "agent_id": 3000003,
        "robots": {"signed-robot": ROBOT_SECRET, "open-robot": None},
    }
}
SEND = "/topapi/message/corpconversation/asyncsend_v2"


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def simulator(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Simulator]:
    async with running_simulator(tmp_path_factory.mktemp("dingtalk"), CONFIG) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="session")
async def sim(simulator: Simulator) -> AsyncIterator[Simulator]:
    await simulator.reset()
    yield simulator


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def work(sim: Simulator, http: httpx.AsyncClient, clock: ManualClock) -> DingTalkWorkChannel:
    return DingTalkWorkChannel(
        http=http, api_base=sim.base_url, app_key="ding-test",
        app_secret="app-secret-for-tests", agent_id=3000003, link_base=LINK_BASE, clock=clock,
    )  # fmt: skip


def robot(sim: Simulator, secret: str | None = ROBOT_SECRET, name: str = "signed-robot") -> Target:
    return Target(f"{sim.base_url}/robot/send?access_token={name}", secret=secret)


def test_the_signature_is_signed_and_url_encoded_as_dingtalk_documents() -> None:
    # HMAC-SHA256 keyed by the secret over "<timestamp>\n<secret>", standard base64: the
    # value worked out once with hmac and base64 for this secret and timestamp.
    assert robot_signature("SECabc", 1700000000011) == (
        "xExLZuBAxaIrop0wGL20/+du634TRY5oq4uQ3Y9B5rw="
    )
    channel = DingTalkRobotChannel(
        http=httpx.AsyncClient(), api_base="https://oapi.dingtalk.com", link_base=LINK_BASE,
        wall_clock=lambda: 1700000000.011,
    )  # fmt: skip
    address = "https://oapi.dingtalk.com/robot/send?access_token=t"
    assert channel.signed(Target(address, secret="SECabc")) == (
        f"{address}&timestamp=1700000000011&sign=xExLZuBAxaIrop0wGL20%2F%2Bdu634TRY5oq4uQ3Y9B5rw%3D"
    )


async def test_a_work_notice_arrives_as_an_action_card_and_keeps_its_token(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    clock = ManualClock()
    channel = work(sim, http, clock)
    task_id = await channel.send(Target("manager01"), message())
    [arrival] = await sim.arrivals("dingtalk")
    assert task_id == arrival["message_id"]
    assert arrival["body"] == {
        "agent_id": 3000003,
        "userid_list": "manager01",
        "msg": {
            "msgtype": "action_card",
            "action_card": {
                "title": "新事件待处理",
                "markdown": "### 新事件待处理\n幸福里 3 号楼 配电箱漏电，请尽快处理。",
                "single_title": "查看详情",
                "single_url": "https://weimin.example.cn/incidents/42",
            },
        },
    }
    await channel.send(Target("manager01"), message(link=None))
    assert (await sim.arrivals("dingtalk"))[0]["body"]["msg"]["msgtype"] == "text"
    assert await sim.tokens_issued("dingtalk") == 1
    clock.advance(7200)
    await channel.send(Target("manager01"), message())
    assert await sim.tokens_issued("dingtalk") == 2
    await sim.expire_tokens()
    await channel.send(Target("manager01"), message())
    assert await sim.tokens_issued("dingtalk") == 3
    assert [a["errcode"] for a in await sim.arrivals("dingtalk")] == [0] * 4


async def test_work_notice_refusals_map_to_retry_wait_or_give_up(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = work(sim, http, ManualClock())
    await sim.fail(SEND, errcode=-1)
    with pytest.raises(ChannelError) as busy:
        await channel.send(Target("manager01"), message())
    assert busy.value.retryable
    await sim.fail(SEND, errcode=90018)
    with pytest.raises(RateLimited):
        await channel.send(Target("manager01"), message())
    await sim.fail(SEND, errcode=33012)
    with pytest.raises(TargetGone):
        await channel.send(Target("manager01"), message())
    await sim.fail("/gettoken", status=503)
    with pytest.raises(ChannelError, match="http 503") as down:
        await work(sim, http, ManualClock()).send(Target("manager01"), message())
    assert down.value.retryable


async def test_a_signed_robot_message_is_verified_by_dingtalk(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = DingTalkRobotChannel(http=http, api_base=sim.base_url, link_base=LINK_BASE)
    await channel.send(robot(sim), message())
    [card] = await sim.arrivals("dingtalk_robot")
    assert card["signature_verified"] is True
    assert card["body"] == {
        "msgtype": "actionCard",
        "actionCard": {
            "title": "新事件待处理",
            "text": "### 新事件待处理\n幸福里 3 号楼 配电箱漏电，请尽快处理。",
            "singleTitle": "查看详情",
            "singleURL": "https://weimin.example.cn/incidents/42",
        },
    }
    await channel.send(robot(sim), message(urgent=True, title="火警"))
    urgent = (await sim.arrivals("dingtalk_robot"))[0]
    assert urgent["signature_verified"] is True
    assert urgent["body"]["msgtype"] == "markdown"
    assert urgent["body"]["at"] == {"isAtAll": True}
    assert "(https://weimin.example.cn/incidents/42)" in urgent["body"]["markdown"]["text"]
    # A robot without signing gets the address as it is.
    await channel.send(robot(sim, secret=None, name="open-robot"), message(link=None))
    assert (await sim.arrivals("dingtalk_robot"))[0]["errcode"] == 0


async def test_a_wrong_secret_or_a_stale_timestamp_is_refused_for_good(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = DingTalkRobotChannel(http=http, api_base=sim.base_url, link_base=LINK_BASE)
    with pytest.raises(ChannelError, match="errcode 310000") as wrong:
        await channel.send(robot(sim, secret="SECnot-the-secret"), message())
    assert not wrong.value.retryable
    assert "SEC" not in wrong.value.reason
    [refused] = await sim.arrivals("dingtalk_robot")
    assert refused["signature_verified"] is False
    assert refused["errmsg"] == "sign not match"
    two_hours_ago = DingTalkRobotChannel(
        http=http, api_base=sim.base_url, link_base=LINK_BASE,
        wall_clock=lambda: time.time() - 7200,
    )  # fmt: skip
    with pytest.raises(ChannelError, match="errcode 310000"):
        await two_hours_ago.send(robot(sim), message())
    assert (await sim.arrivals("dingtalk_robot"))[0]["errmsg"] == "invalid timestamp"


async def test_a_robot_takes_twenty_a_minute_and_too_fast_waits_ten_minutes(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    clock = ManualClock()
    channel = DingTalkRobotChannel(
        http=http, api_base=sim.base_url, link_base=LINK_BASE, pace=RobotPace(clock=clock)
    )
    for _ in range(20):
        await channel.send(robot(sim), message())
        clock.advance(2)
    with pytest.raises(RateLimited) as held:
        await channel.send(robot(sim), message())
    assert held.value.retry_after == pytest.approx(20)
    assert len(await sim.arrivals("dingtalk_robot")) == 20
    clock.advance(20)
    with pytest.raises(RateLimited, match="errcode 130101") as too_fast:
        await channel.send(robot(sim), message())
    assert too_fast.value.retry_after == 600


async def test_robot_addresses_are_checked_here_and_by_dingtalk(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    channel = DingTalkRobotChannel(http=http, api_base=sim.base_url, link_base=LINK_BASE)
    with pytest.raises(ChannelError, match="not a DingTalk robot address"):
        await channel.send(Target("https://example.com/robot/send?access_token=x"), message())
    with pytest.raises(TargetGone, match="errcode 300001"):
        await channel.send(robot(sim, name="removed-robot"), message())


def test_the_work_channel_is_off_until_configured(http: httpx.AsyncClient) -> None:
    assert build_dingtalk(DingTalkSettings(), http, LINK_BASE) is None
    configured = DingTalkSettings(
        dingtalk_app_key="k", dingtalk_app_secret="s", dingtalk_agent_id=1
    )
    assert isinstance(build_dingtalk(configured, http, LINK_BASE), DingTalkWorkChannel)
    assert build_dingtalk_robot(DingTalkSettings(), http, LINK_BASE) is not None
