"""The events this service records (CloudEvents `type`s), written in the change's
transaction through the kit's outbox. Data carries ids and numbers only."""

import uuid
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.outbox import record_event

SOURCE = "/weimin/volunteers"
HOURS_CREDITED = "cn.weimin.hours.credited.v1"
ACTIVITY_CHECKED_IN = "cn.weimin.activity.checked_in.v1"
TASK_OFFERED = "cn.weimin.task.offered.v1"
TASK_ACCEPTED = "cn.weimin.task.accepted.v1"
TASK_COMPLETED = "cn.weimin.task.completed.v1"


async def record(session: AsyncSession, type_: str, subject: uuid.UUID, **data: Any) -> None:
    await record_event(
        session,
        source=SOURCE,
        type=type_,
        subject=str(subject),
        data={
            key: str(value) if isinstance(value, uuid.UUID) else value
            for key, value in data.items()
        },
    )
