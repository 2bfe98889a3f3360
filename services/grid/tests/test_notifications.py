"""G10: notices to the reporter on each state change, the satisfaction question, overdue
incidents to their supervisors, and an inbox nobody else can read."""

import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import act, report, walk


def resident(callers: Callers, subject: str = "resident-1") -> dict[str, str]:
    return callers.keys.headers(roles=["resident"], subject=subject)


async def inbox(
    client: httpx.AsyncClient, headers: dict[str, str], **query: Any
) -> list[dict[str, Any]]:
    response = await client.get("/v1/incident-notifications", params=query, headers=headers)
    assert response.status_code == 200, response.text
    items: list[dict[str, Any]] = response.json()["items"]
    return items


async def test_each_state_change_is_told_to_the_reporter_newest_first(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter, worker = resident(callers), callers.grid_worker("A")
    incident = await report(client, reporter)
    await walk(client, worker, incident, "accept", "assign", "start", "resolve", "verify", "close")
    notices = await inbox(client, reporter)
    states = [n["data"]["state"] for n in notices if n["kind"] == "incident_state_changed"]
    # verified is an internal step: the resident is not bothered with it.
    assert states == ["closed", "resolved", "in_progress", "assigned", "accepted"]
    assert {n["incident_id"] for n in notices} == {incident["id"]}
    assert {n["recipient_kind"] for n in notices} == {"account"}
    accepted = notices[-1]
    assert accepted["title"] == "您上报的事件已受理"
    assert incident["id"][-8:] in accepted["body"]
    assert accepted["read_at"] is None
    for notice in notices:  # no free text, no names: neither the report's title nor staff
        assert "垃圾堆" not in notice["body"]
        assert "路边暴露垃圾" not in notice["body"]
        assert "worker-A" not in str(notice)


async def test_nobody_is_told_of_their_own_step(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await report(client, worker)
    await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    assert await inbox(client, worker) == []


async def test_an_anonymous_reporter_is_told_and_still_never_shown(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter, worker = resident(callers), callers.grid_worker("A")
    incident = await report(client, reporter, anonymous=True)
    incident = await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    kinds = [n["kind"] for n in await inbox(client, reporter)]
    assert sorted(kinds) == ["incident_state_changed"] * 4 + ["satisfaction_question"]
    answer = await client.post(
        f"/v1/incidents/{incident['id']}/satisfaction", json={"satisfaction": 5}, headers=reporter
    )
    assert answer.status_code == 200, answer.text
    seen_by_staff = await client.get(f"/v1/incidents/{incident['id']}", headers=worker)
    assert seen_by_staff.json()["reporter"] is None
    timeline = await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=worker)
    assert "resident-1" not in timeline.text
    assert [e["actor"] for e in timeline.json() if e["action"] == "satisfaction"] == ["anonymous"]
    assert await inbox(client, worker) == []


async def test_a_user_never_sees_or_reads_another_users_notifications(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter, other = resident(callers), resident(callers, "resident-2")
    incident = await report(client, reporter)
    await act(client, callers.grid_worker("A"), incident, "accept")
    (notice,) = await inbox(client, reporter)
    assert await inbox(client, other) == []
    assert await inbox(client, callers.admin()) == []
    stolen = await client.post(f"/v1/incident-notifications/{notice['id']}/read", headers=other)
    assert (stolen.status_code, stolen.json()["code"]) == (404, "not-found")
    assert (await inbox(client, reporter))[0]["read_at"] is None
    missing = await client.post(f"/v1/incident-notifications/{uuid.uuid4()}/read", headers=reporter)
    assert missing.status_code == 404


async def test_reading_a_notification_marks_it_once_and_the_unread_filter_drops_it(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter = resident(callers)
    incident = await report(client, reporter)
    await walk(client, callers.grid_worker("A"), incident, "accept", "assign")
    assigned, accepted = await inbox(client, reporter)
    first = await client.post(f"/v1/incident-notifications/{accepted['id']}/read", headers=reporter)
    assert first.status_code == 200
    assert first.json()["read_at"] is not None
    app.state.clock = lambda: datetime.fromisoformat(first.json()["read_at"]) + timedelta(hours=1)
    again = await client.post(f"/v1/incident-notifications/{accepted['id']}/read", headers=reporter)
    assert again.json()["read_at"] == first.json()["read_at"]
    unread = await inbox(client, reporter, unread="true")
    assert [n["id"] for n in unread] == [assigned["id"]]
    page = await client.get("/v1/incident-notifications?limit=1", headers=reporter)
    assert [n["id"] for n in page.json()["items"]] == [assigned["id"]]
    rest = await client.get(
        f"/v1/incident-notifications?limit=1&cursor={page.json()['next_cursor']}", headers=reporter
    )
    assert [n["id"] for n in rest.json()["items"]] == [accepted["id"]]


async def appoint_grid_head(client: httpx.AsyncClient, world: World, callers: Callers) -> str:
    holder = str(uuid.uuid4())
    response = await client.post(
        f"/v1/grid-units/{world.grids['A']}/roles",
        json={"role": "grid_head", "holder_id": holder, "holder_name": "段组长"},
        headers=callers.community_secretary("C1"),
    )
    assert response.status_code == 201, response.text
    return holder


async def test_the_overdue_sweep_tells_the_grid_head_and_community_desk_once(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    head = await appoint_grid_head(client, world, callers)
    late = await report(client, resident(callers), priority="urgent")  # 2 h SLA
    await report(client, resident(callers), priority="low")  # not yet due
    elsewhere = await report(client, resident(callers), "C", priority="urgent")  # community C2
    app.state.clock = lambda: datetime.fromisoformat(late["due_at"]) + timedelta(minutes=1)
    secretary = callers.community_secretary("C1")
    swept = await client.post("/v1/incidents/overdue-notices", headers=secretary)
    assert swept.status_code == 200, swept.text
    assert swept.json() == [{"incident_id": late["id"], "level": "grid", "notified": 2}]
    again = await client.post("/v1/incidents/overdue-notices", headers=secretary)
    by_street = await client.post(
        "/v1/incidents/overdue-notices", headers=callers.street_secretary("S1")
    )
    assert again.json() == []
    # The street's sweep finds only the other community's incident (no grid head there).
    assert by_street.json() == [{"incident_id": elsewhere["id"], "level": "grid", "notified": 1}]
    head_inbox = await inbox(client, callers.keys.headers(roles=["grid_worker"], subject=head))
    assert [(n["kind"], n["incident_id"]) for n in head_inbox] == [("incident_overdue", late["id"])]
    desk = [n for n in await inbox(client, secretary) if n["incident_id"] == late["id"]]
    assert [(n["kind"], n["recipient_kind"]) for n in desk] == [
        ("incident_overdue", "community_desk")
    ]
    assert [n["incident_id"] for n in await inbox(client, callers.community_secretary("C2"))] == [
        elsewhere["id"]
    ]
    unchanged = await client.get(f"/v1/incidents/{late['id']}", headers=secretary)
    assert unchanged.json()["version"] == 1  # the notice is no change to the incident


async def test_an_escalated_overdue_incident_goes_to_the_street_desk(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    late = await report(client, resident(callers), priority="urgent")
    await act(client, callers.grid_worker("A"), late, "escalate")
    app.state.clock = lambda: datetime.fromisoformat(late["due_at"]) + timedelta(minutes=1)
    swept = await client.post("/v1/incidents/overdue-notices", headers=callers.admin())
    assert swept.json() == [{"incident_id": late["id"], "level": "community", "notified": 1}]
    street = await inbox(client, callers.street_secretary("S1"))
    assert [(n["kind"], n["recipient_kind"]) for n in street] == [
        ("incident_overdue", "street_desk")
    ]
    assert await inbox(client, callers.street_secretary("S2")) == []
    assert await inbox(client, callers.community_secretary("C1")) == []


async def test_a_reopened_incident_starts_a_new_overdue_period(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    admin = callers.admin()
    late = await report(client, resident(callers), priority="urgent")
    app.state.clock = lambda: datetime.fromisoformat(late["due_at"]) + timedelta(minutes=1)
    first = await client.post("/v1/incidents/overdue-notices", headers=admin)
    assert len(first.json()) == 1
    await walk(client, admin, late, "accept", "assign", "start", "resolve", "reopen")
    second = await client.post("/v1/incidents/overdue-notices", headers=admin)
    assert [n["incident_id"] for n in second.json()] == [late["id"]]
    overdue = [
        n
        for n in await inbox(client, callers.community_secretary("C1"))
        if n["kind"] == "incident_overdue"
    ]
    assert len(overdue) == 2


async def test_only_secretaries_run_the_overdue_sweep(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    refused = await client.post("/v1/incidents/overdue-notices", headers=callers.grid_worker("A"))
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


async def test_the_reporter_answers_the_satisfaction_question_once(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter, worker = resident(callers), callers.grid_worker("A")
    incident = await report(client, reporter)
    url = f"/v1/incidents/{incident['id']}/satisfaction"
    early = await client.post(url, json={"satisfaction": 5}, headers=reporter)
    assert (early.status_code, early.json()["code"]) == (409, "illegal-transition")
    incident = await walk(client, worker, incident, "accept", "assign", "start", "resolve")
    (question,) = [n for n in await inbox(client, reporter) if n["kind"] == "satisfaction_question"]
    assert question["data"]["answer_path"] == url
    bad = await client.post(url, json={"satisfaction": 6}, headers=reporter)
    assert bad.json()["errors"][0]["field"] == "body.satisfaction"
    stranger = await client.post(
        url, json={"satisfaction": 1}, headers=resident(callers, "resident-2")
    )
    assert stranger.status_code == 404
    answer = await client.post(url, json={"satisfaction": 4, "comment": "及时"}, headers=reporter)
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert (body["satisfaction"], body["return_visit_note"], body["version"]) == (4, "及时", 6)
    twice = await client.post(url, json={"satisfaction": 1}, headers=reporter)
    assert (twice.status_code, twice.json()["code"]) == (409, "return-visit-exists")
    staff = await client.post(
        f"/v1/incidents/{incident['id']}/return-visit",
        json={"satisfaction": 2},
        headers={**worker, "If-Match": '"6"'},
    )
    assert (staff.status_code, staff.json()["code"]) == (409, "return-visit-exists")
    (answered,) = [n for n in await inbox(client, reporter) if n["kind"] == "satisfaction_question"]
    assert answered["read_at"] is not None
    timeline = await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=worker)
    assert timeline.json()[-1]["action"] == "satisfaction"
    assert timeline.json()[-1]["data"] == {"satisfaction": 4}


async def test_a_stale_if_match_on_the_satisfaction_answer_is_refused(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    reporter = resident(callers)
    incident = await report(client, reporter)
    await walk(client, callers.grid_worker("A"), incident, "accept", "assign", "start", "resolve")
    stale = await client.post(
        f"/v1/incidents/{incident['id']}/satisfaction",
        json={"satisfaction": 3},
        headers={**reporter, "If-Match": '"1"'},
    )
    assert (stale.status_code, stale.json()["code"]) == (412, "version-mismatch")
