"""org-registry's part of the events between services: a reporting member's fulfilled
wish counts on their report (once per wish), and a report tells the member's login."""

import uuid
from typing import Any

import httpx
from factories import count_rows, create, outbox, person_body
from fastapi import FastAPI
from org_registry_world import World

from weimin_events import payloads
from weimin_events.payloads import MemberReported
from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.http import HttpTransport
from weimin_kit.events.inbox import apply_event
from weimin_kit.settings import DEV_EVENTS_SECRET

Staff = dict[str, dict[str, str]]
WISH_FULFILLED = payloads.WishFulfilled.event_type
PLEDGES = [{"area": "public_welfare", "description": "帮老人买菜", "hours_per_month": 4}]


async def reporting_member(
    world: World, client: httpx.AsyncClient, staff: Staff, n: int = 1, **person: Any
) -> dict[str, Any]:
    """A person of A1, a member of the stationed unit S-A1, reported to A1."""
    registered = await create(
        client, "/v1/people", person_body(n, world.ids["A1"], **person), staff["sec-a1"]
    )
    member = await create(
        client,
        "/v1/party-members",
        {
            "person_id": registered["id"],
            "organisation_id": str(world.ids["S-A1"]),
            "standing": "formal",
            "joined_on": "2020-01-01",
        },
        staff["sec-a1"],
    )
    return await create(
        client,
        "/v1/member-reports",
        {"member_id": member["id"], "reported_on": "2024-09-01", "pledges": PLEDGES},
        staff["sec-a1"],
    )


def fulfilled(
    world: World,
    claimer_id: object,
    *,
    minutes: int | None = None,
    wish_id: uuid.UUID | None = None,
) -> CloudEvent:
    data: dict[str, Any] = {
        "wish_id": str(wish_id or uuid.uuid4()),
        "street_id": str(world.ids["A"]),
        "community_id": str(world.ids["A1"]),
        "grid_unit_id": str(uuid.uuid4()),
        "claim_id": str(uuid.uuid4()),
        "claimer_id": str(claimer_id),
        "claimer_type": "member",
    }
    if minutes is not None:
        data["service_minutes"] = minutes
    return CloudEvent(
        specversion="1.0",
        id=uuid.uuid4().hex,
        source="/weimin/wishes",
        type=WISH_FULFILLED,
        subject=data["wish_id"],
        data=data,
    )


async def apply(app: FastAPI, event: CloudEvent) -> str:
    return await apply_event(app.state.database, app.state.event_handlers, event)


async def read_report(
    client: httpx.AsyncClient, report: dict[str, Any], headers: dict[str, str]
) -> dict[str, Any]:
    response = await client.get(f"/v1/member-reports/{report['id']}", headers=headers)
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


async def services(
    client: httpx.AsyncClient, report: dict[str, Any], headers: dict[str, str]
) -> httpx.Response:
    return await client.get(f"/v1/member-reports/{report['id']}/services", headers=headers)


async def test_a_reporting_members_fulfilled_wish_counts_once_on_their_report(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff, account_id=str(world.ids["member"]))
    event = fulfilled(world, world.ids["member"], minutes=45)

    assert await apply(app, event) == "applied"
    assert await apply(app, event) == "duplicate"

    now = await read_report(client, report, staff["sec-a1"])
    assert (now["services_done"], now["service_minutes"]) == (1, 45)
    [listed] = (await services(client, report, staff["sec-a1"])).json()["items"]
    assert (listed["wish_id"], listed["claim_id"], listed["minutes"], listed["claimer_type"]) == (
        event.data["wish_id"],
        event.data["claim_id"],
        45,
        "member",
    )
    assert listed["community_id"] == str(world.ids["A1"])


async def test_the_same_wish_told_again_under_another_event_id_counts_once(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff, account_id=str(world.ids["member"]))
    wish_id = uuid.uuid4()
    assert await apply(app, fulfilled(world, world.ids["member"], wish_id=wish_id)) == "applied"
    assert await apply(app, fulfilled(world, world.ids["member"], wish_id=wish_id)) == "applied"
    await apply(app, fulfilled(world, world.ids["member"], minutes=30))

    now = await read_report(client, report, staff["sec-a1"])
    # The wish that did not say how long counts as done, not reported, and adds no minutes.
    assert (now["services_done"], now["service_minutes"], now["services_unreported"]) == (2, 30, 1)
    assert await count_rows(app, "member_services") == 2
    listed = (await services(client, report, staff["sec-a1"])).json()["items"]
    assert sorted(item["minutes"] or 0 for item in listed) == [0, 30]
    assert [item["wish_id"] for item in listed if item["minutes"] is None] == [str(wish_id)]


async def test_an_account_made_for_the_person_is_their_login_too(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff)
    account = await create(
        client,
        "/v1/accounts",
        {
            "username": "dangyuan-yang",
            "display_name": "杨党员",
            "password": "Erhai-Protect-2024!",
            "roles": ["member"],
            "person_id": report["person_id"],
            "community_id": str(world.ids["A1"]),
        },
        staff["boss"],
    )
    await apply(app, fulfilled(world, account["id"], minutes=20))
    now = await read_report(client, report, staff["sec-a1"])
    assert (now["services_done"], now["service_minutes"]) == (1, 20)


async def test_a_claimer_who_is_no_reporting_member_changes_nothing(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff, account_id=str(world.ids["member"]))
    # An account with no person, a person with no report, and no account of ours at all.
    await apply(app, fulfilled(world, world.ids["grid"]))
    other = await create(
        client,
        "/v1/people",
        person_body(7, world.ids["A1"], account_id=str(world.ids["sec-a1"])),
        staff["sec-a1"],
    )
    assert other["account_id"] == str(world.ids["sec-a1"])
    await apply(app, fulfilled(world, world.ids["sec-a1"]))
    assert await apply(app, fulfilled(world, "volunteer-7")) == "applied"

    now = await read_report(client, report, staff["sec-a1"])
    assert (now["services_done"], now["service_minutes"]) == (0, 0)
    assert await count_rows(app, "member_services") == 0


async def test_signed_deliveries_apply_and_unsigned_or_poison_ones_do_not(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff, account_id=str(world.ids["member"]))
    signer = HttpTransport(client, {}, lambda _t: (), DEV_EVENTS_SECRET)
    good = fulfilled(world, world.ids["member"], minutes=15)
    body = good.to_json()
    broken = dict(good.data)
    del broken["claim_id"]
    poison = CloudEvent(
        specversion="1.0", id="poison-1", source="/weimin/wishes", type=WISH_FULFILLED, data=broken
    ).to_json()

    unsigned = await client.post("/v1/events", content=body)
    assert unsigned.status_code == 401
    rejected = await client.post(
        "/v1/events", content=poison, headers=signer._signature("poison-1", poison)
    )
    assert (rejected.status_code, rejected.json()["code"]) == (422, "event-rejected")
    untouched = await read_report(client, report, staff["sec-a1"])
    assert (untouched["services_done"], untouched["service_minutes"]) == (0, 0)

    accepted = await client.post(
        "/v1/events", content=body, headers=signer._signature(good.id, body)
    )
    assert accepted.status_code == 204
    now = await read_report(client, report, staff["sec-a1"])
    assert (now["services_done"], now["service_minutes"]) == (1, 15)


async def test_the_services_are_seen_by_whoever_sees_the_report(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    report = await reporting_member(world, client, staff, account_id=str(world.ids["member"]))
    await apply(app, fulfilled(world, world.ids["member"], minutes=10))

    for who in ("boss", "sec-a", "sec-a1", "member"):
        seen = await services(client, report, staff[who])
        assert (seen.status_code, len(seen.json()["items"])) == (200, 1), who
    for who in ("sec-b1", "grid"):
        assert (await services(client, report, staff[who])).status_code == 404, who
    assert (
        await client.get(f"/v1/member-reports/{uuid.uuid4()}/services", headers=staff["boss"])
    ).status_code == 404


async def test_a_report_tells_the_members_login_account_or_none(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    with_login = await reporting_member(
        world, client, staff, 1, account_id=str(world.ids["member"])
    )
    without = await reporting_member(world, client, staff, 2)

    events = {
        e["subject"]: e["data"] for e in await outbox(app, payloads.MemberReported.event_type)
    }
    told = MemberReported.model_validate(events[with_login["id"]])
    assert told.account_id == world.ids["member"]
    assert (told.member_id, told.community_id) == (
        uuid.UUID(with_login["member_id"]),
        world.ids["A1"],
    )
    assert events[without["id"]]["account_id"] is None
