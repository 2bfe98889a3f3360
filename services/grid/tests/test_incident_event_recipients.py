"""The incident events carry whom the notifications service tells: the reporter, the
assignee, the step's actor (account ids) and the category's code; an escalation the
accounts of its new level the grid knows (none: a community or street is a desk); the
overdue sweep its supervising accounts, never a desk."""

from datetime import datetime, timedelta

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import act, events, report, walk
from test_notifications import appoint_grid_head, resident

from weimin_events import payloads


async def test_every_move_names_the_reporter_the_assignee_and_the_actor(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await report(client, resident(callers, "resident-7"))
    incident = await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    incident = await walk(client, callers.community_secretary("C1"), incident, "verify", "close")
    recorded = await events(app, incident["id"])
    moves = [data for kind, data in recorded if kind == payloads.IncidentStateChanged.event_type]
    assert [m["to_state"] for m in moves] == [
        "accepted", "assigned", "in_progress", "resolved", "verified", "closed"
    ]  # fmt: skip
    assert {m["reporter_subject"] for m in moves} == {"resident-7"}
    assert {m["category_code"] for m in moves} == {"0101"}
    assert [m["assignee"] for m in moves] == [None, *["worker-A"] * 5]
    assert [m["actor"] for m in moves] == [*["worker-A"] * 4, *["secretary-C1"] * 2]
    [closed] = [data for kind, data in recorded if kind == payloads.IncidentClosed.event_type]
    assert (closed["reporter_subject"], closed["category_code"]) == ("resident-7", "0101")


async def test_an_escalation_names_no_desk_as_an_account(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    await appoint_grid_head(client, world, callers)
    incident = await report(client, resident(callers))
    escalated = await act(client, callers.grid_worker("A"), incident, "escalate")
    assert escalated.status_code == 200, escalated.text
    [data] = [
        data
        for kind, data in await events(app, incident["id"])
        if kind == payloads.IncidentEscalated.event_type
    ]
    # The community answers through its desk: its secretaries are not known here.
    assert (data["level"], data["accountable"]) == ("community", [])
    assert data["reporter_subject"] == "resident-1"


async def test_the_overdue_sweep_records_its_supervising_accounts(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    head = await appoint_grid_head(client, world, callers)
    late = await report(client, resident(callers), priority="urgent")
    escalated = await report(client, resident(callers), priority="urgent")
    await act(client, callers.grid_worker("A"), escalated, "escalate")
    app.state.clock = lambda: datetime.fromisoformat(late["due_at"]) + timedelta(minutes=1)
    swept = await client.post("/v1/incidents/overdue-notices", headers=callers.admin())
    assert len(swept.json()) == 2
    again = await client.post("/v1/incidents/overdue-notices", headers=callers.admin())
    assert again.json() == []

    def overdue_of(recorded: list[tuple[str, dict[str, object]]]) -> list[dict[str, object]]:
        return [data for kind, data in recorded if kind == payloads.IncidentOverdue.event_type]

    [at_grid] = overdue_of(await events(app, late["id"]))
    assert at_grid["supervisors"] == [head]  # the community desk stays in the grid's inbox
    assert (at_grid["level"], at_grid["category_code"]) == ("grid", "0101")
    [at_community] = overdue_of(await events(app, escalated["id"]))
    assert (at_community["level"], at_community["supervisors"]) == ("community", [])
