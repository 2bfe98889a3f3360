import uuid
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime, utcnow
from weimin_org_registry.base import Base


class Person(Base):
    """Someone the network knows by name: a party member, a committee member, a holder of a
    demonstration post. Identity number and phone are sealed (ciphertext + blind index)."""

    __tablename__ = "people"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(sa.String(100), index=True)
    gender: Mapped[str] = mapped_column(sa.String(8))
    ethnicity: Mapped[str] = mapped_column(sa.String(16))
    id_card_cipher: Mapped[str] = mapped_column(sa.String(255))
    # Unique: the same identity number is one person, whoever registers it.
    id_card_index: Mapped[str] = mapped_column(sa.String(64), unique=True)
    phone_cipher: Mapped[str | None] = mapped_column(sa.String(255))
    phone_index: Mapped[str | None] = mapped_column(sa.String(64), index=True)
    # The home community (and its street) decides who may see the record.
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    # The person's own account, if any: a member may read their own record.
    account_id: Mapped[uuid.UUID | None] = mapped_column(sa.Uuid, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    __table_args__ = (sa.CheckConstraint("gender in ('male', 'female')", name="gender"),)


class PersonReveal(Base):
    """One unmasked read of a person's personal data: who, why, what, when. No foreign key:
    the log outlives the record; the place is copied so a secretary can read its own log."""

    __tablename__ = "person_reveals"

    id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, primary_key=True, default=new_id)
    person_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(sa.Uuid, index=True)
    principal_subject: Mapped[str] = mapped_column(sa.String(255), index=True)
    principal_roles: Mapped[list[str]] = mapped_column(sa.JSON)
    fields: Mapped[list[str]] = mapped_column(sa.JSON)
    reason: Mapped[str] = mapped_column(sa.String(500))
    request_id: Mapped[str | None] = mapped_column(sa.String(64))
    at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)


class PersonNameGram(Base):
    """Every one- and two-character piece of a person's name: the index behind search by
    part of a name, which a B-tree on `name` cannot serve (`LIKE '%…%'`)."""

    __tablename__ = "person_name_grams"

    gram: Mapped[str] = mapped_column(sa.String(2), primary_key=True)
    # Second in the key, so one gram's people come out in id order, ready to page.
    person_id: Mapped[uuid.UUID] = mapped_column(
        sa.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
