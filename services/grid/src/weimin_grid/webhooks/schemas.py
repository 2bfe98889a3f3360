import uuid
from datetime import datetime
from typing import Literal
from urllib.parse import urlsplit

from pydantic import AnyHttpUrl, BaseModel, ConfigDict, field_validator

#: Hosts a subscription may reach over plain http (a partner on the same machine, the
#: simulator); any other endpoint must be https.
LOOPBACK_HOSTS = frozenset({"127.0.0.1", "localhost", "::1", "[::1]"})
#: `cancelled`: never sent, and never will be (its client was revoked; `last_error` says so).
DeliveryState = Literal["pending", "delivered", "dead", "cancelled"]


class SubscriptionCreate(BaseModel):
    url: AnyHttpUrl

    @field_validator("url")
    @classmethod
    def _https_unless_loopback(cls, url: AnyHttpUrl) -> AnyHttpUrl:
        host = urlsplit(str(url)).hostname or ""
        if url.scheme != "https" and host not in LOOPBACK_HOSTS:
            raise ValueError("a webhook endpoint must use https")
        if len(str(url)) > 500:
            raise ValueError("at most 500 characters")
        return url


class SubscriptionRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    url: str
    area: str
    created_at: datetime
    disabled_at: datetime | None


class SubscriptionCreated(SubscriptionRead):
    #: Shown this once: verify `webhook-signature` with it (Standard Webhooks).
    secret: str


class SecretRotated(BaseModel):
    secret: str
    #: Until then deliveries are signed with the previous secret too.
    previous_valid_until: datetime


class DeliveryRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    #: The `webhook-id` header of every attempt of this delivery.
    webhook_id: str
    subscription_id: uuid.UUID
    incident_id: uuid.UUID
    sequence: int
    event_type: str
    state: DeliveryState
    attempts: int
    next_attempt_at: datetime
    retry_until: datetime | None
    delivered_at: datetime | None
    last_error: str | None
    created_at: datetime


class AttemptRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    at: datetime
    status_code: int | None
    error: str | None
    duration_ms: int
