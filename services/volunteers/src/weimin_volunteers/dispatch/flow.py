"""What volunteers do with tasks: accept or decline an offer, grab an open task, complete
it; and the timeout that moves an unanswered offer on to the next volunteers.

A timeout is persisted by writes only: the background sweep (`background.py`), the
scheduler's `POST /v1/tasks/expired-offers`, or the task's next answer. Reads show a
timed-out offer as expired without writing (`service.offer_read`)."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import TaskCompleted
from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers import events
from weimin_volunteers.dispatch import repository
from weimin_volunteers.dispatch.errors import NoPendingOffer, TaskNotOpen
from weimin_volunteers.dispatch.models import Task, TaskOffer
from weimin_volunteers.dispatch.schemas import TaskDetail, TaskRead
from weimin_volunteers.dispatch.service import (
    detail,
    ensure_qualified,
    hand_over,
    locate_task,
    offer_next,
)
from weimin_volunteers.hours import service as hours
from weimin_volunteers.registry.service import my_volunteer
from weimin_volunteers.scope import manager_covers


async def expire_offers(session: AsyncSession, task: Task, now: datetime) -> int:
    """Offers past their timeout expire and the task moves on to the next volunteers."""
    expired = await repository.change_offers(
        session,
        task.id,
        (TaskOffer.status == "pending") & (TaskOffer.expires_at <= now),
        # Expired when its time ran out, whenever this runs: what reads showed meanwhile.
        {"status": "expired", "responded_at": TaskOffer.expires_at},
    )
    if expired:
        await session.refresh(task)
        if task.status == "offered":
            await offer_next(session, task, now)
    return expired


async def sweep_expired_offers(session: AsyncSession, principal: Principal, now: datetime) -> int:
    """For a scheduler (or staff): expire every timed-out offer in the caller's scope."""
    moved = 0
    for task_id in await repository.tasks_with_expired_offers(session, now):
        task = await repository.get_task(session, task_id)
        if task is not None and manager_covers(
            principal, street=task.street_id, community=task.community_id
        ):
            moved += await expire_offers(session, task, now)
    return moved


async def respond(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, accept: bool, now: datetime
) -> TaskDetail:
    me = await my_volunteer(session, principal)
    task = await locate_task(session, principal, task_id)
    await expire_offers(session, task, now)
    answered = await repository.change_offers(
        session,
        task.id,
        (TaskOffer.volunteer_id == me.id) & (TaskOffer.status == "pending"),
        {"status": "accepted" if accept else "declined", "responded_at": now},
    )
    if not answered:
        raise NoPendingOffer("No pending offer: it expired, was withdrawn or was answered")
    if accept:
        if not await hand_over(session, task, me.id, now, mode="offer"):
            raise TaskNotOpen("Someone else accepted the task first")
    else:
        await offer_next(session, task, now)
    return await detail(session, task)


async def grab(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, now: datetime
) -> TaskDetail:
    me = await my_volunteer(session, principal)
    task = await repository.get_task(session, task_id)
    if task is None or task.mode != "grab":
        raise TaskNotOpen("This task is not open to grab")
    await ensure_qualified(session, task, me.id, now)
    if not await hand_over(session, task, me.id, now, mode="grab"):
        raise TaskNotOpen("Someone else took the task first")
    return await detail(session, task)


async def complete(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, minutes: int, now: datetime
) -> TaskDetail:
    task = await locate_task(session, principal, task_id)
    managing = manager_covers(principal, street=task.street_id, community=task.community_id)
    if not managing:
        me = await my_volunteer(session, principal)
        if task.assignee_id != me.id:
            raise TaskNotOpen("Only the assignee or staff complete a task")
    if task.assignee_id is None or not await repository.change_task_if(
        session, task.id, Task.status == "assigned", {"status": "completed", "completed_at": now}
    ):
        raise TaskNotOpen(f"Only an assigned task is completed; this one is {task.status}")
    await events.record(
        session,
        task.id,
        TaskCompleted(task_id=task.id, volunteer_id=task.assignee_id, source_ref=task.source_ref),
    )
    if minutes:
        await hours.credit(
            session,
            volunteer_id=task.assignee_id,
            minutes=minutes,
            kind="manual",
            reason=f"task: {task.title}",
            recorded_by=principal.subject[:64],
            now=now,
            credit_key=f"task:{task.id}",
        )
    return await detail(session, task)


async def my_tasks(
    session: AsyncSession, principal: Principal, page: PageParams, now: datetime
) -> Page[TaskRead]:
    me = await my_volunteer(session, principal)
    return await paginate(
        session,
        repository.tasks_of_volunteer(me.id, now),
        Task.id,
        page,
        TaskRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
