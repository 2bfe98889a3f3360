"""Joint meetings and the tasks their resolutions become."""

import uuid
from collections import Counter
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_org_registry.meetings import repository
from weimin_org_registry.meetings.models import JointMeeting, JointTask
from weimin_org_registry.meetings.schemas import (
    MeetingCreate,
    MeetingRead,
    OverdueReport,
    TaskRead,
    TaskUpdate,
)
from weimin_org_registry.organisations import repository as organisations
from weimin_org_registry.places import community_in_scope, ensure_staff


async def _place(
    session: AsyncSession, principal: Principal, data: MeetingCreate
) -> tuple[uuid.UUID, uuid.UUID | None]:
    if data.community_id is not None:
        community = await community_in_scope(
            session, principal, data.community_id, "body.community_id"
        )
        assert community.street_id is not None
        return community.street_id, community.id
    assert data.street_id is not None
    streets = await organisations.existing_streets(session, [data.street_id])
    if not streets or not principal.covers(street=data.street_id):
        raise InvalidInput.field(
            "body.street_id", "no street with this id in your scope", "unknown-street"
        )
    return data.street_id, None


async def hold_meeting(
    session: AsyncSession, principal: Principal, data: MeetingCreate
) -> JointMeeting:
    ensure_staff(principal)
    street_id, community_id = await _place(session, principal, data)
    attendees = list(dict.fromkeys(data.attendee_unit_ids))
    known = await repository.active_organisation_ids(session, attendees)
    for n, unit in enumerate(attendees):
        if unit not in known:
            raise InvalidInput.field(
                f"body.attendee_unit_ids.{n}",
                "no active organisation with this id",
                "unknown-organisation",
            )
    for n, resolution in enumerate(data.resolutions):
        if resolution.owner_organisation_id not in known:
            raise InvalidInput.field(
                f"body.resolutions.{n}.owner_organisation_id",
                "the owner must be one of the attending units",
                "owner-not-attending",
            )
        if resolution.due_on < data.held_on:
            raise InvalidInput.field(
                f"body.resolutions.{n}.due_on",
                "due before the meeting was held",
                "due-before-meeting",
            )
    meeting = JointMeeting(
        street_id=street_id,
        community_id=community_id,
        title=data.title,
        held_on=data.held_on,
        minutes=data.minutes,
        attendee_unit_ids=[str(a) for a in attendees],
    )
    session.add(meeting)
    await session.flush()
    session.add_all(
        JointTask(
            meeting_id=meeting.id,
            street_id=street_id,
            community_id=community_id,
            area=r.area,
            title=r.title,
            owner_organisation_id=r.owner_organisation_id,
            due_on=r.due_on,
            status="open",
        )
        for r in data.resolutions
    )
    await session.flush()
    return meeting


async def meeting(
    session: AsyncSession, principal: Principal, meeting_id: uuid.UUID
) -> JointMeeting:
    found = await repository.visible_meeting(session, principal, meeting_id)
    if found is None:
        raise NotFound("No such joint meeting")
    return found


async def update_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, data: TaskUpdate
) -> JointTask:
    ensure_staff(principal)
    task = await repository.visible_task(session, principal, task_id)
    if task is None:
        raise NotFound("No such joint task")
    task.status = data.status
    task.completed_on = data.completed_on
    await session.flush()
    return task


async def overdue_report(session: AsyncSession, principal: Principal, on: date) -> OverdueReport:
    tasks = await repository.overdue_tasks(session, principal, on)
    return OverdueReport(
        on=on,
        total=len(tasks),
        by_area=dict(sorted(Counter(t.area for t in tasks).items())),
        by_owner=dict(sorted(Counter(str(t.owner_organisation_id) for t in tasks).items())),
        tasks=[TaskRead.model_validate(t) for t in tasks],
    )


async def tasks_of(session: AsyncSession, meeting_id: uuid.UUID) -> list[JointTask]:
    return list(await repository.tasks_of(session, meeting_id))


async def list_meetings(
    session: AsyncSession, principal: Principal, page: PageParams, community_id: uuid.UUID | None
) -> Page[MeetingRead]:
    return await paginate(
        session,
        repository.meetings_query(principal, community_id),
        JointMeeting.id,
        page,
        MeetingRead.model_validate,
        parse_key=uuid.UUID,
    )
