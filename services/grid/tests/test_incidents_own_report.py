"""Closing an incident one reported oneself needs the community's confirmation: the
reporter may not verify, close or record the return visit of their own report."""

import httpx
from grid_world import Callers, World
from incident_helpers import act, report, walk

CONFIRMATION_NEEDED = (403, "own-report-needs-confirmation")


async def test_a_grid_worker_cannot_verify_or_close_their_own_report(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    incident = await report(client, worker)
    resolved = await walk(client, worker, incident, "accept", "assign", "start", "resolve")

    # The phone is not offered what it would be refused: the secretary sees "verify".
    offered = (await client.get(f"/v1/incidents/{resolved['id']}", headers=worker)).json()
    assert "verify" not in offered["allowed_actions"]
    secretary = callers.community_secretary("C1")
    to_secretary = await client.get(f"/v1/incidents/{resolved['id']}", headers=secretary)
    assert "verify" in to_secretary.json()["allowed_actions"]

    verify = await act(client, worker, resolved, "verify")
    assert (verify.status_code, verify.json()["code"]) == CONFIRMATION_NEEDED
    assert verify.json()["action"] == "verify"
    visit = await client.post(
        f"/v1/incidents/{resolved['id']}/return-visit",
        json={"satisfaction": 5},
        headers={**worker, "If-Match": f'"{resolved["version"]}"'},
    )
    assert (visit.status_code, visit.json()["code"]) == CONFIRMATION_NEEDED
    after = (await client.get(f"/v1/incidents/{resolved['id']}", headers=worker)).json()
    assert (after["state"], after["version"], after["satisfaction"]) == (
        "resolved",
        resolved["version"],
        None,
    )

    # The community secretary visits, verifies; the reporter still may not close.
    visited = await client.post(
        f"/v1/incidents/{resolved['id']}/return-visit",
        json={"satisfaction": 5, "note": "居民确认已清理"},
        headers={**secretary, "If-Match": f'"{resolved["version"]}"'},
    )
    assert visited.status_code == 200, visited.text
    verified = await walk(client, secretary, visited.json(), "verify")
    close = await act(client, worker, verified, "close")
    assert (close.status_code, close.json()["code"]) == CONFIRMATION_NEEDED
    closed = await walk(client, secretary, verified, "close")
    assert closed["state"] == "closed"


async def test_the_refusal_is_told_in_chinese_and_english(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    worker = callers.grid_worker("A")
    resolved = await walk(
        client, worker, await report(client, worker), "accept", "assign", "start", "resolve"
    )
    zh = await act(client, {**worker, "Accept-Language": "zh-CN"}, resolved, "verify")
    en = await act(client, {**worker, "Accept-Language": "en"}, resolved, "verify")
    assert zh.headers["content-type"].startswith("application/problem+json")
    assert zh.json()["title"] == "这是您本人上报的事件，须由社区人员回访确认并办结"
    assert en.json()["title"].startswith("You reported this incident")


async def test_another_worker_may_confirm_a_report_that_is_not_theirs(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    """The rule is about the reporter, not the role: a report by the community secretary
    is verified and closed by the grid's worker as before."""
    secretary, worker = callers.community_secretary("C1"), callers.grid_worker("A")
    incident = await report(client, secretary)
    incident = await walk(
        client, worker, incident, "accept", "assign", "start", "resolve", "verify", "close"
    )
    assert incident["state"] == "closed"
    # ...and the secretary, as reporter, is held to the same rule.
    other = await walk(
        client, worker, await report(client, secretary), "accept", "assign", "start", "resolve"
    )
    refused = await act(client, secretary, other, "verify")
    assert (refused.status_code, refused.json()["code"]) == CONFIRMATION_NEEDED
