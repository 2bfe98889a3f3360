from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_kit.sms import SmsSettings
from weimin_notifications.channels.dingtalk import DingTalkSettings
from weimin_notifications.channels.webpush import WebPushSettings
from weimin_notifications.channels.wechat_oa import WeChatSettings
from weimin_notifications.channels.wecom import WeComSettings


class Settings(SmsSettings, WeComSettings, DingTalkSettings, WeChatSettings, WebPushSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_NOTIFICATIONS_", extra="ignore")

    service_name: str = "notifications"
    port: int = 8005
    database_url: str = "sqlite+aiosqlite:///var/notifications.db"
    #: Weimin's public address (the gateway, as phones reach it): a notice's link opens
    #: `<this><link>` from a WeCom card or a WeChat message. The launcher sets it.
    public_base_url: str = "http://localhost:8000"

    #: Run the dispatcher in this process (tests turn it off to run rounds by hand).
    dispatch_enabled: bool = True
    #: How often an idle dispatcher looks for deliveries due.
    dispatch_poll_seconds: float = Field(default=0.2, gt=0)
    #: Deliveries one dispatcher pass claims.
    dispatch_batch_size: int = Field(default=100, ge=1, le=1000)
    #: A failing delivery is tried this many times, waiting base × 2^n (capped) between,
    #: then recorded as failed with its last reason.
    delivery_max_attempts: int = Field(default=6, ge=1, le=50)
    delivery_backoff_base_seconds: float = Field(default=2.0, gt=0)
    delivery_backoff_cap_seconds: float = Field(default=600.0, gt=0)
    #: Run the reminder scheduler in this process (tests turn it off to run rounds by hand).
    reminders_enabled: bool = True
    #: How often an idle scheduler looks for reminders due.
    reminder_poll_seconds: float = Field(default=1.0, gt=0)
    #: Reminders one scheduler round fires, in one transaction.
    reminder_batch_size: int = Field(default=500, ge=1, le=5000)
    #: How long a provider may take to answer one request.
    channel_timeout_seconds: float = Field(default=10.0, gt=0, le=60)
    #: How often the live stream looks for new notices in the database (what another
    #: process decided reaches this one's streams this late at most).
    stream_poll_seconds: float = Field(default=0.25, gt=0)
    #: A comment line on idle streams keeps proxies from closing them.
    stream_heartbeat_seconds: float = Field(default=15.0, gt=0)
    #: The platform's administrators (account subjects) told of what only staff can act
    #: on, such as a partner's webhook delivery dead-lettered. This service does not know
    #: who holds the admin role; empty (the default): nobody is told. As JSON:
    #: `WEIMIN_NOTIFICATIONS_STAFF_RECIPIENTS='["<account id>", …]'`.
    staff_recipients: list[str] = Field(default_factory=list)
