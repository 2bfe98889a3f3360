import uuid

from fastapi import APIRouter

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_volunteers.activities.schemas import Delivery
from weimin_volunteers.dispatch import creation, flow, service
from weimin_volunteers.dispatch.schemas import (
    AssignmentCreate,
    CandidateList,
    CompletionCreate,
    TaskCreate,
    TaskDetail,
    TaskRead,
)

router = APIRouter(prefix="/v1/tasks", tags=["tasks"])
mine = APIRouter(prefix="/v1/volunteers/me", tags=["me"])


@router.post("", status_code=201)
async def create_task(
    body: TaskCreate, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> TaskDetail:
    return await creation.create_task(session, principal, body, now)


@router.get("")
async def list_tasks(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[TaskRead]:
    return await service.list_tasks(session, principal, page)


# Declared before /{task_id} so the word is not taken for an id.
@router.post("/expired-offers")
async def sweep_expired_offers(
    session: SessionDep, principal: CurrentPrincipal, now: Now
) -> Delivery:
    return Delivery(notified=await flow.sweep_expired_offers(session, principal, now))


@router.get("/{task_id}")
async def get_task(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> TaskDetail:
    # A read: timed-out offers show as expired; the sweep or the next answer moves them on.
    task = await service.locate_task(session, principal, task_id)
    return await service.detail(session, task, now=now)


@router.get("/{task_id}/candidates")
async def rank_candidates(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> CandidateList:
    return await service.candidates(session, principal, task_id, now)


@router.post("/{task_id}/assignment")
async def assign_task(
    task_id: uuid.UUID,
    body: AssignmentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> TaskDetail:
    return await creation.assign(session, principal, task_id, body.volunteer_id, now)


@router.post("/{task_id}/acceptance")
async def accept_offer(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> TaskDetail:
    return await flow.respond(session, principal, task_id, accept=True, now=now)


@router.post("/{task_id}/decline")
async def decline_offer(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> TaskDetail:
    return await flow.respond(session, principal, task_id, accept=False, now=now)


@router.post("/{task_id}/grab")
async def grab_task(
    task_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> TaskDetail:
    return await flow.grab(session, principal, task_id, now)


@router.post("/{task_id}/completion")
async def complete_task(
    task_id: uuid.UUID,
    body: CompletionCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> TaskDetail:
    return await flow.complete(session, principal, task_id, body.minutes, now)


@mine.get("/tasks")
async def list_my_tasks(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep, now: Now
) -> Page[TaskRead]:
    return await flow.my_tasks(session, principal, page, now)
