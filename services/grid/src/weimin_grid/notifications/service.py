"""Notices about incidents: status to the reporter, the satisfaction question once resolved,
and overdue incidents to whoever supervises them.

Notices are rows written in the same transaction as the change they tell of, so a change
rolled back tells nobody. Delivery beyond the inbox (SMS, push) is not done here: the
incident events name the accounts concerned, and the notifications service reaches them.
"""

import uuid
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import IncidentOverdue
from weimin_events.vocabularies import Role
from weimin_grid.incidents.models import Incident
from weimin_grid.incidents.repository import IncidentFilter, incidents_in_scope
from weimin_grid.notifications import repository, texts
from weimin_grid.notifications.models import Notification
from weimin_grid.notifications.schemas import IncidentNotificationRead, OverdueNotice
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import NotFound
from weimin_kit.outbox import record_event
from weimin_kit.pagination import Page, PageParams, paginate

#: States the reporter hears about; the internal steps between them (verified, escalated)
#: mean nothing to a resident.
REPORTER_STATES = frozenset(texts.STATE_WORDS)
SOURCE = "/weimin/grid"
#: Who may run the overdue sweep (admin implied).
SWEEP_ROLES: tuple[Role, ...] = ("street_secretary", "community_secretary")


def _notice(
    recipient_kind: str,
    recipient: str,
    kind: str,
    incident: Incident,
    text: tuple[str, str],
    data: dict[str, Any],
    now: datetime,
) -> Notification:
    title, body = text
    return Notification(
        recipient_kind=recipient_kind,
        recipient=recipient,
        kind=kind,
        incident_id=incident.id,
        title=title,
        body=body,
        data=data,
        created_at=now,
        read_at=None,
    )


def notify_state_change(
    session: AsyncSession, incident: Incident, actor: str, action: str, now: datetime
) -> None:
    """Tell the reporter where their incident stands, and ask for their satisfaction once
    it is resolved. Anonymous reports are told too: the account stays in this row only,
    which no one but that account reads. Nobody is told of their own step."""
    if incident.state not in REPORTER_STATES or actor == incident.reporter_subject:
        return
    data = {"state": incident.state, "action": action, "category_code": incident.category_code}
    text = texts.state_changed(incident.category_code, incident.state, incident.id)
    reporter = incident.reporter_subject
    session.add(_notice("account", reporter, "incident_state_changed", incident, text, data, now))
    if incident.state == "resolved" and incident.returned_at is None:
        question = texts.satisfaction_question(incident.category_code, incident.id)
        answer = {"answer_path": f"/v1/incidents/{incident.id}/satisfaction", "scale": [1, 5]}
        session.add(
            _notice("account", reporter, "satisfaction_question", incident, question, answer, now)
        )


async def _supervisors(session: AsyncSession, incident: Incident) -> list[tuple[str, str]]:
    """Who answers for an overdue incident: the level above the one handling it.

    At grid level that is the unit's grid head (an account, when one is appointed) and the
    community desk; at community level the street desk; at street level, the top of the
    chain, the street desk itself.
    """
    if incident.level == "grid":
        boxes = [("community_desk", str(incident.community_id))]
        head = await repository.current_grid_head(session, incident.grid_unit_id)
        return [("account", head), *boxes] if head is not None else boxes
    return [("street_desk", str(incident.street_id))]


async def accountable_accounts(session: AsyncSession, incident: Incident) -> list[str]:
    """The accounts answering for the incident at its current level, as far as the grid
    knows them: at grid level the unit's grid head. A community or street answers through
    its desk, whose secretaries are org-registry accounts the grid does not know: none."""
    if incident.level != "grid":
        return []
    head = await repository.current_grid_head(session, incident.grid_unit_id)
    return [] if head is None else [head]


async def notify_overdue(
    session: AsyncSession, principal: Principal, now: datetime, limit: int = 500
) -> list[OverdueNotice]:
    """Notify the supervisors of every overdue incident in the caller's scope that has not
    been noticed in its current overdue period (a reopened incident starts a new one).

    Each incident is claimed with a conditional update, so two sweeps at once still notify
    once. The claim is bookkeeping, not a change: the incident's version stays."""
    ensure_role(principal, *SWEEP_ROLES)
    statement = incidents_in_scope(principal, IncidentFilter(overdue_at=now)).where(
        Incident.overdue_noticed_at.is_(None)
    )
    notices = []
    for incident in (await session.scalars(statement.order_by(Incident.id).limit(limit))).all():
        claim = cast(
            CursorResult[Any],
            await session.execute(
                update(Incident)
                .where(Incident.id == incident.id, Incident.overdue_noticed_at.is_(None))
                .values(overdue_noticed_at=now, updated_at=Incident.updated_at)
                .execution_options(synchronize_session=False)
            ),
        )
        if claim.rowcount != 1:
            continue
        incident.overdue_noticed_at = now
        boxes = await _supervisors(session, incident)
        text = texts.overdue(incident.category_code, incident.level, incident.id)
        data = {
            "level": incident.level,
            "category_code": incident.category_code,
            "due_at": incident.due_at.isoformat(),
        }
        for kind, recipient in boxes:
            session.add(_notice(kind, recipient, "incident_overdue", incident, text, data, now))
        # Notifications reaches the supervising accounts on their channels; the desks are
        # no accounts and stay in this inbox only.
        await record_event(
            session,
            source=SOURCE,
            subject=str(incident.id),
            payload=IncidentOverdue(
                incident_id=incident.id,
                category_code=incident.category_code,
                level=incident.level,
                due_at=incident.due_at,
                supervisors=[recipient for kind, recipient in boxes if kind == "account"],
            ),
        )
        notices.append(
            OverdueNotice(incident_id=incident.id, level=incident.level, notified=len(boxes))
        )
    await session.flush()
    return notices


async def list_inbox(
    session: AsyncSession, principal: Principal, page: PageParams, unread_only: bool
) -> Page[IncidentNotificationRead]:
    return await paginate(
        session,
        repository.inbox_of(principal, unread_only),
        Notification.id,
        page,
        IncidentNotificationRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )


async def mark_read(
    session: AsyncSession, principal: Principal, notification_id: uuid.UUID, now: datetime
) -> Notification:
    """Mark one of the caller's notices read; reading it again keeps the first time."""
    notice = await session.scalar(
        repository.inbox_of(principal).where(Notification.id == notification_id)
    )
    if notice is None:
        raise NotFound(
            "No such notification",
            errors=[{"field": "id", "reason": "no such notification", "code": "not-found"}],
        )
    if notice.read_at is None:
        notice.read_at = now
        await session.flush()
    return notice


async def close_satisfaction_question(
    session: AsyncSession, incident: Incident, now: datetime
) -> None:
    """The question is answered (by the reporter or on a staff return visit): its notice
    needs no more attention."""
    await repository.mark_read_where(
        session, incident.id, incident.reporter_subject, "satisfaction_question", now
    )
