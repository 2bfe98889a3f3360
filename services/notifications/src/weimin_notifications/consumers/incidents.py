"""An incident's moves, as the grid tells them today in its own inbox (which stays as it is
for now): the reporter hears of the states that mean something to a resident and is asked
for their satisfaction once it is resolved; an assignee hears of their assignment;
supervisors of an overdue incident; the accounts of a level an incident is escalated to.
Nobody is told of their own step. Texts name the category, state and level in catalogue
words and an 8-character reference, never the report's own text."""

from collections.abc import Mapping
from typing import Any

from weimin_events.payloads import (
    IncidentChanged,
    IncidentClosed,
    IncidentEscalated,
    IncidentOverdue,
    IncidentStateChanged,
)
from weimin_kit.events.envelope import CloudEvent
from weimin_notifications.consumers.telling import accounts, event_key, short_ref
from weimin_notifications.pipeline.decision import Decision

#: The states the grid tells reporters of (its `texts.STATE_WORDS`), less `closed`: the
#: closing is told once, by `incident.closed`.
REPORTER_STATES = frozenset(
    {"accepted", "assigned", "in_progress", "resolved", "rejected", "duplicate", "reopened"}
)


def _decision(
    kind: str,
    event: CloudEvent,
    incident_id: object,
    category_code: str | None,
    recipients: list[str],
    *,
    extra: Mapping[str, str] | None = None,
    data: Mapping[str, Any] | None = None,
) -> Decision:
    variables = {"category": category_code or "", "ref": short_ref(incident_id), **(extra or {})}
    # Each value is a code, put into words per language: `level` from `words.incident_level`.
    words = {"category": "incident_category"}
    words.update({name: f"incident_{name}" for name in extra or {}})
    return Decision(
        event_id=event_key(event),
        kind=kind,
        recipients=recipients,
        variables=variables,
        words=words,
        link=f"/incidents/{incident_id}",
        data={"incident_id": str(incident_id), **(data or {})},
    )


def _about(
    change: IncidentChanged,
    event: CloudEvent,
    kind: str,
    recipients: list[str],
    *,
    data: Mapping[str, Any] | None = None,
    **extra: str,
) -> Decision:
    return _decision(
        kind,
        event,
        change.incident_id,
        change.category_code,
        recipients,
        extra=extra,
        data={"action": change.action, "state": change.to_state, **(data or {})},
    )


def state_changed(change: IncidentStateChanged, event: CloudEvent) -> list[Decision]:
    decisions = []
    if change.action == "assign":
        assignee = accounts(change.assignee, besides=change.actor)
        decisions.append(_about(change, event, "incident.assigned", assignee))
    if change.to_state in REPORTER_STATES:
        reporter = accounts(change.reporter_subject, besides=change.actor)
        decisions.append(
            _about(change, event, "incident.state_changed", reporter, state=change.to_state)
        )
        if change.to_state == "resolved":
            # Answered in the app on the incident's page, through the grid's API.
            answer = {"answer_path": f"/v1/incidents/{change.incident_id}/satisfaction"}
            decisions.append(
                _about(
                    change,
                    event,
                    "incident.satisfaction_question",
                    reporter,
                    data={**answer, "scale": [1, 5]},
                )
            )
    return decisions


def escalated(change: IncidentEscalated, event: CloudEvent) -> list[Decision]:
    people = accounts(*change.accountable, besides=change.actor)
    return [_about(change, event, "incident.escalated", people, level=change.level)]


def closed(change: IncidentClosed, event: CloudEvent) -> list[Decision]:
    reporter = accounts(change.reporter_subject, besides=change.actor)
    return [_about(change, event, "incident.closed", reporter)]


def overdue(late: IncidentOverdue, event: CloudEvent) -> list[Decision]:
    return [
        _decision(
            "incident.overdue",
            event,
            late.incident_id,
            late.category_code,
            accounts(*late.supervisors),
            extra={"level": late.level},
            data={"due_at": late.due_at.isoformat()},
        )
    ]
