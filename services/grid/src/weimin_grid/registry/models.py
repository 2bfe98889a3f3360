import uuid
from datetime import date, datetime

from sqlalchemy import JSON, Date, Float, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class Building(Timestamped, Base):
    __tablename__ = "buildings"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    address: Mapped[str] = mapped_column(String(200), index=True)
    lon: Mapped[float] = mapped_column(Float)
    lat: Mapped[float] = mapped_column(Float)
    floors: Mapped[int] = mapped_column(Integer)
    #: The coded address (一标三实) this building is known by; none until it is joined.
    standard_address_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("standard_addresses.id"), index=True
    )


class Household(Timestamped, Base):
    __tablename__ = "households"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    building_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("buildings.id"), index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    door_number: Mapped[str] = mapped_column(String(20))
    address: Mapped[str] = mapped_column(String(250), index=True)
    #: The home's coded address (一标三实); none until it is joined.
    standard_address_id: Mapped[uuid.UUID | None] = mapped_column(
        ForeignKey("standard_addresses.id"), index=True
    )


class Resident(Timestamped, Base):
    """A person on the grid's register. Identity number and phone are only stored sealed:
    AES-GCM ciphertext for reading back, a keyed blind index for exact lookup."""

    __tablename__ = "residents"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    # None once anonymised: the dwelling and its other residents would identify the person.
    household_id: Mapped[uuid.UUID | None] = mapped_column(ForeignKey("households.id"), index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(50), index=True)
    gender: Mapped[str] = mapped_column(String(8))
    birth_date: Mapped[date] = mapped_column(Date)
    ethnicity: Mapped[str] = mapped_column(String(20))
    registration: Mapped[str] = mapped_column(String(16), index=True)
    care_tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    relation_to_head: Mapped[str] = mapped_column(String(20))
    # Both None once anonymised (PIPL art. 47): nothing left to decrypt or to match.
    id_card_cipher: Mapped[str | None] = mapped_column(String(200))
    # Unique: the same identity number can be registered once in the whole city.
    id_card_index: Mapped[str | None] = mapped_column(String(64), unique=True)
    phone_cipher: Mapped[str | None] = mapped_column(String(200))
    phone_index: Mapped[str | None] = mapped_column(String(64), index=True)
    # Optimistic concurrency: PATCH carries it in If-Match.
    version: Mapped[int] = mapped_column(Integer, default=1)
    # Set when the person leaves the city (floating population moving on, emigration …);
    # the record stays for the history, and a move-in clears it.
    moved_out_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
    move_out_reason: Mapped[str | None] = mapped_column(String(200))
    #: "moved_away" or "deceased" (a death is recorded as the last move out); None while
    #: living here, and on rows that moved out before the cause was recorded.
    move_out_cause: Mapped[str | None] = mapped_column(String(16))
    #: When the retention sweep or a deletion request anonymised the row (kept for
    #: statistics: gender, birth year, registration, grid unit, moved-out date).
    anonymised_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), index=True)
