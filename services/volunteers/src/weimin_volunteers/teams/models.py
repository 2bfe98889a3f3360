import uuid

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from weimin_kit.ids import new_id
from weimin_volunteers.models import Base, Timestamped


class Team(Timestamped, Base):
    __tablename__ = "teams"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    name: Mapped[str] = mapped_column(String(100))
    # lake_protection, sanitation, civility_persuasion, medical, appliance_repair, …
    focus: Mapped[str] = mapped_column(String(40), index=True)
    # An org-registry organisation id; no foreign key: it lives in another service.
    sponsor_organisation_id: Mapped[uuid.UUID | None] = mapped_column(index=True)
    leader_volunteer_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("volunteers.id"), index=True)
    join_mode: Mapped[str] = mapped_column(String(16))  # open, approval, invitation
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)


class TeamMember(Timestamped, Base):
    __tablename__ = "team_members"

    team_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("teams.id", ondelete="CASCADE"), primary_key=True
    )
    volunteer_id: Mapped[uuid.UUID] = mapped_column(
        ForeignKey("volunteers.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    # active; pending (asked to join an approval team); invited (not yet accepted).
    status: Mapped[str] = mapped_column(String(16))
