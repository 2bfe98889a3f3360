import uuid
from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel

NotificationKind = Literal["incident_state_changed", "satisfaction_question", "incident_overdue"]
RecipientKind = Literal["account", "community_desk", "street_desk"]


class IncidentNotificationRead(BaseModel):
    model_config = {"from_attributes": True}

    id: uuid.UUID
    kind: NotificationKind
    #: `account` for the caller's own notices; a desk's notices reach its secretaries.
    recipient_kind: RecipientKind
    incident_id: uuid.UUID
    title: str
    body: str
    data: dict[str, Any]
    created_at: datetime
    read_at: datetime | None


class OverdueNotice(BaseModel):
    incident_id: uuid.UUID
    level: str
    #: How many inboxes (accounts and desks) received the notice.
    notified: int
