import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_volunteers.models import Base, Timestamped


class ServiceItem(Timestamped, Base):
    """An entry of the city's service catalogue (an Open311 "service") with the typed
    fields a request for it must carry."""

    __tablename__ = "service_items"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[str] = mapped_column(String(40))
    # [{"code", "datatype", "required", "values"?, "description"?}] (Open311 attributes).
    fields: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    # The skill a volunteer needs when a request for this item is dispatched.
    skill_code: Mapped[str | None] = mapped_column(String(40))


class Station(Timestamped, Base):
    """A community's service station: where it is, when it is open, what it offers."""

    __tablename__ = "stations"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(unique=True)
    name: Mapped[str] = mapped_column(String(100))
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    # [{"weekday": 0-6, "start": "HH:MM", "end": "HH:MM"}], Asia/Shanghai.
    opening_hours: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    item_codes: Mapped[list[str]] = mapped_column(JSON, default=list)


class ServiceRequest(Timestamped, Base):
    __tablename__ = "service_requests"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    station_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("stations.id"), index=True)
    service_code: Mapped[str] = mapped_column(String(40))
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    channel: Mapped[str] = mapped_column(String(16))  # walk_in, phone, self_service
    # The signed-in requester (self-service); walk-in and phone requests name no account.
    requester_account_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    requester_name: Mapped[str] = mapped_column(String(50))
    attributes: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    description: Mapped[str] = mapped_column(Text, default="")
    # open, in_progress, dispatched, closed
    status: Mapped[str] = mapped_column(String(16), index=True)
    handled_by: Mapped[str | None] = mapped_column(String(64))
    task_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("tasks.id"))
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    appraisal_rating: Mapped[int | None] = mapped_column(Integer)
    appraisal_comment: Mapped[str | None] = mapped_column(String(500))
    # Walk-in and phone requests name no account: the station hands the resident this code
    # (on the slip, as a QR link) and whoever signs in with it may appraise the request once,
    # which makes them its requester. Cleared when used.
    appraisal_code: Mapped[str | None] = mapped_column(String(32))
