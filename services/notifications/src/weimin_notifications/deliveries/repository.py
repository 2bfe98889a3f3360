import uuid

from sqlalchemy import Select, select

from weimin_notifications.deliveries.models import Delivery
from weimin_notifications.notices.models import Notification


def of_notice(notice_id: uuid.UUID) -> Select[Delivery]:
    return select(Delivery).where(Delivery.notification_id == notice_id)


def log(state: str | None, channel: str | None, kind: str | None) -> Select[Delivery]:
    statement = select(Delivery)
    if state is not None:
        statement = statement.where(Delivery.state == state)
    if channel is not None:
        statement = statement.where(Delivery.channel == channel)
    if kind is not None:
        statement = statement.join(Notification, Notification.id == Delivery.notification_id).where(
            Notification.kind == kind
        )
    return statement
