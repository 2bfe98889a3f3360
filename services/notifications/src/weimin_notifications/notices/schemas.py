import uuid
from datetime import datetime
from typing import Any

from pydantic import BaseModel


class NotificationRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    #: The catalogue key (`alarm.raised`); `data` holds its ids for an app to act on.
    kind: str
    title: str
    body: str
    #: The app's path a tap opens.
    link: str | None
    #: An alarm: the app shows it over whatever screen is open.
    urgent: bool
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class UnreadCount(BaseModel):
    unread: int


class ReadAll(BaseModel):
    #: How many notices this marked read.
    marked: int
