import uuid
from collections.abc import Collection

from sqlalchemy import Select, select

from weimin_notifications.robots.models import Robot


def robots_in(communities: Collection[uuid.UUID] | None) -> Select[Robot]:
    """Every robot (None), or those of the given communities."""
    statement = select(Robot)
    if communities is not None:
        statement = statement.where(Robot.community_id.in_(communities))
    return statement.order_by(Robot.id)
