import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from typing import Annotated, Any

from fastapi import APIRouter, BackgroundTasks, Query, Request
from fastapi.responses import StreamingResponse

from weimin_grid.joint_defence import service
from weimin_grid.joint_defence.hub import AlarmHub
from weimin_grid.joint_defence.models import Alarm, JointDefenceGroup
from weimin_grid.joint_defence.schemas import (
    AlarmCreate,
    AlarmRead,
    AlarmState,
    AnswerCreate,
    DrillCreate,
    DrillRead,
    GroupCreate,
    GroupRead,
    MemberRead,
    NoticeRead,
    ResponseRead,
)
from weimin_grid.joint_defence.service import AlarmAlreadyEscalated
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep, paginate
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/joint-defence", tags=["joint-defence"])
HEARTBEAT_SECONDS = 15.0


def hub_of(request: Request) -> AlarmHub:
    hub: AlarmHub | None = getattr(request.app.state, "alarm_hub", None)
    if hub is None:
        hub = request.app.state.alarm_hub = AlarmHub()
    return hub


async def _group_read(session: SessionDep, group: JointDefenceGroup) -> GroupRead:
    members = await service.members_of(session, group.id)
    return GroupRead(
        id=group.id,
        grid_unit_id=group.grid_unit_id,
        community_id=group.community_id,
        name=group.name,
        lead_household_id=group.lead_household_id,
        answer_minutes=group.answer_minutes,
        members=[MemberRead.model_validate(m) for m in members],
    )


async def _alarm_read(session: SessionDep, alarm: Alarm) -> AlarmRead:
    notices, responses = await service.notices_and_responses(session, alarm.id)
    return AlarmRead(
        id=alarm.id,
        group_id=alarm.group_id,
        raised_by=alarm.raised_by,
        kind=alarm.kind,
        note=alarm.note,
        state=alarm.state,
        raised_at=alarm.raised_at,
        answer_due_at=alarm.answer_due_at,
        escalated_at=alarm.escalated_at,
        notices=[NoticeRead.model_validate(n) for n in notices],
        responses=[ResponseRead.model_validate(r) for r in responses],
    )


def _announce(request: Request, tasks: BackgroundTasks, alarm: AlarmRead) -> None:
    # After the response, so after the commit: a rolled-back alarm is never announced.
    tasks.add_task(hub_of(request).publish, alarm.group_id, alarm.model_dump(mode="json"))


@router.post("/groups", status_code=201)
async def create_group(
    body: GroupCreate, session: SessionDep, principal: CurrentPrincipal
) -> GroupRead:
    return await _group_read(session, await service.create_group(session, principal, body))


@router.get("/groups")
async def list_groups(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[GroupRead]:
    """The groups the caller watches: for staff those of the grid units they cover, for a
    resident the groups their household belongs to."""
    result = await paginate(
        session,
        service.groups_in_scope(principal, grid_unit_id),
        JointDefenceGroup.id,
        page,
        lambda g: g,
        parse_key=uuid.UUID,
    )
    return Page[GroupRead](
        items=[await _group_read(session, g) for g in result.items],
        next_cursor=result.next_cursor,
    )


@router.get("/groups/{group_id}", responses=problems(NotFound))
async def get_group(
    group_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> GroupRead:
    return await _group_read(session, await service.locate_group(session, principal, group_id))


@router.post("/groups/{group_id}/alarms", status_code=201, responses=problems(NotFound))
async def raise_alarm(
    group_id: uuid.UUID,
    body: AlarmCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    request: Request,
    tasks: BackgroundTasks,
) -> AlarmRead:
    alarm = await _alarm_read(
        session, await service.raise_alarm(session, principal, group_id, body, now)
    )
    _announce(request, tasks, alarm)
    return alarm


# The media type in the spec tells the gateway (and its tests) this route is a stream.
@router.get(
    "/groups/{group_id}/alarms/stream",
    response_class=StreamingResponse,
    responses=problems(
        NotFound, also={200: {"content": {"text/event-stream": {"schema": {"type": "string"}}}}}
    ),
)
async def stream_alarms(
    group_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    request: Request,
    limit: Annotated[int | None, Query(ge=1, le=1000)] = None,
) -> StreamingResponse:
    """Server-sent events: every alarm raised, answered or escalated in the group from now
    on. `limit` closes the stream after that many events (for clients that poll)."""
    group = await service.locate_group(session, principal, group_id)
    hub = hub_of(request)
    queue = hub.subscribe(group.id)

    async def events() -> AsyncIterator[str]:
        sent = 0
        try:
            while limit is None or sent < limit:
                try:
                    message: dict[str, Any] = await asyncio.wait_for(queue.get(), HEARTBEAT_SECONDS)
                except TimeoutError:
                    yield ": keep-alive\n\n"
                    continue
                yield f"event: alarm\nid: {message['id']}\ndata: {json.dumps(message)}\n\n"
                sent += 1
        finally:
            hub.unsubscribe(group.id, queue)

    return StreamingResponse(
        events(), media_type="text/event-stream", headers={"Cache-Control": "no-store"}
    )


@router.post("/alarms/escalations", responses=problems(Forbidden))
async def escalate_unanswered(
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    request: Request,
    tasks: BackgroundTasks,
) -> list[AlarmRead]:
    alarms = [
        await _alarm_read(session, a)
        for a in await service.escalate_unanswered(session, principal, now)
    ]
    for alarm in alarms:
        _announce(request, tasks, alarm)
    return alarms


@router.get("/alarms")
async def list_alarms(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    group_id: Annotated[uuid.UUID | None, Query()] = None,
    state: Annotated[AlarmState | None, Query()] = None,
) -> Page[AlarmRead]:
    """Recent alarms of the groups the caller watches, newest first."""
    result = await paginate(
        session,
        service.alarms_in_scope(principal, group_id, state),
        Alarm.id,
        page,
        lambda a: a,
        parse_key=uuid.UUID,
        newest_first=True,
    )
    return Page[AlarmRead](
        items=[await _alarm_read(session, a) for a in result.items],
        next_cursor=result.next_cursor,
    )


@router.get("/alarms/{alarm_id}", responses=problems(NotFound))
async def get_alarm(
    alarm_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> AlarmRead:
    return await _alarm_read(session, await service.locate_alarm(session, principal, alarm_id))


@router.post(
    "/alarms/{alarm_id}/responses",
    status_code=201,
    responses=problems(NotFound, AlarmAlreadyEscalated),
)
async def answer_alarm(
    alarm_id: uuid.UUID,
    body: AnswerCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    request: Request,
    tasks: BackgroundTasks,
) -> AlarmRead:
    alarm = await _alarm_read(
        session, await service.answer_alarm(session, principal, alarm_id, body, now)
    )
    _announce(request, tasks, alarm)
    return alarm


@router.post("/groups/{group_id}/drills", status_code=201, responses=problems(Forbidden))
async def record_drill(
    group_id: uuid.UUID,
    body: DrillCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> DrillRead:
    return DrillRead.model_validate(
        await service.record_drill(session, principal, group_id, body, now)
    )


@router.get("/groups/{group_id}/drills", responses=problems(NotFound))
async def list_drills(
    group_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[DrillRead]:
    return [
        DrillRead.model_validate(d) for d in await service.drills_of(session, principal, group_id)
    ]
