"""The demonstration city's incidents and their timelines, as bulk rows."""

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from weimin_democity import City, derive_id
from weimin_democity.incidents import DemoIncident, iter_incidents
from weimin_grid.incidents.catalogue import CATEGORIES

DEMO_ACTOR = "demo-grid-worker"


def incident_rows(
    city: City, street_of: dict[Any, Any], now: datetime
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    """Each incident's row with its timeline rows (the report first)."""
    for incident in iter_incidents(city, now):
        yield _incident_row(incident, street_of, now), _change_rows(city, incident)


def _incident_row(
    incident: DemoIncident, street_of: dict[Any, Any], now: datetime
) -> dict[str, Any]:
    category = CATEGORIES[incident.category_code]
    sla = timedelta(hours=category.sla_hours[incident.priority])  # type: ignore[index]
    at = {step.action: step.at for step in incident.steps}
    resolved_at = (
        at.get("resolve") if incident.state in ("resolved", "verified", "closed") else None
    )
    level_due_at = at["escalate"] + sla if "escalate" in at else incident.created_at + sla
    last = incident.steps[-1].at if incident.steps else incident.created_at
    return {
        "id": incident.id,
        "category_code": incident.category_code,
        "priority": incident.priority,
        "state": incident.state,
        "level": incident.level,
        "title": incident.title,
        "description": "",
        "lon": incident.lon,
        "lat": incident.lat,
        "grid_unit_id": incident.grid_unit_id,
        "street_id": street_of[incident.community_id],
        "community_id": incident.community_id,
        "building_id": incident.building_id,
        "channel": incident.channel,
        "anonymous": incident.anonymous,
        "reporter_subject": incident.reporter_subject,
        "reporter_name": None,
        "caller_name": None,
        "extra": incident.extra,
        "photos": [],
        "assignee": DEMO_ACTOR if "assign" in at else None,
        "duplicate_of_id": incident.duplicate_of_id,
        "due_at": incident.created_at + sla,
        "level_due_at": level_due_at,
        "resolved_at": resolved_at,
        "closed_at": at.get("close"),
        "resolve_seconds": None
        if resolved_at is None
        else int((resolved_at - incident.created_at).total_seconds()),
        "sla_met": None if resolved_at is None else resolved_at <= incident.created_at + sla,
        "satisfaction": incident.satisfaction,
        "return_visit_note": None,
        "returned_at": None if incident.satisfaction is None else last + timedelta(hours=1),
        "version": 1 + len(incident.steps) + (incident.satisfaction is not None),
        "occurred_at": incident.created_at,
        "created_at": incident.created_at,
        "updated_at": last,
    }


def _change_rows(city: City, incident: DemoIncident) -> list[dict[str, Any]]:
    rows = [
        {
            "id": derive_id(city.seed, "incident-change", f"{incident.id}:0"),
            "incident_id": incident.id,
            "action": "report",
            "from_state": None,
            "to_state": "reported",
            "level": "grid",
            "actor": "anonymous" if incident.anonymous else incident.reporter_subject,
            "note": None,
            "data": {},
            "at": incident.created_at,
        }
    ]
    for k, step in enumerate(incident.steps, start=1):
        data: dict[str, Any] = {}
        if step.action == "assign":
            data = {"assignee": DEMO_ACTOR}
        elif step.action == "mark_duplicate":
            data = {"duplicate_of_id": str(incident.duplicate_of_id)}
        elif step.action == "escalate":
            data = {"from_level": "grid", "to_level": "community"}
        rows.append(
            {
                "id": derive_id(city.seed, "incident-change", f"{incident.id}:{k}"),
                "incident_id": incident.id,
                "action": step.action,
                "from_state": step.from_state,
                "to_state": step.to_state,
                "level": step.level,
                "actor": DEMO_ACTOR,
                "note": None,
                "data": data,
                "at": step.at,
            }
        )
    if incident.satisfaction is not None:
        rows.append(
            {
                "id": derive_id(city.seed, "incident-change", f"{incident.id}:visit"),
                "incident_id": incident.id,
                "action": "return_visit",
                "from_state": incident.state,
                "to_state": incident.state,
                "level": incident.level,
                "actor": DEMO_ACTOR,
                "note": None,
                "data": {"satisfaction": incident.satisfaction},
                "at": incident.steps[-1].at + timedelta(hours=1),
            }
        )
    return rows
