"""The channels this deployment has: built once at start-up from the settings. A channel
left unconfigured is absent, and nobody's delivery is queued on it."""

from collections.abc import Callable

from weimin_kit.clock import Clock
from weimin_kit.sms import sms_sender_for
from weimin_notifications.channels.base import Channel
from weimin_notifications.channels.sms import SmsChannel
from weimin_notifications.config import Settings

#: The in-app inbox is not dispatched: a notice is in it (and on the live stream) the
#: moment it is written.
INBOX = "inbox"


def build_channels(settings: Settings, clock: Callable[[], Clock]) -> dict[str, Channel]:
    """`clock` is read at each send (tests move the app's clock after start-up)."""
    channels: list[Channel] = [
        SmsChannel(sms_sender_for(settings), settings.sms_signature, _late(clock)),
    ]
    return {channel.name: channel for channel in channels}


def _late(clock: Callable[[], Clock]) -> Clock:
    return lambda: clock()()
