"""Building and applying the events volunteers consume, for the consumer tests: through
the kit's inbox (as a delivery would) or as a signed POST to `/v1/events`."""

import uuid
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import select

from weimin_events import payloads
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.events.inbox import Outcome, apply_event
from weimin_kit.settings import DEV_EVENTS_SECRET
from weimin_volunteers.tables import Base

WISH_FULFILLED = payloads.WishFulfilled.event_type
INCIDENT_REPORTED = payloads.IncidentReported.event_type
MEMBER_REPORTED = payloads.MemberReported.event_type
ALARM_RAISED = payloads.AlarmRaised.event_type
SOURCES = {
    WISH_FULFILLED: "/weimin/wishes",
    INCIDENT_REPORTED: "/weimin/grid",
    MEMBER_REPORTED: "/weimin/org-registry",
    ALARM_RAISED: "/weimin/grid",
}
OUTBOX = Base.metadata.tables["outbox_events"]


def event(type_: str, data: dict[str, Any], event_id: str | None = None) -> CloudEvent:
    return CloudEvent(
        specversion="1.0",
        id=event_id or uuid.uuid4().hex,
        source=SOURCES[type_],
        type=type_,
        subject=str(uuid.uuid4()),
        data={k: str(v) if isinstance(v, uuid.UUID) else v for k, v in data.items()},
    )


async def apply(app: FastAPI, sent: CloudEvent) -> Outcome:
    return await apply_event(app.state.database, app.state.event_handlers, sent)


async def post_signed(client: httpx.AsyncClient, sent: CloudEvent) -> httpx.Response:
    body = sent.to_json()
    signer = HttpTransport(client, {}, lambda _type: (), DEV_EVENTS_SECRET)
    return await client.post("/v1/events", content=body, headers=signer._signature(sent.id, body))


async def recorded(app: FastAPI, type_: str) -> list[dict[str, Any]]:
    """The data of the events of `type_` this service recorded in its outbox."""
    async with app.state.database.sessionmaker() as session:
        rows = await session.execute(
            select(OUTBOX.c.data).where(OUTBOX.c.type == type_).order_by(OUTBOX.c.id)
        )
        return [row[0] for row in rows]
