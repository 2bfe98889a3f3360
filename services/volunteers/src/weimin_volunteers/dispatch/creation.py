"""Creating a task and handing it over by its mode; urgent calls alert nearby volunteers."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_volunteers import notice_texts
from weimin_volunteers.activities import repository as notices
from weimin_volunteers.dispatch import repository
from weimin_volunteers.dispatch.errors import RoundRobinNeedsTeam, TaskNotOpen, TaskSourceTaken
from weimin_volunteers.dispatch.models import Task
from weimin_volunteers.dispatch.schemas import (
    TaskCreate,
    TaskDetail,
)
from weimin_volunteers.dispatch.service import (
    GRAB_NOTICES,
    URGENT_ALERTS,
    detail,
    ensure_manages,
    ensure_qualified,
    hand_over,
    locate_task,
    offer_next,
    ranked_for,
    skill_of,
)
from weimin_volunteers.scope import manager_covers
from weimin_volunteers.teams import repository as team_repository


async def create_task(
    session: AsyncSession, principal: Principal, body: TaskCreate, now: datetime
) -> TaskDetail:
    if not manager_covers(principal, street=body.street_id, community=body.community_id):
        raise NotFound(
            "No such community",
            errors=[
                {"field": "body.community_id", "reason": "outside your scope", "code": "not-found"}
            ],
        )
    await skill_of(session, body.skill_code, "body.skill_code")
    if body.mode == "round_robin" and body.team_id is None:
        raise RoundRobinNeedsTeam(
            "body.team_id: required for round_robin",
            errors=[
                {"field": "body.team_id", "reason": "required for round_robin", "code": "required"}
            ],
        )
    if body.team_id is not None and await team_repository.get_team(session, body.team_id) is None:
        raise InvalidInput.field("body.team_id", "no such team", "not-found")
    if body.source_ref is not None:
        earlier = await repository.task_for_source(session, body.source_ref)
        if earlier is not None:
            raise TaskSourceTaken(
                f"Task {earlier.id} was opened for {body.source_ref}",
                errors=[
                    {
                        "field": "body.source_ref",
                        "reason": f"task {earlier.id} has it",
                        "code": TaskSourceTaken.code,
                    }
                ],
            )
    task = Task(**body.model_dump(), status="open")
    await repository.add(session, task)
    alerted = 0
    if body.kind == "urgent_help":
        alerted = await alert_nearest(session, task, now)
    if body.mode == "offer":
        await offer_next(session, task, now)
    elif body.mode == "grab" and body.kind != "urgent_help":
        nearby = (await ranked_for(session, task, now))[:GRAB_NOTICES]
        alerted = await notices.notify(
            session,
            [r.volunteer_id for r in nearby],
            kind="grab",
            subject_id=task.id,
            text=notice_texts.open_task_nearby(task.title),
            now=now,
        )
    elif body.mode == "round_robin":
        await assign_round_robin(session, task, now)
    return await detail(session, task, alerted)


async def alert_nearest(session: AsyncSession, task: Task, now: datetime) -> int:
    """Only volunteers who opted in to location alerts and are available now are alerted,
    nearest first."""
    ranked = await ranked_for(session, task, now, consenting_only=True)
    nearest = sorted((r for r in ranked if r.available_now), key=lambda r: r.distance_m)
    chosen = [r.volunteer_id for r in nearest[:URGENT_ALERTS]]
    return await notices.notify(
        session,
        chosen,
        kind="alert",
        subject_id=task.id,
        text=notice_texts.urgent_help_nearby(task.title),
        now=now,
    )


async def assign_round_robin(session: AsyncSession, task: Task, now: datetime) -> None:
    assert task.team_id is not None
    # Every qualified member counts, however far down a nearest-first pool they would be.
    ranked = await ranked_for(session, task, now, pool=None)
    qualified = {r.volunteer_id for r in ranked}
    members = [
        m for m in await repository.active_team_members(session, task.team_id) if m in qualified
    ]
    if not members:
        return
    last = await repository.last_round_robin_assignee(session, task.team_id)
    following = [m for m in members if last is not None and m > last]
    await hand_over(session, task, (following or members)[0], now, mode="round_robin")


async def assign(
    session: AsyncSession,
    principal: Principal,
    task_id: uuid.UUID,
    volunteer_id: uuid.UUID,
    now: datetime,
) -> TaskDetail:
    task = await locate_task(session, principal, task_id)
    ensure_manages(principal, task)
    await ensure_qualified(session, task, volunteer_id, now)
    if not await hand_over(session, task, volunteer_id, now, mode="assign"):
        raise TaskNotOpen(f"The task is {task.status}")
    return await detail(session, task)
