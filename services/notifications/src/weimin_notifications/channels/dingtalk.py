"""DingTalk (钉钉): an application's work notice to one member, and signed custom robots.

The work notice is an `action_card` (title, markdown body, one button to the link) when the
notification has a link, `text` otherwise; DingTalk sends it asynchronously and answers a
task id. A robot gets an `actionCard` with the link's button, or `markdown`; an urgent
notification is `markdown` calling everyone (`isAtAll`), which action cards cannot.

Robots are signed (their "加签" security setting): `timestamp` in ms and `sign`, the
standard base64 of HMAC-SHA256 keyed by the robot's `SEC…` secret over
"<timestamp>\\n<secret>", URL-encoded, appended to the webhook address.
"""

import base64
import hashlib
import hmac
import time
from collections.abc import Callable
from typing import Any, ClassVar
from urllib.parse import quote

import httpx
from pydantic import SecretStr

from weimin_kit.settings import ServiceSettings
from weimin_notifications.channels.base import Channel, ChannelError, OutgoingMessage, Target
from weimin_notifications.channels.cn_common import (
    AccessToken,
    Clock,
    RobotPace,
    call,
    errcode,
    joined,
    quiet_query_strings,
    refused,
    robot_address_ok,
    with_token,
)

#: Invalid or expired token (DingTalk also answers 88 with these as `sub_code`).
STALE_TOKEN = frozenset({40014, 42001})
#: 90018: the application's calls are over DingTalk's frequency limit.
LIMITED = {90018: 60.0}
#: 33012: no such user id.
GONE = frozenset({33012})
#: A robot sending too fast (130101; 410100 in newer answers) is stopped for ten minutes.
ROBOT_LIMITED = {130101: 600.0, 410100: 600.0}
#: 300001: the robot's token does not exist (the robot was removed). 310000 (a wrong
#: signature, a stale timestamp, a missing keyword, an address not allowed) is a setting
#: to fix, not retried, like every code not named.
ROBOT_GONE = frozenset({300001})


class DingTalkSettings(ServiceSettings):
    dingtalk_api_base: str = "https://oapi.dingtalk.com"
    #: The internal application work notices are sent as; off without all three. Robots
    #: need none of them.
    dingtalk_app_key: str | None = None
    dingtalk_app_secret: SecretStr | None = None
    dingtalk_agent_id: int | None = None
    #: The action card's one button.
    dingtalk_button_text: str = "查看详情"


def robot_signature(secret: str, timestamp_ms: int) -> str:
    digest = hmac.new(
        secret.encode(), f"{timestamp_ms}\n{secret}".encode(), hashlib.sha256
    ).digest()
    return base64.b64encode(digest).decode()


def _stale(answer: dict[str, Any]) -> bool:
    code = errcode(answer)
    if code == 88:
        return str(answer.get("sub_code")) in {str(c) for c in STALE_TOKEN}
    return code in STALE_TOKEN


class DingTalkWorkChannel:
    name: ClassVar[str] = "dingtalk"

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        api_base: str,
        app_key: str,
        app_secret: str,
        agent_id: int,
        link_base: str,
        button_text: str = "查看详情",
        clock: Clock = time.monotonic,
    ) -> None:
        self._http = http
        self._api_base = api_base.rstrip("/")
        self._app_key = app_key
        self._app_secret = app_secret
        self._agent_id = agent_id
        self._link_base = link_base
        self._button_text = button_text
        self._token = AccessToken(self._fetch_token, clock)

    async def _fetch_token(self) -> tuple[str, float]:
        params = {"appkey": self._app_key, "appsecret": self._app_secret}
        url = f"{self._api_base}/gettoken"
        answer = await call(self._http, self.name, "GET", url, params=params)
        if code := errcode(answer):
            raise refused(f"{self.name} token", code)
        return str(answer["access_token"]), float(answer.get("expires_in", 7200))

    def payload(self, target: Target, message: OutgoingMessage) -> dict[str, Any]:
        url = joined(self._link_base, message.link)
        if url is None:
            msg = {"msgtype": "text", "text": {"content": f"{message.title}\n{message.body}"}}
        else:
            card = {
                "title": message.title,
                "markdown": f"### {message.title}\n{message.body}",
                "single_title": self._button_text,
                "single_url": url,
            }
            msg = {"msgtype": "action_card", "action_card": card}
        return {"agent_id": self._agent_id, "userid_list": target.address, "msg": msg}

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        payload = self.payload(target, message)
        url = f"{self._api_base}/topapi/message/corpconversation/asyncsend_v2"

        async def post(token: str) -> dict[str, Any]:
            params = {"access_token": token}
            return await call(self._http, self.name, "POST", url, params=params, json=payload)

        answer = await with_token(self._token, post, _stale)
        if code := errcode(answer):
            raise refused(self.name, code, gone=GONE, limited=LIMITED)
        task_id = answer.get("task_id")
        return None if task_id is None else str(task_id)


class DingTalkRobotChannel:
    """A custom group robot: `Target.address` is its webhook address (`…/robot/send?
    access_token=`), `Target.secret` its signing secret (none for an unsigned robot)."""

    name: ClassVar[str] = "dingtalk_robot"

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        api_base: str,
        link_base: str,
        button_text: str = "查看详情",
        pace: RobotPace | None = None,
        wall_clock: Callable[[], float] = time.time,
    ) -> None:
        self._http = http
        self._api_base = api_base
        self._link_base = link_base
        self._button_text = button_text
        self.pace = pace or RobotPace()
        # The signature's timestamp is wall-clock time, checked by DingTalk within an hour.
        self._wall_clock = wall_clock

    def payload(self, message: OutgoingMessage) -> dict[str, Any]:
        url = joined(self._link_base, message.link)
        text = f"### {message.title}\n{message.body}"
        if message.urgent or url is None:
            if url:
                text += f"\n\n[{message.title}]({url})"
            body: dict[str, Any] = {
                "msgtype": "markdown",
                "markdown": {"title": message.title, "text": text},
            }
            if message.urgent:
                body["at"] = {"isAtAll": True}
            return body
        card = {"title": message.title, "text": text, "singleTitle": self._button_text,
                "singleURL": url}  # fmt: skip
        return {"msgtype": "actionCard", "actionCard": card}

    def signed(self, target: Target) -> str:
        if not target.secret:
            return target.address
        timestamp = int(self._wall_clock() * 1000)
        sign = quote(robot_signature(target.secret, timestamp), safe="")
        return f"{target.address}&timestamp={timestamp}&sign={sign}"

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        if not robot_address_ok(target.address, self._api_base, "/robot/send", "access_token"):
            raise ChannelError(f"{self.name}: not a DingTalk robot address", retryable=False)
        self.pace.take(target.address, self.name)
        answer = await call(
            self._http, self.name, "POST", self.signed(target), json=self.payload(message)
        )
        if code := errcode(answer):
            raise refused(self.name, code, gone=ROBOT_GONE, limited=ROBOT_LIMITED)
        return None


def build_dingtalk(
    settings: DingTalkSettings, http: httpx.AsyncClient, link_base: str
) -> Channel | None:
    """The work-notice channel, or None while the application is not configured."""
    if (
        settings.dingtalk_app_key is None
        or settings.dingtalk_app_secret is None
        or settings.dingtalk_agent_id is None
    ):
        return None
    quiet_query_strings()
    return DingTalkWorkChannel(
        http=http,
        api_base=settings.dingtalk_api_base,
        app_key=settings.dingtalk_app_key,
        app_secret=settings.dingtalk_app_secret.get_secret_value(),
        agent_id=settings.dingtalk_agent_id,
        link_base=link_base,
        button_text=settings.dingtalk_button_text,
    )


def build_dingtalk_robot(
    settings: DingTalkSettings, http: httpx.AsyncClient, link_base: str
) -> Channel | None:
    """Always built: each robot's address and secret come with its target."""
    quiet_query_strings()
    return DingTalkRobotChannel(
        http=http,
        api_base=settings.dingtalk_api_base,
        link_base=link_base,
        button_text=settings.dingtalk_button_text,
    )
