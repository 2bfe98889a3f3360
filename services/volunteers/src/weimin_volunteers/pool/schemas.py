import uuid
from datetime import datetime

from pydantic import BaseModel


class PoolMemberRead(BaseModel):
    id: uuid.UUID
    member_id: uuid.UUID
    person_id: uuid.UUID
    account_id: uuid.UUID | None
    street_id: uuid.UUID
    community_id: uuid.UUID
    pledge_areas: list[str]
    #: The member's volunteer record (same account), when they have registered as one:
    #: dispatch can then assign them a task like any volunteer.
    volunteer_id: uuid.UUID | None
    joined_at: datetime
    updated_at: datetime
