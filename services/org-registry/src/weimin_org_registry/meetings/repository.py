"""Every query on joint meetings and their tasks."""

import uuid
from collections.abc import Collection
from datetime import date

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_org_registry.meetings.models import JointMeeting, JointTask
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.places import placed_filter


def meetings_query(principal: Principal, community_id: uuid.UUID | None) -> Select[JointMeeting]:
    statement = select(JointMeeting).where(
        placed_filter(principal, JointMeeting.street_id, JointMeeting.community_id)
    )
    if community_id is not None:
        statement = statement.where(JointMeeting.community_id == community_id)
    return statement


async def visible_meeting(
    session: AsyncSession, principal: Principal, meeting_id: uuid.UUID
) -> JointMeeting | None:
    return await session.scalar(
        meetings_query(principal, None).where(JointMeeting.id == meeting_id)
    )


def tasks_query(principal: Principal) -> Select[JointTask]:
    return select(JointTask).where(
        placed_filter(principal, JointTask.street_id, JointTask.community_id)
    )


async def tasks_of(session: AsyncSession, meeting_id: uuid.UUID) -> list[JointTask]:
    rows = await session.scalars(
        select(JointTask)
        .where(JointTask.meeting_id == meeting_id)
        .order_by(JointTask.due_on, JointTask.id)
    )
    return list(rows)


async def visible_task(
    session: AsyncSession, principal: Principal, task_id: uuid.UUID
) -> JointTask | None:
    return await session.scalar(tasks_query(principal).where(JointTask.id == task_id))


async def overdue_tasks(session: AsyncSession, principal: Principal, on: date) -> list[JointTask]:
    rows = await session.scalars(
        tasks_query(principal)
        .where(JointTask.status != "done", JointTask.due_on < on)
        .order_by(JointTask.due_on, JointTask.id)
    )
    return list(rows)


async def active_organisation_ids(
    session: AsyncSession, ids: Collection[uuid.UUID]
) -> set[uuid.UUID]:
    rows = await session.scalars(
        select(Organisation.id).where(Organisation.id.in_(ids), Organisation.status == "active")
    )
    return set(rows)
