import uuid
from datetime import datetime
from typing import Literal

from pydantic import BaseModel

DeliveryState = Literal["queued", "sent", "delivered", "failed"]


class DeliveryRead(BaseModel):
    """One line of the delivery log: never the address, the text or a secret."""

    model_config = {"from_attributes": True}

    id: uuid.UUID
    notification_id: uuid.UUID
    channel: str
    state: DeliveryState
    attempts: int
    #: Queued: when it is (next) due; quiet hours and backoff push it forward.
    next_attempt_at: datetime | None
    last_error: str | None
    provider_message_id: str | None
    created_at: datetime
    sent_at: datetime | None
    delivered_at: datetime | None
    failed_at: datetime | None
