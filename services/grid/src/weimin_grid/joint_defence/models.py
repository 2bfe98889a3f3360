import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from weimin_grid.models import Base, Timestamped
from weimin_kit.ids import new_id
from weimin_kit.types import UTCDateTime


class JointDefenceGroup(Timestamped, Base):
    """Ten-household joint defence (十户联防): neighbours who answer each other's alarms."""

    __tablename__ = "joint_defence_groups"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("grid_units.id"), index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    name: Mapped[str] = mapped_column(String(50))
    lead_household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    # Minutes an alarm may go unanswered before it is escalated to the community.
    answer_minutes: Mapped[int] = mapped_column(Integer)


class JointDefenceMember(Base):
    __tablename__ = "joint_defence_members"
    __table_args__ = (UniqueConstraint("group_id", "household_id"),)

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("joint_defence_groups.id"), index=True)
    household_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("households.id"))
    # The account that raises and answers alarms for the household.
    account_subject: Mapped[str] = mapped_column(String(255), index=True)


class Alarm(Base):
    __tablename__ = "alarms"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("joint_defence_groups.id"), index=True)
    grid_unit_id: Mapped[uuid.UUID] = mapped_column(index=True)
    street_id: Mapped[uuid.UUID] = mapped_column(index=True)
    community_id: Mapped[uuid.UUID] = mapped_column(index=True)
    raised_by: Mapped[str] = mapped_column(String(255))
    kind: Mapped[str] = mapped_column(String(16))
    note: Mapped[str | None] = mapped_column(String(500))
    state: Mapped[str] = mapped_column(String(16), index=True)  # open, answered, escalated
    raised_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer_due_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    escalated_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class AlarmNotice(Base):
    """One recipient an alarm fanned out to (a member, the grid worker, the community)."""

    __tablename__ = "alarm_notices"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    alarm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alarms.id"), index=True)
    recipient: Mapped[str] = mapped_column(String(255))
    recipient_kind: Mapped[str] = mapped_column(String(16))
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class AlarmResponse(Base):
    __tablename__ = "alarm_responses"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    alarm_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("alarms.id"), index=True)
    responder: Mapped[str] = mapped_column(String(255))
    # The responder's display name as their token carried it when they answered (a
    # neighbour's or a grid worker's); none on answers given before it was kept.
    responder_name: Mapped[str | None] = mapped_column(String(100))
    answer: Mapped[str] = mapped_column(String(16))  # received, on_my_way
    at: Mapped[datetime] = mapped_column(UTCDateTime())


class Drill(Base):
    __tablename__ = "joint_defence_drills"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=new_id)
    group_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("joint_defence_groups.id"), index=True)
    held_at: Mapped[datetime] = mapped_column(UTCDateTime())
    participants: Mapped[int] = mapped_column(Integer)
    scenario: Mapped[str] = mapped_column(String(100))
    note: Mapped[str | None] = mapped_column(String(500))
    recorded_by: Mapped[str] = mapped_column(String(255))
