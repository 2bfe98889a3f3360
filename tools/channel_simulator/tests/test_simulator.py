"""The channel simulator in process: the checks a provider makes (credentials, expiring
tokens, robot keys and signatures, a robot's minute), the control API, and what it shows."""

import base64
import hashlib
import hmac
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import quote

import httpx
import pytest
import pytest_asyncio

from weimin_channel_simulator.__main__ import configured, parser
from weimin_channel_simulator.app import create_app
from weimin_channel_simulator.config import Config, from_dict
from weimin_channel_simulator.state import State

ROBOT = "/robot/send?access_token=sim-dingtalk-robot"
SECRET = "SECsim-dingtalk-robot-secret"


class Clock:
    def __init__(self) -> None:
        self.now = 1_800_000_000.0

    def __call__(self) -> float:
        return self.now


@pytest_asyncio.fixture(loop_scope="session")
async def clock() -> Clock:
    return Clock()


@pytest_asyncio.fixture(loop_scope="session")
async def sim(clock: Clock) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(state=State(Config(token_seconds=60), clock=clock))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://sim") as client:
        yield client


def signed(timestamp_ms: int, secret: str = SECRET) -> str:
    digest = hmac.new(secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256)
    sign = base64.b64encode(digest.digest()).decode()
    # The base64 may hold + and /: sent URL-encoded, as DingTalk asks.
    return f"{ROBOT}&timestamp={timestamp_ms}&sign={quote(sign, safe='')}"


async def robot_post(sim: httpx.AsyncClient, url: str) -> dict[str, Any]:
    body = {"msgtype": "markdown", "markdown": {"title": "通知", "text": "### 通知\n内容"}}
    answer: dict[str, Any] = (await sim.post(url, json=body)).json()
    return answer


async def test_dingtalk_robot_signatures_are_verified(sim: httpx.AsyncClient, clock: Clock) -> None:
    now_ms = int(clock.now * 1000)
    assert await robot_post(sim, signed(now_ms)) == {"errcode": 0, "errmsg": "ok"}
    wrong = signed(now_ms, secret="SECanother")
    assert (await robot_post(sim, wrong))["errmsg"] == "sign not match"
    stale = signed(now_ms - 3_601_000)
    assert (await robot_post(sim, stale))["errmsg"] == "invalid timestamp"
    assert (await robot_post(sim, ROBOT))["errcode"] == 310000
    unknown = "/robot/send?access_token=nobody"
    assert (await robot_post(sim, unknown))["errcode"] == 300001
    arrivals = (await sim.get("/_arrivals", params={"channel": "dingtalk_robot"})).json()
    assert [a["signature_verified"] for a in arrivals] == [False, False, False, True]


async def test_tokens_are_checked_and_expire(sim: httpx.AsyncClient, clock: Clock) -> None:
    query = {"corpid": "ww-sim-corp", "corpsecret": "wrong"}
    refused = await sim.get("/cgi-bin/gettoken", params=query)
    assert refused.json()["errcode"] == 40001
    query["corpsecret"] = "sim-wecom-secret"
    issued = await sim.get("/cgi-bin/gettoken", params=query)
    token = issued.json()["access_token"]
    assert issued.json()["expires_in"] == 60
    body = {"touser": "zhangsan", "agentid": 1000002, "msgtype": "text",
            "text": {"content": "你好"}}  # fmt: skip
    sent = await sim.post("/cgi-bin/message/send", params={"access_token": token}, json=body)
    assert sent.json()["errcode"] == 0
    clock.now += 60
    late = await sim.post("/cgi-bin/message/send", params={"access_token": token}, json=body)
    assert late.json() == {"errcode": 42001, "errmsg": "access_token expired"}
    # A WeCom token is no DingTalk token.
    other = await sim.post(
        "/topapi/message/corpconversation/asyncsend_v2", params={"access_token": token}, json={}
    )
    assert other.json()["errcode"] == 40014


async def test_a_wecom_robot_takes_twenty_a_minute(sim: httpx.AsyncClient, clock: Clock) -> None:
    url = "/cgi-bin/webhook/send?key=sim-wecom-robot"
    body = {"msgtype": "text", "text": {"content": "测试", "mentioned_list": ["@all"]}}
    codes = [(await sim.post(url, json=body)).json()["errcode"] for _ in range(21)]
    assert codes == [0] * 20 + [45009]
    clock.now += 60
    assert (await sim.post(url, json=body)).json()["errcode"] == 0
    wrong = await sim.post("/cgi-bin/webhook/send?key=nope", json=body)
    assert wrong.json()["errcode"] == 93000


async def test_failures_are_answered_as_told_then_cleared(sim: httpx.AsyncClient) -> None:
    token_path = "/cgi-bin/token"
    query = {"grant_type": "client_credential", "appid": "wx-sim-app",
             "secret": "sim-wechat-secret"}  # fmt: skip
    told = await sim.post("/_control/fail", json={"path": token_path, "errcode": -1, "times": 2})
    assert told.status_code == 201
    await sim.post("/_control/fail", json={"path": token_path, "status": 503})
    answers = [await sim.get(token_path, params=query) for _ in range(4)]
    assert [a.json()["errcode"] for a in answers[:2]] == [-1, -1]
    assert answers[2].status_code == 503
    assert "access_token" in answers[3].json()
    await sim.post("/_control/fail", json={"path": token_path, "errcode": 45009, "times": 5})
    assert (await sim.delete("/_control/fail")).status_code == 204
    assert "access_token" in (await sim.get(token_path, params=query)).json()
    assert (await sim.post("/_control/fail", json={"path": token_path})).status_code == 400
    stats = (await sim.get("/_stats")).json()
    assert stats["tokens_issued"] == {"wechat_oa": 2}


async def test_the_page_lists_arrivals_in_chinese_escaped(sim: httpx.AsyncClient) -> None:
    assert "还没有消息" in (await sim.get("/")).text
    url = "/cgi-bin/webhook/send?key=sim-wecom-robot"
    await sim.post(url, json={"msgtype": "markdown", "markdown": {"content": "**<b>停水</b>**"}})
    page = (await sim.get("/")).text
    assert "企业微信群机器人" in page
    assert "&lt;b&gt;停水&lt;/b&gt;" in page
    assert "<b>停水" not in page
    assert "已接收" in page


def test_the_configuration_comes_from_a_file_and_the_command_line(tmp_path: Any) -> None:
    path = tmp_path / "channels.json"
    path.write_text('{"wecom": {"corp_id": "ww-1"}, "token_seconds": 5}', encoding="utf-8")
    args = parser().parse_args(
        ["--config", str(path), "--dingtalk-robot", "r2=SECx", "--dingtalk-robot", "r3="]
    )
    config = configured(args)
    assert config.wecom.corp_id == "ww-1"
    assert config.wecom.corp_secret == "sim-wecom-secret"
    assert config.token_seconds == 5
    assert config.dingtalk.robots["r2"] == "SECx"
    assert config.dingtalk.robots["r3"] is None
    with pytest.raises(TypeError):
        from_dict({"wecom": {"corp_secert": "typo"}})
