"""Dispatch: rank volunteers for a task and hand it over in one of four modes.

assign       staff pick a volunteer (usually from the ranked list)
offer        the top k are offered it; the first to accept gets it; a decline or an offer
             left past its timeout moves on to the next ranked volunteers
grab         qualified volunteers nearby are told; the first to grab it gets it
round_robin  the next qualified member of the team after the last one given a task

Urgent calls for help alert the nearest volunteers who consented to location alerts and
are available now, within the task's radius. Every hand-over is a conditional UPDATE on
the task's status, so two volunteers can never both get it.
"""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import TaskAccepted, TaskOffered
from weimin_kit.auth import Principal
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers import events, notice_texts
from weimin_volunteers.activities import repository as notices
from weimin_volunteers.dispatch import repository
from weimin_volunteers.dispatch.errors import NotQualified
from weimin_volunteers.dispatch.models import Task, TaskOffer
from weimin_volunteers.dispatch.ranking import Ranked, rank
from weimin_volunteers.dispatch.schemas import (
    CandidateList,
    CandidateRead,
    OfferRead,
    TaskDetail,
    TaskRead,
)
from weimin_volunteers.registry.models import Skill
from weimin_volunteers.registry.service import local_date, my_volunteer
from weimin_volunteers.scope import manager_covers, staff_covers

FAIRNESS_WINDOW = timedelta(days=30)
URGENT_ALERTS = 10
GRAB_NOTICES = 20
#: A ranking weighs the nearest qualified volunteers, not everyone in the radius: at city
#: scale a 3 km radius holds tens of thousands of people, and beyond the nearest few
#: hundred a candidate only loses distance points to those already weighed.
CANDIDATE_POOL = 50


async def skill_of(session: AsyncSession, code: str | None, field: str) -> Skill | None:
    if code is None:
        return None
    skill = await repository.skill_by_code(session, code)
    if skill is None:
        raise InvalidInput.field(field, f"{code} is not in the skills catalogue", "unknown-skill")
    return skill


async def ranked_for(
    session: AsyncSession,
    task: Task,
    now: datetime,
    *,
    consenting_only: bool = False,
    pool: int | None = CANDIDATE_POOL,
) -> list[Ranked]:
    """The `pool` nearest qualified volunteers within the radius, ranked (None: all)."""
    skill = await skill_of(session, task.skill_code, "skill_code")
    candidates = await repository.candidates_near(
        session,
        skill=skill,
        lon=task.lon,
        lat=task.lat,
        radius_m=task.radius_m,
        today=local_date(now),
        since=now - FAIRNESS_WINDOW,
        consenting_only=consenting_only,
        nearest=pool,
    )
    return rank(candidates, lon=task.lon, lat=task.lat, radius_m=task.radius_m, now=now)


async def explain_empty(session: AsyncSession, task: Task, now: datetime) -> str:
    skill = await skill_of(session, task.skill_code, "skill_code")
    if skill is None:
        return f"No active volunteer lives within {task.radius_m} m of the task"
    every, valid = await repository.holders(session, skill, local_date(now))
    if every == 0:
        return f"Nobody holds the skill {skill.code}"
    if valid == 0:
        return f"{every} volunteers hold {skill.code} but none has a valid certificate"
    return (
        f"None of the {valid} volunteers qualified for {skill.code} lives within {task.radius_m} m"
    )


def candidate_reads(ranked: list[Ranked]) -> list[CandidateRead]:
    return [
        CandidateRead(
            rank=n,
            volunteer_id=r.volunteer_id,
            display_name=r.display_name,
            score=r.score,
            distance_m=r.distance_m,
            available_now=r.available_now,
            recent_tasks=r.recent_tasks,
            reliability=r.reliability,
            reasons=r.reasons,
        )
        for n, r in enumerate(ranked, start=1)
    ]


async def locate_task(session: AsyncSession, principal: Principal, task_id: uuid.UUID) -> Task:
    """Staff covering the task's community, or a volunteer it was offered or given to."""
    task = await repository.get_task(session, task_id)
    if task is None:
        raise NotFound("No such task")
    if staff_covers(
        principal, street=task.street_id, community=task.community_id, grid=task.grid_unit_id
    ):
        return task
    try:
        me = await my_volunteer(session, principal)
    except NotFound:
        raise NotFound("No such task") from None
    offers = await repository.offers_of(session, task.id)
    if task.assignee_id == me.id or any(o.volunteer_id == me.id for o in offers):
        return task
    raise NotFound("No such task")


def ensure_manages(principal: Principal, task: Task) -> None:
    if not manager_covers(principal, street=task.street_id, community=task.community_id):
        raise NotFound("No such task")


def offer_read(offer: TaskOffer, now: datetime | None) -> OfferRead:
    """The offer as of `now`: a pending offer past its timeout reads as expired (at its
    timeout) before a write persists that, so a read never has to write."""
    read = OfferRead.model_validate(offer)
    if now is not None and offer.status == "pending" and offer.expires_at <= now:
        return read.model_copy(update={"status": "expired", "responded_at": offer.expires_at})
    return read


async def detail(
    session: AsyncSession, task: Task, alerted: int = 0, *, now: datetime | None = None
) -> TaskDetail:
    await session.refresh(task)
    offers = await repository.offers_of(session, task.id)
    return TaskDetail(
        task=TaskRead.model_validate(task),
        offers=[offer_read(o, now) for o in offers],
        alerted=alerted,
    )


async def offer_next(session: AsyncSession, task: Task, now: datetime) -> int:
    """Offer the task to the best-ranked volunteers not offered it yet, up to k pending."""
    offers = await repository.offers_of(session, task.id)
    pending = sum(1 for o in offers if o.status == "pending")
    already = {o.volunteer_id for o in offers}
    fresh = [r for r in await ranked_for(session, task, now) if r.volunteer_id not in already]
    chosen = fresh[: max(0, task.offer_k - pending)]
    for n, candidate in enumerate(chosen, start=len(offers) + 1):
        expires_at = now + timedelta(seconds=task.offer_timeout_seconds)
        session.add(
            TaskOffer(
                task_id=task.id,
                volunteer_id=candidate.volunteer_id,
                rank=n,
                status="pending",
                offered_at=now,
                expires_at=expires_at,
            )
        )
        await events.record(
            session,
            task.id,
            TaskOffered(
                task_id=task.id,
                volunteer_id=candidate.volunteer_id,
                rank=n,
                account_id=await events.account_of(session, candidate.volunteer_id),
                expires_at=expires_at,
            ),
        )
    await notices.notify(
        session,
        [c.volunteer_id for c in chosen],
        kind="offer",
        subject_id=task.id,
        text=notice_texts.task_offered(task.title),
        now=now,
    )
    await session.flush()
    if chosen or pending:
        await repository.change_task_if(
            session, task.id, Task.status.in_(("open", "offered")), {"status": "offered"}
        )
    else:
        await repository.change_task_if(
            session, task.id, Task.status == "offered", {"status": "open"}
        )
    return len(chosen)


async def hand_over(
    session: AsyncSession, task: Task, volunteer_id: uuid.UUID, now: datetime, *, mode: str
) -> bool:
    won = await repository.change_task_if(
        session,
        task.id,
        Task.status.in_(("open", "offered")) & Task.assignee_id.is_(None),
        {"status": "assigned", "assignee_id": volunteer_id, "assigned_at": now, "updated_at": now},
    )
    if not won:
        return False
    await repository.change_offers(
        session,
        task.id,
        (TaskOffer.status == "pending") & (TaskOffer.volunteer_id != volunteer_id),
        {"status": "withdrawn", "responded_at": now},
    )
    await events.record(
        session,
        task.id,
        TaskAccepted(task_id=task.id, volunteer_id=volunteer_id, mode=mode),
    )
    await notices.notify(
        session,
        [volunteer_id],
        kind="task",
        subject_id=task.id,
        text=notice_texts.task_assigned(task.title),
        now=now,
    )
    return True


async def ensure_qualified(
    session: AsyncSession, task: Task, volunteer_id: uuid.UUID, now: datetime
) -> None:
    """The volunteer must hold the skill (with a valid certificate when it needs one); the
    radius does not bind staff, so it is widened to the whole city for this check."""
    skill = await skill_of(session, task.skill_code, "skill_code")
    if skill is None:
        return
    qualified = await repository.candidates_near(
        session,
        skill=skill,
        lon=task.lon,
        lat=task.lat,
        radius_m=200_000,
        today=local_date(now),
        since=now,
    )
    if volunteer_id not in {c.volunteer_id for c in qualified}:
        raise NotQualified(
            f"The volunteer lacks {skill.code} or a valid certificate for it",
            errors=[
                {
                    "field": "body.volunteer_id",
                    "reason": f"not qualified for {skill.code}",
                    "code": "not-qualified",
                }
            ],
        )


async def candidates(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID, now: datetime
) -> CandidateList:
    task = await locate_task(session, principal, task_id)
    ensure_manages(principal, task)
    ranked = await ranked_for(session, task, now)
    return CandidateList(
        task_id=task.id,
        candidates=candidate_reads(ranked),
        explanation=None if ranked else await explain_empty(session, task, now),
    )


async def list_tasks(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[TaskRead]:
    return await paginate(
        session,
        repository.tasks_in_scope(principal),
        Task.id,
        page,
        TaskRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
