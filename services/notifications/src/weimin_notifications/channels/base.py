"""The one interface every way out of the platform implements.

The pipeline decides who is told what once (a `Notification` per person and event), then
hands each channel a rendered `OutgoingMessage` and a `Target`. A channel sends it and
answers the provider's message id, or raises `ChannelError`: retryable (the dispatcher
tries again with backoff until it gives up and records the reason) or not (recorded as
failed at once). `RateLimited` is the provider's own pace, not a failure: the delivery
waits its turn and the attempt is not counted.
"""

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import ClassVar, Protocol


@dataclass(frozen=True, slots=True)
class OutgoingMessage:
    """A notification as one channel sends it: texts already rendered from the message
    catalogue in the recipient's language (a channel never assembles words itself)."""

    #: The same on every retry of one delivery: a provider that takes a message id or a
    #: de-duplication key gets this, so a retry after a lost answer is not sent twice.
    delivery_id: uuid.UUID
    #: The catalogue key (`alarm.raised`, `incident.assigned` …).
    kind: str
    title: str
    body: str
    #: The app's path to open on a tap (`/alarms/<id>`), or none.
    link: str | None = None
    #: An alarm: sent at once, in quiet hours too, with the channel's loudest form.
    urgent: bool = False
    #: The provider's template (SMS, WeChat Official Account) and its variables; channels
    #: without templates send `title` and `body`.
    template: str | None = None
    variables: Mapping[str, str] = field(default_factory=dict)
    #: The one-line form (SMS, where every character counts); `body` when not given.
    short: str | None = None


@dataclass(frozen=True, slots=True)
class Target:
    """Where one delivery goes, in the channel's own terms: a mobile number (SMS), a WeCom
    or DingTalk user id, a WeChat openid, a group robot's webhook address with its signing
    secret, or a web-push subscription (its JSON)."""

    address: str
    secret: str | None = None


class ChannelError(Exception):
    """The channel could not send. `reason` is recorded in the delivery log: it never holds
    the message's text, a phone number or a secret."""

    def __init__(self, reason: str, *, retryable: bool = True) -> None:
        super().__init__(reason)
        self.reason = reason
        self.retryable = retryable


class RateLimited(ChannelError):
    """The provider's pace is reached (a WeCom robot takes 20 messages a minute): try again
    after `retry_after` seconds, without counting an attempt."""

    def __init__(self, reason: str, retry_after: float) -> None:
        super().__init__(reason, retryable=True)
        self.retry_after = retry_after


class TargetGone(ChannelError):
    """The target no longer exists (a web-push subscription answered 404 or 410, a user
    left the corporation): the delivery fails and the target is dropped."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason, retryable=False)


class Channel(Protocol):
    #: `inbox`, `sms`, `wecom`, `wecom_robot`, `dingtalk`, `dingtalk_robot`, `wechat_oa`,
    #: `web_push`.
    name: ClassVar[str]

    async def send(self, target: Target, message: OutgoingMessage) -> str | None:
        """Send one message; the provider's message id, if it gives one."""
        ...
