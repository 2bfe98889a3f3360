"""A joint-defence alarm: the group's members and the grid worker, at once, on every
channel they have (quiet hours do not apply), and the robots of the grid's and the
community's work groups."""

from collections.abc import Awaitable, Callable

from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import AlarmRaised
from weimin_kit.clock import now_of
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.pipeline.decision import Decision
from weimin_notifications.pipeline.plan import tell


def alarm_decision(alarm: AlarmRaised, event: CloudEvent) -> Decision:
    places = [("grid_unit", alarm.grid_unit_id)]
    if alarm.community_id is not None:
        places.append(("community", alarm.community_id))
    return Decision(
        event_id=f"{event.source}#{event.id}",
        kind="alarm.raised",
        # A unit without a responsible worker is named `grid:<id>`: nobody to reach in
        # person, its work group's robot tells the community.
        recipients=[r.subject for r in alarm.recipients if not r.subject.startswith("grid:")],
        variables={
            "alarm_kind": alarm.kind,
            "ref": str(alarm.alarm_id)[-8:],
            "grid_ref": str(alarm.grid_unit_id)[-8:],
        },
        words={"alarm_kind": "alarm_kind"},
        # The alarms screen (the app has no page of one alarm): a tap opens it there.
        link=f"/alarms?alarm={alarm.alarm_id}",
        urgent=True,
        data={"alarm_id": str(alarm.alarm_id), "group_id": str(alarm.group_id)},
        places=places,
    )


def on_alarm_raised(
    app: FastAPI,
) -> Callable[[AsyncSession, AlarmRaised, CloudEvent], Awaitable[None]]:
    async def apply(session: AsyncSession, alarm: AlarmRaised, event: CloudEvent) -> None:
        await tell(session, alarm_decision(alarm, event), app.state.channels, now_of(app))

    return apply
