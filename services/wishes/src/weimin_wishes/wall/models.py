import uuid
from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime
from weimin_wishes.models import Base, Timestamped


class WallSequence(Base):
    """One row whose counter numbers the wall events. Taking the next number locks the row
    until the transaction commits, so numbers become visible in order: a stream that has
    read event n can never later find an event below n appear (an autoincrement id could,
    on PostgreSQL, where transactions commit out of id order)."""

    __tablename__ = "wall_sequence"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    last_seq: Mapped[int] = mapped_column(Integer)


class WallEvent(Base):
    """What the public wall was told, durably and in order: the live stream replays from
    here, so a kiosk that reconnects with Last-Event-ID gets exactly what it missed. The
    payload is the public card at that moment (no personal data beyond the honorific)."""

    __tablename__ = "wall_events"
    __table_args__ = (Index("ix_wall_events_community_id_seq", "community_id", "seq"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    type: Mapped[str] = mapped_column(String(32))
    wish_id: Mapped[uuid.UUID] = mapped_column()
    street_id: Mapped[uuid.UUID] = mapped_column()
    community_id: Mapped[uuid.UUID] = mapped_column()
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    payload: Mapped[dict[str, Any]] = mapped_column(JSON)


class KioskDevice(Timestamped, Base):
    """A wall screen in a service station or square: reads one community's wall, nothing
    else. Staff register it and get a one-time pairing code (short, typed on the screen,
    expiring); the screen exchanges the code for its device key, which it keeps in an
    HttpOnly cookie and never in a URL. Only SHA-256 digests of the code and of the key are
    kept (the key is 256 random bits, so a plain hash is enough; the code lives minutes)."""

    __tablename__ = "kiosk_devices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(60))
    #: The device key's digest, once paired (a new pairing replaces it).
    key_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    key_hint: Mapped[str | None] = mapped_column(String(8))
    #: The newest pairing code's digest, its expiry and when it was used (once).
    pairing_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    pairing_expires_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    pairing_used_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    paired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    registered_by: Mapped[str] = mapped_column(String(255))
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    revoked_by: Mapped[str | None] = mapped_column(String(255))
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
