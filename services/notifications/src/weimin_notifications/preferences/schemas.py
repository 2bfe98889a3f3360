import uuid
from datetime import datetime, time
from typing import Literal

from pydantic import BaseModel, Field, model_validator

Mode = Literal["all", "urgent", "off"]
PersonalChannel = Literal["web_push", "wecom", "dingtalk", "wechat_oa", "sms"]
#: Channels a contact is added to by hand (a browser's push subscription comes through
#: `/v1/push/subscriptions`).
ContactChannel = Literal["sms", "wecom", "dingtalk", "wechat_oa"]
Language = Literal["zh-CN", "en"]


class PreferencesRead(BaseModel):
    language: Language
    #: Every personal channel's mode: `all`, `urgent` (alarms only) or `off`. Alarms go
    #: by SMS whatever it says, and the inbox always receives.
    channels: dict[PersonalChannel, Mode]
    #: Beijing time; nothing but alarms is sent between them. Null: never quiet.
    quiet_start: time | None
    quiet_end: time | None
    #: The channels this deployment has configured (the others cannot reach anyone yet).
    available_channels: list[str]
    #: False: these are the defaults, never saved.
    saved: bool


class PreferencesUpdate(BaseModel):
    model_config = {"extra": "forbid"}

    language: Language | None = None
    #: Only the channels named change.
    channels: dict[PersonalChannel, Mode] = Field(default_factory=dict)
    #: Both or neither; the same time twice means never quiet.
    quiet_start: time | None = None
    quiet_end: time | None = None
    #: True with both times null: turn quiet hours off.
    never_quiet: bool = False

    @model_validator(mode="after")
    def _both_times(self) -> "PreferencesUpdate":
        if (self.quiet_start is None) != (self.quiet_end is None):
            raise ValueError("quiet_start and quiet_end are given together")
        if self.never_quiet and self.quiet_start is not None:
            raise ValueError("never_quiet takes no quiet times")
        return self


class ContactCreate(BaseModel):
    model_config = {"extra": "forbid"}

    channel: ContactChannel
    #: A mainland mobile number (sms), a WeCom or DingTalk user id, a WeChat openid.
    address: str = Field(min_length=1, max_length=128)
    label: str | None = Field(default=None, max_length=60)
    #: Administrators add WeCom / DingTalk ids for staff accounts; anyone else adds their own.
    subject: str | None = Field(default=None, max_length=255)


class ContactRead(BaseModel):
    id: uuid.UUID
    subject: str
    channel: str
    #: Masked: 138****5678, wx****ab.
    address: str
    label: str | None
    created_at: datetime
