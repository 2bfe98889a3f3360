"""A ten-household joint-defence alarm was raised (grid's `alarm.raised`): the nearest
volunteers who opted in to alarm alerts are alerted (see alarms/service.py). An alarm
without a point alerts nobody; the inbox still records it as applied."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import AlarmRaised
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_volunteers.alarms.service import alert_nearest
from weimin_volunteers.config import Settings


def on_alarm_raised(
    app: FastAPI,
) -> Callable[[AsyncSession, AlarmRaised, CloudEvent], Awaitable[None]]:
    settings: Settings = app.state.settings

    async def apply(session: AsyncSession, alarm: AlarmRaised, event: CloudEvent) -> None:
        await alert_nearest(
            session,
            alarm,
            count=settings.alarm_alert_volunteers,
            radius_m=settings.alarm_alert_radius_m,
            now=now_of(app),
        )

    return apply
