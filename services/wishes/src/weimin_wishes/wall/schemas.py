import uuid
from datetime import datetime
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field

from weimin_events.vocabularies import ClaimerType
from weimin_kit.text import HumanText
from weimin_wishes.wishes.schemas import ClaimRule


class WallWish(BaseModel):
    """A wish card as the public sees it: an honorific, never a name, address or phone."""

    id: uuid.UUID
    community_id: uuid.UUID
    grid_unit_id: uuid.UUID
    grid_label: str
    title: str
    description: str
    category: str
    urgency: str
    estimated_value_yuan: int
    photo_url: str | None
    beneficiary: str
    claim_rule: ClaimRule
    state: str
    claimer_type: ClaimerType | None
    published_at: datetime | None
    claim_url: str
    qr_url: str


class WallFeed(BaseModel):
    community_id: uuid.UUID | None
    last_event_id: int
    open_count: int
    claimed_count: int
    #: This calendar year (China time): wishes claimed and still claimed or done, and
    #: wishes fulfilled (confirmed ones included).
    year: int
    claimed_this_year: int
    fulfilled_this_year: int
    items: list[WallWish]


class KioskCreate(BaseModel):
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: Annotated[str, HumanText(max_length=60)]


class KioskRename(BaseModel):
    name: Annotated[str, HumanText(max_length=60)]


class KioskRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: uuid.UUID
    street_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    #: The last characters of the device key; null until the device is paired.
    key_hint: str | None
    registered_by: str
    paired_at: datetime | None
    #: When the current pairing code stops working (null once used or never issued).
    pairing_expires_at: datetime | None
    revoked_at: datetime | None
    last_seen_at: datetime | None
    created_at: datetime


class KioskPairingCode(KioskRead):
    """A device with its one-time pairing code: in this answer only, stored hashed."""

    pairing_code: str


class KioskPair(BaseModel):
    #: The code as shown to staff (`ABCD-EFGH`); case, spaces and dashes do not matter.
    code: Annotated[str, Field(min_length=1, max_length=20)]


class KioskSelf(BaseModel):
    device_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    stream_url: str
    feed_url: str
