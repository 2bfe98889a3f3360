import uuid
from datetime import date
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_kit.types import utcnow
from weimin_org_registry.meetings import service
from weimin_org_registry.meetings.models import JointMeeting
from weimin_org_registry.meetings.schemas import (
    MeetingCreate,
    MeetingDetail,
    MeetingRead,
    OverdueReport,
    TaskRead,
    TaskUpdate,
)

meetings = APIRouter(prefix="/v1/joint-meetings", tags=["joint-meetings"])
tasks = APIRouter(prefix="/v1/joint-tasks", tags=["joint-tasks"])


async def _detail(session: SessionDep, meeting: JointMeeting) -> MeetingDetail:
    return MeetingDetail(
        **MeetingRead.model_validate(meeting).model_dump(),
        tasks=[TaskRead.model_validate(t) for t in await service.tasks_of(session, meeting.id)],
    )


@meetings.post("", status_code=201)
async def hold_meeting(
    body: MeetingCreate, session: SessionDep, principal: CurrentPrincipal
) -> MeetingDetail:
    return await _detail(session, await service.hold_meeting(session, principal, body))


@meetings.get("")
async def list_meetings(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: uuid.UUID | None = None,
) -> Page[MeetingRead]:
    return await service.list_meetings(session, principal, page, community_id)


@meetings.get("/{meeting_id}")
async def get_meeting(
    meeting_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> MeetingDetail:
    return await _detail(session, await service.meeting(session, principal, meeting_id))


@tasks.get("/overdue")
async def overdue_report(
    session: SessionDep,
    principal: CurrentPrincipal,
    on: Annotated[date | None, Query(description="default: today (UTC)")] = None,
) -> OverdueReport:
    """Tasks not done whose due date is before `on`."""
    return await service.overdue_report(session, principal, on or utcnow().date())


@tasks.patch("/{task_id}")
async def update_task(
    task_id: uuid.UUID, body: TaskUpdate, session: SessionDep, principal: CurrentPrincipal
) -> TaskRead:
    return TaskRead.model_validate(await service.update_task(session, principal, task_id, body))
