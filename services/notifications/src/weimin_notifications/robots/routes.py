import uuid

from fastapi import APIRouter

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, InvalidInput, NotFound
from weimin_kit.problems import problems
from weimin_notifications.deps import SealerDep
from weimin_notifications.robots import service
from weimin_notifications.robots.schemas import RobotCreate, RobotRead, RobotUpdate

router = APIRouter(prefix="/v1/notification-robots", tags=["notification-robots"])


@router.post("", status_code=201, responses=problems(InvalidInput, Forbidden))
async def create_robot(
    body: RobotCreate, session: SessionDep, principal: CurrentPrincipal, sealer: SealerDep, now: Now
) -> RobotRead:
    """A WeCom or DingTalk group robot of a community's or a grid unit's work group: it is
    told of alarms there. Its key and secret are sealed and never shown again."""
    return await service.create_robot(session, principal, sealer, body, now)


@router.get("", responses=problems(Forbidden))
async def list_robots(
    session: SessionDep, principal: CurrentPrincipal, sealer: SealerDep
) -> list[RobotRead]:
    return await service.list_robots(session, principal, sealer)


@router.patch("/{robot_id}", responses=problems(InvalidInput, Forbidden, NotFound))
async def update_robot(
    robot_id: uuid.UUID,
    body: RobotUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    sealer: SealerDep,
) -> RobotRead:
    return await service.update_robot(session, principal, sealer, robot_id, body)


@router.delete("/{robot_id}", status_code=204, responses=problems(Forbidden, NotFound))
async def delete_robot(
    robot_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    await service.delete_robot(session, principal, robot_id)
