"""CloudEvents 1.0 in structured JSON mode: the one envelope on every transport."""

from datetime import datetime
from typing import Any

import orjson
from pydantic import BaseModel, ConfigDict, Field, ValidationError

CONTENT_TYPE = "application/cloudevents+json"


class CloudEvent(BaseModel):
    """The attributes we send and require. Unknown extension attributes are kept."""

    model_config = ConfigDict(extra="allow", frozen=True)

    specversion: str = Field(pattern=r"^1\.0$")
    id: str = Field(min_length=1, max_length=200)
    source: str = Field(min_length=1, max_length=200)
    type: str = Field(min_length=1, max_length=200)
    subject: str | None = Field(default=None, max_length=200)
    time: datetime | None = None
    datacontenttype: str = "application/json"
    data: dict[str, Any] = Field(default_factory=dict)

    def to_json(self) -> bytes:
        return orjson.dumps(self.model_dump(mode="json", exclude_none=True))


class EnvelopeError(ValueError):
    """The bytes are not a CloudEvents 1.0 structured JSON event."""


def event_type_of(payload: type[BaseModel]) -> str:
    """The type a payload model is the `data` of: its `event_type` class attribute (each
    concrete model of `weimin_events.payloads` names one), so no call site spells a type."""
    found = getattr(payload, "event_type", None)
    if not isinstance(found, str):
        raise TypeError(f"{payload.__name__} names no event type (a ClassVar `event_type`)")
    return found


def event_from_row(row: Any) -> CloudEvent:
    """The envelope of an `outbox_events` row."""
    return CloudEvent(
        specversion=row.specversion,
        id=str(row.id),
        source=row.source,
        type=row.type,
        subject=row.subject,
        time=row.time,
        data=row.data,
    )


def parse_event(body: bytes) -> CloudEvent:
    try:
        return CloudEvent.model_validate_json(body)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(part) for part in first["loc"]) or "body"
        raise EnvelopeError(f"{where}: {first['msg']}") from exc
