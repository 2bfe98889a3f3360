"""The WeChat Official Account channel against the channel simulator as a real process:
template messages built from the message's variables, the template chosen by kind when
the message names none, the token kept and renewed, and WeChat's refusals mapped."""

import sys
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
import pytest_asyncio

sys.path.insert(0, str(Path(__file__).parent))

from channel_sim import LINK_BASE, ManualClock, Simulator, message, running_simulator

from weimin_notifications.channels.base import ChannelError, RateLimited, Target, TargetGone
from weimin_notifications.channels.wechat_oa import (
    WeChatOfficialAccountChannel,
    WeChatSettings,
    build_wechat_oa,
)

CONFIG = {
    "wechat_oa": {
        "app_id": "wx-test",
        "app_secret": "wechat-secret-for-tests",
        "templates": ["tpl-incident", "tpl-alarm"],
        "unsubscribed": ["o-unfollowed"],
        "unknown": ["o-never"],
    }
}
SEND = "/cgi-bin/message/template/send"
VARIABLES = {"thing1": "配电箱漏电", "time2": "2026-12-08 09:30"}


@pytest_asyncio.fixture(scope="module", loop_scope="session")
async def simulator(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Simulator]:
    async with running_simulator(tmp_path_factory.mktemp("wechat"), CONFIG) as running:
        yield running


@pytest_asyncio.fixture(loop_scope="session")
async def sim(simulator: Simulator) -> AsyncIterator[Simulator]:
    await simulator.reset()
    yield simulator


@pytest_asyncio.fixture(loop_scope="session")
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


def channel(
    sim: Simulator, http: httpx.AsyncClient, clock: ManualClock | None = None
) -> WeChatOfficialAccountChannel:
    return WeChatOfficialAccountChannel(
        http=http, api_base=sim.base_url, app_id="wx-test", app_secret="wechat-secret-for-tests",
        link_base=LINK_BASE, templates={"alarm.raised": "tpl-alarm"}, clock=clock or ManualClock(),
    )  # fmt: skip


async def test_a_template_message_arrives_with_its_variables(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    sent = message(template="tpl-incident", variables=VARIABLES)
    message_id = await channel(sim, http).send(Target("o-resident"), sent)
    [arrival] = await sim.arrivals("wechat_oa")
    assert message_id == arrival["message_id"]
    assert arrival["body"] == {
        "touser": "o-resident",
        "template_id": "tpl-incident",
        "url": "https://weimin.example.cn/incidents/42",
        "data": {"thing1": {"value": "配电箱漏电"}, "time2": {"value": "2026-12-08 09:30"}},
        "client_msg_id": str(sent.delivery_id),
    }
    # No template named: the one configured for its kind; no link, no url.
    await channel(sim, http).send(
        Target("o-resident"), message(kind="alarm.raised", link=None, variables=VARIABLES)
    )
    alarm = (await sim.arrivals("wechat_oa"))[0]["body"]
    assert alarm["template_id"] == "tpl-alarm"
    assert "url" not in alarm
    with pytest.raises(ChannelError, match=r"no template for incident\.assigned") as none:
        await channel(sim, http).send(Target("o-resident"), message(variables=VARIABLES))
    assert not none.value.retryable


async def test_the_token_is_kept_and_renewed(sim: Simulator, http: httpx.AsyncClient) -> None:
    clock = ManualClock()
    oa = channel(sim, http, clock)
    sent = message(template="tpl-incident", variables=VARIABLES)
    await oa.send(Target("o-resident"), sent)
    await oa.send(Target("o-resident"), sent)
    assert await sim.tokens_issued("wechat_oa") == 1
    clock.advance(7200)
    await oa.send(Target("o-resident"), sent)
    assert await sim.tokens_issued("wechat_oa") == 2
    # 40001: "not latest", a token fetched anew elsewhere ended this one.
    await sim.fail(SEND, errcode=40001, errmsg="invalid credential")
    await oa.send(Target("o-resident"), sent)
    assert await sim.tokens_issued("wechat_oa") == 3
    assert len(await sim.arrivals("wechat_oa")) == 4


async def test_wechat_refusals_map_to_retry_wait_or_give_up(
    sim: Simulator, http: httpx.AsyncClient
) -> None:
    oa = channel(sim, http)
    sent = message(template="tpl-incident", variables=VARIABLES)
    with pytest.raises(TargetGone, match="errcode 43004") as unfollowed:
        await oa.send(Target("o-unfollowed"), sent)
    assert "o-unfollowed" not in unfollowed.value.reason
    with pytest.raises(TargetGone, match="errcode 40003"):
        await oa.send(Target("o-never"), sent)
    with pytest.raises(ChannelError, match="errcode 40037") as template:
        await oa.send(Target("o-resident"), message(template="tpl-gone", variables=VARIABLES))
    assert not template.value.retryable
    await sim.fail(SEND, errcode=45009)
    with pytest.raises(RateLimited):
        await oa.send(Target("o-resident"), sent)
    await sim.fail(SEND, errcode=-1)
    with pytest.raises(ChannelError) as busy:
        await oa.send(Target("o-resident"), sent)
    assert busy.value.retryable


def test_the_channel_is_off_until_configured(http: httpx.AsyncClient) -> None:
    assert build_wechat_oa(WeChatSettings(), http, LINK_BASE) is None
    configured = WeChatSettings(
        wechat_app_id="wx", wechat_app_secret="s", wechat_templates={"a.b": "tpl"}
    )
    assert isinstance(build_wechat_oa(configured, http, LINK_BASE), WeChatOfficialAccountChannel)
