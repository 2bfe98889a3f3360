"""The channels this deployment has: built once at start-up from the settings. A channel
left unconfigured is absent, and nobody's delivery is queued on it. Group robots need no
credentials of the deployment's (a robot's address and secret come with it): always there.
"""

from collections.abc import Callable

import httpx

from weimin_kit.clock import Clock
from weimin_kit.sms import sms_sender_for
from weimin_notifications.channels.base import Channel
from weimin_notifications.channels.dingtalk import build_dingtalk, build_dingtalk_robot
from weimin_notifications.channels.sms import SmsChannel
from weimin_notifications.channels.webpush import build_web_push
from weimin_notifications.channels.wechat_oa import build_wechat_oa
from weimin_notifications.channels.wecom import build_wecom, build_wecom_robot
from weimin_notifications.config import Settings


def build_channels(
    settings: Settings, http: httpx.AsyncClient, clock: Callable[[], Clock]
) -> dict[str, Channel]:
    """`clock` is read at each send (tests move the app's clock after start-up)."""
    link_base = settings.public_base_url.rstrip("/")
    built: list[Channel | None] = [
        SmsChannel(sms_sender_for(settings), settings.sms_signature, _late(clock)),
        build_wecom(settings, http, link_base),
        build_wecom_robot(settings, http, link_base),
        build_dingtalk(settings, http, link_base),
        build_dingtalk_robot(settings, http, link_base),
        build_wechat_oa(settings, http, link_base),
        build_web_push(settings, http),
    ]
    return {channel.name: channel for channel in built if channel is not None}


def _late(clock: Callable[[], Clock]) -> Clock:
    return lambda: clock()()
