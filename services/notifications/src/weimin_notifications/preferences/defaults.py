"""What a person who never chose anything gets: sensible for a grid worker, the platform's
busiest user. Alarms always, everywhere (SMS included: an alarm must not depend on a data
connection); everything else in working hours, on the channels that cost nothing."""

from dataclasses import dataclass
from datetime import time

#: Channels a person can be reached on besides the inbox, which always receives.
PERSONAL_CHANNELS = ("web_push", "wecom", "dingtalk", "wechat_oa", "sms")
ROBOT_CHANNELS = ("wecom_robot", "dingtalk_robot")
MODES = ("all", "urgent", "off")

DEFAULT_CHANNELS: dict[str, str] = {
    "web_push": "all",
    "wecom": "all",
    "dingtalk": "all",
    "wechat_oa": "all",
    # Texts cost money and interrupt: alarms only, unless the person asks for more.
    "sms": "urgent",
}
DEFAULT_LANGUAGE = "zh-CN"
#: Working hours are 08:30–18:00 Beijing time; outside them only alarms are sent.
DEFAULT_QUIET_START = time(18, 0)
DEFAULT_QUIET_END = time(8, 30)


@dataclass(frozen=True, slots=True)
class Choices:
    """A person's effective preferences: their row over the defaults."""

    language: str
    channels: dict[str, str]
    quiet_start: time | None
    quiet_end: time | None

    def mode(self, channel: str) -> str:
        return self.channels.get(channel, DEFAULT_CHANNELS.get(channel, "off"))


DEFAULTS = Choices(DEFAULT_LANGUAGE, DEFAULT_CHANNELS, DEFAULT_QUIET_START, DEFAULT_QUIET_END)
