from datetime import datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import act, events, report, walk

from weimin_events import payloads


async def test_an_incident_walks_the_whole_workflow_with_a_timeline(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker, secretary = callers.grid_worker("A"), callers.community_secretary("C1")
    incident = await report(client, worker)
    incident = await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    # The worker reported it, so the community confirms it is fixed (own_report tests).
    incident = await walk(client, secretary, incident, "verify", "close")
    assert (incident["state"], incident["version"], incident["assignee"]) == (
        "closed",
        7,
        "worker-A",
    )
    assert incident["sla_met"] is True
    assert incident["closed_at"] is not None
    timeline = (await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=worker)).json()
    assert [(e["action"], e["from_state"], e["to_state"]) for e in timeline] == [
        ("report", None, "reported"),
        ("accept", "reported", "accepted"),
        ("assign", "accepted", "assigned"),
        ("start", "assigned", "in_progress"),
        ("resolve", "in_progress", "resolved"),
        ("verify", "resolved", "verified"),
        ("close", "verified", "closed"),
    ]
    assert [e["actor"] for e in timeline] == ["worker-A"] * 5 + ["secretary-C1"] * 2
    # Staff are named on their lines, as their tokens named them.
    assert [e["actor_name"] for e in timeline] == ["网格员A"] * 5 + ["社区书记C1"] * 2
    assert timeline[2]["data"] == {"assignee": "worker-A"}
    kinds = [kind for kind, _ in await events(app, incident["id"])]
    assert kinds == [
        payloads.IncidentReported.event_type,
        *[payloads.IncidentStateChanged.event_type] * 6,
        payloads.IncidentClosed.event_type,
    ]


async def test_an_illegal_step_is_a_conflict_and_changes_nothing(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(client, callers.admin())
    response = await act(client, callers.admin(), incident, "close")
    assert response.status_code == 409
    assert response.json()["code"] == "illegal-transition"
    assert (response.json()["state"], response.json()["action"]) == ("reported", "close")
    after = await client.get(f"/v1/incidents/{incident['id']}", headers=callers.admin())
    assert (after.json()["state"], after.json()["version"]) == ("reported", 1)


async def test_two_workers_cannot_both_accept(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(client, callers.admin())
    first = await act(client, callers.grid_worker("A"), incident, "accept")
    second = await act(client, callers.grid_worker("A", "worker-A2"), incident, "accept")
    assert first.status_code == 200
    assert (second.status_code, second.json()["code"]) == (412, "version-mismatch")
    assert second.headers["etag"] == '"2"'


@pytest.mark.parametrize(
    ("if_match", "status", "code"),
    [(None, 428, "precondition-required"), ("soon", 422, "validation-failed")],
)
async def test_a_step_needs_a_well_formed_if_match(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    if_match: str | None,
    status: int,
    code: str,
) -> None:
    incident = await report(client, callers.admin())
    headers = callers.admin() if if_match is None else {**callers.admin(), "If-Match": if_match}
    response = await client.post(
        f"/v1/incidents/{incident['id']}/transitions", json={"action": "accept"}, headers=headers
    )
    assert (response.status_code, response.json()["code"]) == (status, code)


@pytest.mark.parametrize(
    ("action", "body", "field"),
    [
        ("assign", {}, "body.assignee"),
        ("mark_duplicate", {}, "body.duplicate_of_id"),
        ("fly", {}, "body.action"),
    ],
)
async def test_a_step_missing_what_it_needs_names_the_field(
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    action: str,
    body: dict[str, str],
    field: str,
) -> None:
    incident = await walk(client, callers.admin(), await report(client, callers.admin()), "accept")
    response = await act(client, callers.admin(), incident, action, **body)
    assert response.status_code == 422
    assert [e["field"] for e in response.json()["errors"]] == [field]


async def test_a_duplicate_links_to_the_incident_it_repeats(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    original = await report(client, callers.admin())
    repeat = await report(client, callers.admin())
    response = await act(
        client, callers.admin(), repeat, "mark_duplicate", duplicate_of_id=original["id"]
    )
    assert response.json()["state"] == "duplicate"
    assert response.json()["duplicate_of_id"] == original["id"]


async def test_a_duplicate_cannot_point_outside_the_callers_scope(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    elsewhere = await report(client, callers.admin(), "B")
    mine = await report(client, callers.admin(), "A")
    response = await act(
        client, callers.grid_worker("A"), mine, "mark_duplicate", duplicate_of_id=elsewhere["id"]
    )
    assert response.status_code == 404
    assert response.json()["errors"][0]["field"] == "body.duplicate_of_id"


async def test_escalation_climbs_grid_community_street_and_locks_out_lower_levels(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker, secretary, street = (
        callers.grid_worker("A"),
        callers.community_secretary("C1"),
        callers.street_secretary("S1"),
    )
    incident = await walk(client, worker, await report(client, worker), "accept", "escalate")
    assert (incident["state"], incident["level"]) == ("escalated", "community")
    refused = await act(client, worker, incident, "accept")
    assert (refused.status_code, refused.json()["code"]) == (409, "incident-above-your-level")
    incident = await walk(client, secretary, incident, "escalate")
    assert incident["level"] == "street"
    exhausted = await act(client, street, incident, "escalate")
    assert (exhausted.status_code, exhausted.json()["code"]) == (409, "escalation-exhausted")
    incident = await walk(client, street, incident, "accept")
    kinds = [kind for kind, _ in await events(app, incident["id"])]
    assert kinds.count(payloads.IncidentEscalated.event_type) == 2


async def test_overdue_incidents_are_flagged_listed_and_escalated_by_the_sweep(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    late = await report(client, callers.admin(), priority="urgent")  # 2 h SLA
    await report(client, callers.admin(), priority="low")  # 168 h SLA
    later = datetime.fromisoformat(late["due_at"]) + timedelta(minutes=1)
    app.state.clock = lambda: later
    overdue = await client.get("/v1/incidents?overdue=true", headers=callers.admin())
    assert [i["id"] for i in overdue.json()["items"]] == [late["id"]]
    assert overdue.json()["items"][0]["overdue"] is True
    swept = await client.post("/v1/incidents/escalations", headers=callers.street_secretary("S1"))
    assert [(i["id"], i["level"], i["state"]) for i in swept.json()] == [
        (late["id"], "community", "escalated")
    ]
    again = await client.post("/v1/incidents/escalations", headers=callers.street_secretary("S1"))
    assert again.json() == []  # the community's own deadline has not passed yet
    worker = await client.post("/v1/incidents/escalations", headers=callers.grid_worker("A"))
    assert worker.status_code == 403


async def test_resolving_late_misses_the_sla(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(client, callers.admin(), priority="urgent")
    incident = await walk(client, callers.admin(), incident, "accept", "assign", "start")
    app.state.clock = lambda: datetime.fromisoformat(incident["due_at"]) + timedelta(hours=1)
    resolved = await walk(client, callers.admin(), incident, "resolve")
    assert (resolved["sla_met"], resolved["overdue"]) == (False, False)


async def test_a_return_visit_records_satisfaction_once(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker, secretary = callers.grid_worker("A"), callers.community_secretary("C1")
    incident = await report(client, worker)
    early = await client.post(
        f"/v1/incidents/{incident['id']}/return-visit",
        json={"satisfaction": 5},
        headers={**secretary, "If-Match": '"1"'},
    )
    assert (early.status_code, early.json()["code"]) == (409, "illegal-transition")
    incident = await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    url = f"/v1/incidents/{incident['id']}/return-visit"
    visit = await client.post(
        url, json={"satisfaction": 4, "note": "很满意"}, headers={**secretary, "If-Match": '"5"'}
    )
    assert (visit.json()["satisfaction"], visit.json()["version"]) == (4, 6)
    again = {**secretary, "If-Match": '"6"'}
    twice = await client.post(url, json={"satisfaction": 1}, headers=again)
    assert (twice.status_code, twice.json()["code"]) == (409, "return-visit-exists")
    bad = await client.post(url, json={"satisfaction": 6}, headers=again)
    assert bad.json()["errors"][0]["field"] == "body.satisfaction"


async def test_reopening_clears_the_resolution(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(client, callers.admin())
    incident = await walk(
        client, callers.admin(), incident, "accept", "assign", "start", "resolve", "reopen"
    )
    assert (incident["state"], incident["resolved_at"], incident["sla_met"]) == (
        "reopened",
        None,
        None,
    )


async def test_the_escalation_sweep_and_return_visits_stay_within_scope(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    in_s2 = await report(client, callers.admin(), "D", priority="urgent")
    app.state.clock = lambda: datetime.fromisoformat(in_s2["due_at"]) + timedelta(minutes=1)
    swept = await client.post("/v1/incidents/escalations", headers=callers.street_secretary("S1"))
    assert swept.json() == []
    resolved = await walk(
        client,
        callers.admin(),
        await report(client, callers.admin(), "D"),
        "accept",
        "assign",
        "start",
        "resolve",
    )
    visit = await client.post(
        f"/v1/incidents/{resolved['id']}/return-visit",
        json={"satisfaction": 5},
        headers={**callers.grid_worker("A"), "If-Match": f'"{resolved["version"]}"'},
    )
    assert visit.status_code == 404


async def test_the_detail_offers_only_the_actions_the_reader_may_take(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await report(client, worker)

    async def allowed(headers: dict[str, str]) -> list[str]:
        detail = await client.get(f"/v1/incidents/{incident['id']}", headers=headers)
        assert detail.status_code == 200
        return detail.json()["allowed_actions"]

    assert await allowed(worker) == ["accept", "reject", "mark_duplicate", "escalate"]
    incident = await walk(client, worker, incident, "accept", "escalate")
    # Handed up to the community: the grid worker may no longer act, the secretary may.
    assert await allowed(worker) == []
    secretary = callers.community_secretary("C1")
    assert await allowed(secretary) == ["accept", "assign", "escalate"]
    incident = await walk(client, secretary, incident, "escalate")
    # At street level there is nothing higher to escalate to.
    assert "escalate" not in await allowed(callers.admin())
    # A transition answers with what may follow it.
    after = await act(client, callers.admin(), incident, "accept")
    assert after.json()["allowed_actions"] == ["reject", "mark_duplicate", "assign"]
    listed = await client.get("/v1/incidents/mine", headers=worker)
    assert listed.json()["items"][0]["allowed_actions"] == []
