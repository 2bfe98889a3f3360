"""WeChat Official Account (公众号): a template message to a follower's openid.

The template is the message's own (`OutgoingMessage.template`) or the one configured for
its kind; its fields are the message's `variables`, each sent as `{"value": …}`. A
follower who unfollowed (43004) or an openid the account does not know (40003) is gone.
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
    call,
    errcode,
    joined,
    quiet_query_strings,
    refused,
    with_token,
)

#: 40001 "access_token is invalid or not latest" (a newer token was fetched elsewhere),
#: 40014 invalid, 42001 expired: fetch another and send once more.
STALE_TOKEN = frozenset({40001, 40014, 42001})
LIMITED = {45009: 60.0}
GONE = frozenset({40003, 43004})


class WeChatSettings(ServiceSettings):
    wechat_api_base: str = "https://api.weixin.qq.com"
    #: The Official Account; the channel is off without both.
    wechat_app_id: str | None = None
    wechat_app_secret: SecretStr | None = None
    #: Template id by notification kind (`{"alarm.raised": "…"}`, JSON in the environment),
    #: for messages that name no template themselves.
    wechat_templates: dict[str, str] = Field(default_factory=dict)


class WeChatOfficialAccountChannel:
    name: ClassVar[str] = "wechat_oa"

    def __init__(
        self,
        *,
        http: httpx.AsyncClient,
        api_base: str,
        app_id: str,
        app_secret: str,
        link_base: str,
        templates: dict[str, str] | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._http = http
        self._api_base = api_base.rstrip("/")
        self._app_id = app_id
        self._app_secret = app_secret
        self._link_base = link_base
        self._templates = templates or {}
        self._token = AccessToken(self._fetch_token, clock)

    async def _fetch_token(self) -> tuple[str, float]:
        params = {"grant_type": "client_credential", "appid": self._app_id,
                  "secret": self._app_secret}  # fmt: skip
        url = f"{self._api_base}/cgi-bin/token"
        answer = await call(self._http, self.name, "GET", url, params=params)
        if (code := errcode(answer)) or "access_token" not in answer:
            raise refused(f"{self.name} token", code or -1)
        return str(answer["access_token"]), float(answer.get("expires_in", 7200))

    def payload(self, target: Target, message: OutgoingMessage) -> dict[str, Any]:
        template = message.template or self._templates.get(message.kind)
        if not template:
            raise ChannelError(f"{self.name}: no template for {message.kind}", retryable=False)
        body: dict[str, Any] = {
            "touser": target.address,
            "template_id": template,
            "data": {key: {"value": value} for key, value in message.variables.items()},
            # WeChat drops a second message with the same id: a retry is not shown twice.
            "client_msg_id": str(message.delivery_id),
        }
        if url := joined(self._link_base, message.link):
            body["url"] = url
        return body

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        payload = self.payload(target, message)
        url = f"{self._api_base}/cgi-bin/message/template/send"

        async def post(token: str) -> dict[str, Any]:
            params = {"access_token": token}
            return await call(self._http, self.name, "POST", url, params=params, json=payload)

        answer = await with_token(self._token, post, lambda a: errcode(a) in STALE_TOKEN)
        if code := errcode(answer):
            raise refused(self.name, code, gone=GONE, limited=LIMITED)
        message_id = answer.get("msgid")
        return None if message_id is None else str(message_id)


def build_wechat_oa(
    settings: WeChatSettings, http: httpx.AsyncClient, link_base: str
) -> Channel | None:
    """The channel, or None while the Official Account is not configured."""
    if settings.wechat_app_id is None or settings.wechat_app_secret is None:
        return None
    quiet_query_strings()
    return WeChatOfficialAccountChannel(
        http=http,
        api_base=settings.wechat_api_base,
        app_id=settings.wechat_app_id,
        app_secret=settings.wechat_app_secret.get_secret_value(),
        link_base=link_base,
        templates=settings.wechat_templates,
    )
