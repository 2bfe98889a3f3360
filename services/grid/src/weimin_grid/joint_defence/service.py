"""Ten-household joint defence: groups, alarms that fan out, answers, escalation, drills.

A member household's account may raise and answer alarms of its own group; grid staff
covering the group's unit may do everything. An alarm nobody has answered by its group's
deadline is escalated to the community's duty desk by the escalation sweep. An answer keeps
the responder's display name from their token; only the group's members and the staff
covering it read alarms, so the name stays among them.
"""

import uuid
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, Select, or_, select, true
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import AlarmEscalated, AlarmRaised, AlarmRecipient
from weimin_grid.joint_defence.models import (
    Alarm,
    AlarmNotice,
    AlarmResponse,
    Drill,
    JointDefenceGroup,
    JointDefenceMember,
)
from weimin_grid.joint_defence.schemas import AlarmCreate, AnswerCreate, DrillCreate, GroupCreate
from weimin_grid.registry.models import Building, Household
from weimin_grid.scope import STAFF_ROLES, covers, scope_condition
from weimin_grid.units.models import GridUnit
from weimin_grid.units.service import locate_grid_unit
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, InvalidInput, NotFound
from weimin_kit.outbox import record_event

SOURCE = "/weimin/grid"


class AlarmAlreadyEscalated(Conflict):
    code = "alarm-escalated"
    title = "The alarm was escalated; the community desk handles it now"
    title_zh = "警情已上报，现由社区值班台处理"


async def create_group(
    session: AsyncSession, principal: Principal, body: GroupCreate
) -> JointDefenceGroup:
    ensure_role(principal, *STAFF_ROLES)
    unit = await locate_grid_unit(session, principal, body.grid_unit_id)
    households = [m.household_id for m in body.members]
    if len(set(households)) != len(households):
        raise InvalidInput.field("body.members", "a household is listed twice", "duplicate")
    if body.lead_household_id not in households:
        raise InvalidInput.field(
            "body.lead_household_id", "the lead household must be a member", "not-a-member"
        )
    found = set(
        (
            await session.scalars(
                select(Household.id).where(
                    Household.id.in_(households), Household.grid_unit_id == unit.id
                )
            )
        ).all()
    )
    for k, household_id in enumerate(households):
        if household_id not in found:
            raise InvalidInput.field(
                f"body.members.{k}.household_id",
                "not a household of this grid unit",
                "not-in-grid-unit",
            )
    group = JointDefenceGroup(
        grid_unit_id=unit.id,
        street_id=unit.street_id,
        community_id=unit.community_id,
        name=body.name,
        lead_household_id=body.lead_household_id,
        answer_minutes=body.answer_minutes,
    )
    session.add(group)
    await session.flush()
    session.add_all(
        JointDefenceMember(
            group_id=group.id, household_id=m.household_id, account_subject=m.account_subject
        )
        for m in body.members
    )
    await session.flush()
    return group


async def members_of(session: AsyncSession, group_id: uuid.UUID) -> list[JointDefenceMember]:
    statement = select(JointDefenceMember).where(JointDefenceMember.group_id == group_id)
    return list((await session.scalars(statement.order_by(JointDefenceMember.id))).all())


async def locate_group(
    session: AsyncSession, principal: Principal, group_id: uuid.UUID
) -> JointDefenceGroup:
    """The group, for staff covering it or one of its members; 404 for anyone else."""
    group = await session.get(JointDefenceGroup, group_id)
    if group is not None:
        staff = principal.is_admin or principal.has_role(*STAFF_ROLES)
        if staff and covers(
            principal, street=group.street_id, community=group.community_id, grid=group.grid_unit_id
        ):
            return group
        if any(m.account_subject == principal.subject for m in await members_of(session, group.id)):
            return group
    raise NotFound("No such joint-defence group")


def _visible_groups(principal: Principal) -> ColumnElement[bool]:
    """The groups `locate_group` lets the principal into, as a WHERE clause: staff see
    those their scope covers, anyone sees those their account is a member of."""
    member_of = select(JointDefenceMember.group_id).where(
        JointDefenceMember.account_subject == principal.subject
    )
    condition: ColumnElement[bool] = JointDefenceGroup.id.in_(member_of)
    if principal.is_admin or principal.has_role(*STAFF_ROLES):
        covered = scope_condition(
            principal,
            street=JointDefenceGroup.street_id,
            community=JointDefenceGroup.community_id,
            grid=JointDefenceGroup.grid_unit_id,
        )
        condition = true() if covered is None else or_(condition, covered)
    return condition


def groups_in_scope(
    principal: Principal, grid_unit_id: uuid.UUID | None
) -> Select[JointDefenceGroup]:
    statement = select(JointDefenceGroup).where(_visible_groups(principal))
    if grid_unit_id is not None:
        statement = statement.where(JointDefenceGroup.grid_unit_id == grid_unit_id)
    return statement


def alarms_in_scope(
    principal: Principal, group_id: uuid.UUID | None, state: str | None
) -> Select[Alarm]:
    """Alarms of the groups the principal may see; an unknown or foreign `group_id`
    simply matches nothing (no hint that it exists)."""
    visible = select(JointDefenceGroup.id).where(_visible_groups(principal))
    statement = select(Alarm).where(Alarm.group_id.in_(visible))
    if group_id is not None:
        statement = statement.where(Alarm.group_id == group_id)
    if state is not None:
        statement = statement.where(Alarm.state == state)
    return statement


async def raise_alarm(
    session: AsyncSession,
    principal: Principal,
    group_id: uuid.UUID,
    body: AlarmCreate,
    now: datetime,
) -> Alarm:
    group = await locate_group(session, principal, group_id)
    alarm = Alarm(
        group_id=group.id,
        grid_unit_id=group.grid_unit_id,
        street_id=group.street_id,
        community_id=group.community_id,
        raised_by=principal.subject,
        kind=body.kind,
        note=body.note,
        state="open",
        raised_at=now,
        answer_due_at=now + timedelta(minutes=group.answer_minutes),
    )
    session.add(alarm)
    await session.flush()
    members = await members_of(session, group.id)
    recipients = [
        AlarmRecipient(subject=m.account_subject, role="member")
        for m in members
        if m.account_subject != principal.subject
    ]
    unit = await session.get(GridUnit, group.grid_unit_id)
    assert unit is not None  # a group's unit is a foreign key
    worker = (
        f"grid:{unit.id}" if unit.responsible_worker_id is None else str(unit.responsible_worker_id)
    )
    recipients.append(AlarmRecipient(subject=worker, role="grid_worker"))
    session.add_all(
        AlarmNotice(alarm_id=alarm.id, recipient=r.subject, recipient_kind=r.role, at=now)
        for r in recipients
    )
    await record_event(
        session,
        source=SOURCE,
        subject=str(alarm.id),
        payload=await _raised_event(session, alarm, group, members, recipients),
    )
    await session.flush()
    return alarm


async def _raised_event(
    session: AsyncSession,
    alarm: Alarm,
    group: JointDefenceGroup,
    members: list[Any],
    recipients: list[AlarmRecipient],
) -> AlarmRaised:
    """`AlarmRaised`, with the WGS-84 point volunteers are alerted around:
    the raising member's building, else the lead household's."""
    raiser = next((m for m in members if m.account_subject == alarm.raised_by), None)
    household_id = group.lead_household_id if raiser is None else raiser.household_id
    point = (
        await session.execute(
            select(Building.lon, Building.lat)
            .join(Household, Household.building_id == Building.id)
            .where(Household.id == household_id)
        )
    ).first()
    return AlarmRaised(
        alarm_id=alarm.id,
        group_id=group.id,
        kind=alarm.kind,
        grid_unit_id=group.grid_unit_id,
        community_id=group.community_id,
        lon=None if point is None else point.lon,
        lat=None if point is None else point.lat,
        recipients=recipients,
    )


async def locate_alarm(session: AsyncSession, principal: Principal, alarm_id: uuid.UUID) -> Alarm:
    alarm = await session.get(Alarm, alarm_id)
    if alarm is None:
        raise NotFound("No such alarm")
    try:
        await locate_group(session, principal, alarm.group_id)
    except NotFound:
        raise NotFound("No such alarm") from None
    return alarm


async def answer_alarm(
    session: AsyncSession,
    principal: Principal,
    alarm_id: uuid.UUID,
    body: AnswerCreate,
    now: datetime,
) -> Alarm:
    alarm = await locate_alarm(session, principal, alarm_id)
    if alarm.state == "escalated":
        raise AlarmAlreadyEscalated("Answers now go to the community duty desk")
    name = principal.display_name[:100] if principal.display_name else None
    session.add(
        AlarmResponse(
            alarm_id=alarm.id,
            responder=principal.subject,
            responder_name=name,
            answer=body.answer,
            at=now,
        )
    )
    alarm.state = "answered"
    await session.flush()
    return alarm


async def escalate_unanswered(
    session: AsyncSession, principal: Principal, now: datetime
) -> list[Alarm]:
    ensure_role(principal, *STAFF_ROLES)
    statement = select(Alarm).where(Alarm.state == "open", Alarm.answer_due_at < now)
    escalated = []
    for alarm in (await session.scalars(statement.order_by(Alarm.id))).all():
        if not covers(
            principal, street=alarm.street_id, community=alarm.community_id, grid=alarm.grid_unit_id
        ):
            continue
        alarm.state = "escalated"
        alarm.escalated_at = now
        session.add(
            AlarmNotice(
                alarm_id=alarm.id,
                recipient=f"community:{alarm.community_id}",
                recipient_kind="community",
                at=now,
            )
        )
        await record_event(
            session,
            source=SOURCE,
            subject=str(alarm.id),
            payload=AlarmEscalated(alarm_id=alarm.id, community_id=alarm.community_id),
        )
        escalated.append(alarm)
    await session.flush()
    return escalated


async def notices_and_responses(
    session: AsyncSession, alarm_id: uuid.UUID
) -> tuple[list[AlarmNotice], list[AlarmResponse]]:
    notices = await session.scalars(
        select(AlarmNotice).where(AlarmNotice.alarm_id == alarm_id).order_by(AlarmNotice.id)
    )
    responses = await session.scalars(
        select(AlarmResponse).where(AlarmResponse.alarm_id == alarm_id).order_by(AlarmResponse.id)
    )
    return list(notices.all()), list(responses.all())


async def record_drill(
    session: AsyncSession,
    principal: Principal,
    group_id: uuid.UUID,
    body: DrillCreate,
    now: datetime,
) -> Drill:
    ensure_role(principal, *STAFF_ROLES)
    group = await locate_group(session, principal, group_id)
    if body.held_at.tzinfo is None or body.held_at > now:
        raise InvalidInput.field("body.held_at", "a past time with a time zone offset", "invalid")
    drill = Drill(
        group_id=group.id,
        held_at=body.held_at,
        participants=body.participants,
        scenario=body.scenario,
        note=body.note,
        recorded_by=principal.subject,
    )
    session.add(drill)
    await session.flush()
    return drill


async def drills_of(
    session: AsyncSession, principal: Principal, group_id: uuid.UUID
) -> list[Drill]:
    group = await locate_group(session, principal, group_id)
    statement = select(Drill).where(Drill.group_id == group.id).order_by(Drill.held_at.desc())
    return list((await session.scalars(statement)).all())
