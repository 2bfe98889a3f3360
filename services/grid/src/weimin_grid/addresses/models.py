import uuid
from typing import Literal

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id


class StandardAddress(Timestamped, Base):
    """One coded, structured address: a building's (down to `building`) or a home's (down to
    `room`). The code is the public-security system's, or the one a community assigned;
    `comparison_key` is the normalised fields (normalise.py), how a list without codes is
    matched."""

    __tablename__ = "standard_addresses"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    province: Mapped[str] = mapped_column(String(30))
    city: Mapped[str] = mapped_column(String(30))
    county: Mapped[str] = mapped_column(String(30))
    town: Mapped[str] = mapped_column(String(30))
    community: Mapped[str] = mapped_column(String(30))
    road: Mapped[str] = mapped_column(String(40))
    number: Mapped[str] = mapped_column(String(20))
    building: Mapped[str | None] = mapped_column(String(20))
    unit: Mapped[str | None] = mapped_column(String(20))
    floor: Mapped[str | None] = mapped_column(String(20))
    room: Mapped[str | None] = mapped_column(String(20))
    full_text: Mapped[str] = mapped_column(String(300))
    comparison_key: Mapped[str] = mapped_column(String(400), index=True)

    @property
    def level(self) -> Literal["building", "home"]:
        return "building" if self.room is None else "home"
