"""Group robots of the communities' and grid units' work groups. A community secretary
manages their own community's robot; a grid unit's robot is set up by an administrator
(this service does not know which community a grid unit is in, so it cannot check a
secretary's claim)."""

import uuid
from datetime import datetime
from urllib.parse import urlsplit

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Forbidden, NotFound
from weimin_notifications.preferences.sealing import ROBOT_SIGNING, ROBOT_WEBHOOK, Sealer
from weimin_notifications.robots import repository
from weimin_notifications.robots.models import Robot
from weimin_notifications.robots.schemas import RobotCreate, RobotRead, RobotUpdate

MANAGERS = ("community_secretary",)


def _read(robot: Robot, sealer: Sealer) -> RobotRead:
    host = urlsplit(sealer.open(robot.webhook_cipher, ROBOT_WEBHOOK)).hostname or ""
    return RobotRead.model_validate(
        {
            "id": robot.id,
            "channel": robot.channel,
            "scope_kind": robot.scope_kind,
            "scope_id": robot.scope_id,
            "community_id": robot.community_id,
            "name": robot.name,
            "webhook_host": host,
            "signed": robot.secret_cipher is not None,
            "enabled": robot.enabled,
            "created_at": robot.created_at,
        }
    )


def _communities(principal: Principal) -> list[uuid.UUID] | None:
    """The communities whose robots the caller manages (None: every one)."""
    if principal.is_admin:
        return None
    found = []
    for text in principal.scope_ids("community"):
        try:
            found.append(uuid.UUID(text))
        except ValueError:
            continue  # a scope that names no community names no robot either
    return found


def _may_manage(principal: Principal, community_id: uuid.UUID | None, scope_kind: str) -> bool:
    if principal.is_admin:
        return True
    return scope_kind == "community" and str(community_id) in principal.scope_ids("community")


async def create_robot(
    session: AsyncSession, principal: Principal, sealer: Sealer, body: RobotCreate, now: datetime
) -> RobotRead:
    ensure_role(principal, *MANAGERS)
    if not _may_manage(principal, body.community_id, body.scope_kind):
        raise Forbidden(
            "A community secretary sets up their own community's robot; a grid unit's is "
            "set up by an administrator",
            detail_zh="社区书记只能为本社区设置群机器人；网格的群机器人由管理员设置",
        )
    robot = Robot(
        channel=body.channel,
        scope_kind=body.scope_kind,
        scope_id=body.scope_id,
        community_id=body.community_id,
        name=body.name,
        webhook_cipher=sealer.seal(str(body.webhook_url), ROBOT_WEBHOOK),
        secret_cipher=None if body.secret is None else sealer.seal(body.secret, ROBOT_SIGNING),
        enabled=True,
        created_by=principal.subject,
        created_at=now,
    )
    session.add(robot)
    await session.flush()
    return _read(robot, sealer)


async def list_robots(
    session: AsyncSession, principal: Principal, sealer: Sealer
) -> list[RobotRead]:
    ensure_role(principal, *MANAGERS)
    rows = await session.scalars(repository.robots_in(_communities(principal)))
    return [_read(row, sealer) for row in rows]


async def _managed(session: AsyncSession, principal: Principal, robot_id: uuid.UUID) -> Robot:
    ensure_role(principal, *MANAGERS)
    robot = await session.get(Robot, robot_id)
    if robot is None or not _may_manage(principal, robot.community_id, robot.scope_kind):
        raise NotFound(
            "No such robot",
            detail_zh="没有这个群机器人",
            errors=[{"field": "robot_id", "reason": "no such robot", "code": "not-found"}],
        )
    return robot


async def update_robot(
    session: AsyncSession,
    principal: Principal,
    sealer: Sealer,
    robot_id: uuid.UUID,
    change: RobotUpdate,
) -> RobotRead:
    robot = await _managed(session, principal, robot_id)
    if change.enabled is not None:
        robot.enabled = change.enabled
    if change.name is not None:
        robot.name = change.name
    await session.flush()
    return _read(robot, sealer)


async def delete_robot(session: AsyncSession, principal: Principal, robot_id: uuid.UUID) -> None:
    robot = await _managed(session, principal, robot_id)
    await session.delete(robot)
    await session.flush()
