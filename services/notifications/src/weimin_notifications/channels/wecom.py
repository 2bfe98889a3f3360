"""WeCom (企业微信): an application's message to one member, and group robots.

The application message is a `textcard` (title, description and the link's button) when
the notification has a link, plain `text` otherwise. WeCom de-duplicates identical
messages to one member for 30 minutes (`enable_duplicate_check`), so a retry after a lost
answer is not shown twice. A group robot gets `markdown` (the bold title linking to the
app, then the body), or for an urgent notification `text` calling @all, which markdown
cannot.
"""

import time
from typing import Any, ClassVar

import httpx
from pydantic import Field, SecretStr

from weimin_kit.settings import ServiceSettings
from weimin_notifications.channels.base import Channel, ChannelError, OutgoingMessage, Target
from weimin_notifications.channels.cn_common import (
    AccessToken,
    Clock,
    RobotPace,
    call,
    clip,
    errcode,
    joined,
    quiet_query_strings,
    refused,
    robot_address_ok,
    with_token,
)

#: Invalid or expired token: fetch another and send once more.
STALE_TOKEN = frozenset({40014, 42001})
#: 45009 API calls too frequent, 45033 too many concurrent calls.
LIMITED = {45009: 60.0, 45033: 10.0}
#: 60111 no such user id, 81013 no valid recipient (the member left or lost access).
GONE = frozenset({60111, 81013})
#: The robot's webhook address is no longer valid (the robot was removed).
ROBOT_GONE = frozenset({93000})
# WeCom's limits, in bytes.
TITLE_BYTES, DESCRIPTION_BYTES, TEXT_BYTES, MARKDOWN_BYTES = 128, 512, 2048, 4096


class WeComSettings(ServiceSettings):
    wecom_api_base: str = "https://qyapi.weixin.qq.com"
    #: The corporation and the self-built application messages are sent as; the
    #: application channel is off without all three. Robots need none of them.
    wecom_corp_id: str | None = None
    wecom_corp_secret: SecretStr | None = None
    wecom_agent_id: int | None = None
    #: The text card's button (WeCom allows four characters).
    wecom_button_text: str = Field(default="详情", max_length=4)


class WeComAppChannel:
    name: ClassVar[str] = "wecom"

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        api_base: str,
        corp_id: str,
        corp_secret: str,
        agent_id: int,
        link_base: str,
        button_text: str = "详情",
        clock: Clock = time.monotonic,
    ) -> None:
        self._http = http
        self._api_base = api_base.rstrip("/")
        self._corp_id = corp_id
        self._corp_secret = corp_secret
        self._agent_id = agent_id
        self._link_base = link_base
        self._button_text = button_text
        self._token = AccessToken(self._fetch_token, clock)

    async def _fetch_token(self) -> tuple[str, float]:
        params = {"corpid": self._corp_id, "corpsecret": self._corp_secret}
        url = f"{self._api_base}/cgi-bin/gettoken"
        answer = await call(self._http, self.name, "GET", url, params=params)
        if code := errcode(answer):
            raise refused(f"{self.name} token", code)
        return str(answer["access_token"]), float(answer.get("expires_in", 7200))

    def payload(self, target: Target, message: OutgoingMessage) -> dict[str, Any]:
        body: dict[str, Any] = {
            "touser": target.address,
            "agentid": self._agent_id,
            "enable_duplicate_check": 1,
            "duplicate_check_interval": 1800,
        }
        url = joined(self._link_base, message.link)
        if url is None:
            text = clip(f"{message.title}\n{message.body}", TEXT_BYTES)
            return {**body, "msgtype": "text", "text": {"content": text}}
        card = {
            "title": clip(message.title, TITLE_BYTES),
            "description": clip(message.body, DESCRIPTION_BYTES),
            "url": url,
            "btntxt": self._button_text,
        }
        return {**body, "msgtype": "textcard", "textcard": card}

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        payload = self.payload(target, message)
        url = f"{self._api_base}/cgi-bin/message/send"

        async def post(token: str) -> dict[str, Any]:
            params = {"access_token": token}
            return await call(self._http, self.name, "POST", url, params=params, json=payload)

        answer = await with_token(self._token, post, lambda a: errcode(a) in STALE_TOKEN)
        if code := errcode(answer):
            raise refused(self.name, code, gone=GONE, limited=LIMITED)
        # With one recipient WeCom answers 81013 when it is invalid; a partly valid send
        # (never ours) would list it here instead.
        if target.address in str(answer.get("invaliduser", "")).split("|"):
            raise refused(self.name, 81013, gone=GONE)
        message_id = answer.get("msgid")
        return None if message_id is None else str(message_id)


class WeComRobotChannel:
    """A group robot: `Target.address` is its webhook address (`…/cgi-bin/webhook/send?key=`).
    It posts into a group chat, so no personal data belongs in what it is given."""

    name: ClassVar[str] = "wecom_robot"

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        api_base: str,
        link_base: str,
        pace: RobotPace | None = None,
    ) -> None:
        self._http = http
        self._api_base = api_base
        self._link_base = link_base
        self.pace = pace or RobotPace()

    def payload(self, message: OutgoingMessage) -> dict[str, Any]:
        url = joined(self._link_base, message.link)
        if message.urgent:
            text = "\n".join(part for part in (message.title, message.body, url) if part)
            content = {"content": clip(text, TEXT_BYTES), "mentioned_list": ["@all"]}
            return {"msgtype": "text", "text": content}
        title = f"**[{message.title}]({url})**" if url else f"**{message.title}**"
        markdown = clip(f"{title}\n{message.body}", MARKDOWN_BYTES)
        return {"msgtype": "markdown", "markdown": {"content": markdown}}

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        if not robot_address_ok(target.address, self._api_base, "/cgi-bin/webhook/send", "key"):
            raise ChannelError(f"{self.name}: not a WeCom robot address", retryable=False)
        self.pace.take(target.address, self.name)
        answer = await call(
            self._http, self.name, "POST", target.address, json=self.payload(message)
        )
        if code := errcode(answer):
            raise refused(self.name, code, gone=ROBOT_GONE, limited={45009: 60.0})
        return None


def build_wecom(settings: WeComSettings, http: httpx.AsyncClient, link_base: str) -> Channel | None:
    """The application channel, or None while the corporation is not configured."""
    if (
        settings.wecom_corp_id is None
        or settings.wecom_corp_secret is None
        or settings.wecom_agent_id is None
    ):
        return None
    quiet_query_strings()
    return WeComAppChannel(
        http=http,
        api_base=settings.wecom_api_base,
        corp_id=settings.wecom_corp_id,
        corp_secret=settings.wecom_corp_secret.get_secret_value(),
        agent_id=settings.wecom_agent_id,
        link_base=link_base,
        button_text=settings.wecom_button_text,
    )


def build_wecom_robot(
    settings: WeComSettings, http: httpx.AsyncClient, link_base: str
) -> Channel | None:
    """Always built: each robot's address comes with its target."""
    quiet_query_strings()
    return WeComRobotChannel(http=http, api_base=settings.wecom_api_base, link_base=link_base)
