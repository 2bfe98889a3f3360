"""`wish.fulfilled` between its producer and its consumers, each a real service on its
own database: the event the wishes service records when its claimer marks a wish fulfilled
(through its API, read back from its outbox) is applied by the handlers volunteers and
org-registry wire at startup. The claimer is a party member reported to A1 who is also a
registered volunteer, so one event reaches both ledgers.

45 minutes reported are 45 minutes in the volunteer's hours and on the member's report;
no minutes reported is "not reported" on both, and nothing credited.
"""

import uuid
from typing import Any

import httpx
import pytest
from factories import create, person_body
from fastapi import FastAPI
from org_registry_world import World as OrgWorld
from org_registry_world import build_world as build_org_world
from sqlalchemy import select
from wish_world import Callers, open_wish
from wish_world import build_world as build_wish_world

from contract.conftest import client_of
from weimin_events.payloads import WishFulfilled
from weimin_kit.events.envelope import CloudEvent, event_from_row
from weimin_kit.events.inbox import apply_event
from weimin_kit.testing import TestKeys
from weimin_wishes.models import Base as WishesBase

PROOF = "https://photos.example/proof.jpg"


class Claimer:
    """The member-volunteer: their account in org-registry, report and volunteer record."""

    def __init__(self, account: uuid.UUID, report_id: str, volunteer_id: str) -> None:
        self.account = account
        self.report_id = report_id
        self.volunteer_id = volunteer_id


async def register_claimer(
    org_world: OrgWorld, org: httpx.AsyncClient, volunteers: httpx.AsyncClient, keys: TestKeys
) -> tuple[Claimer, dict[str, str]]:
    a1 = org_world.ids["A1"]
    await org_world.add_account(
        "sec-a1", ["community_secretary"], [org_world.scope("community", "A1")], community="A1"
    )
    account = await org_world.add_account("member", ["member"], [], community="A1")
    secretary = await org_world.headers("sec-a1")
    person = await create(org, "/v1/people", person_body(1, a1, account_id=str(account)), secretary)
    member = await create(
        org,
        "/v1/party-members",
        {
            "person_id": person["id"],
            "organisation_id": str(org_world.ids["S-A1"]),
            "standing": "formal",
            "joined_on": "2020-01-01",
        },
        secretary,
    )
    report = await create(
        org,
        "/v1/member-reports",
        {
            "member_id": member["id"],
            "reported_on": "2024-09-01",
            "pledges": [
                {"area": "public_welfare", "description": "陪老人聊天", "hours_per_month": 4}
            ],
        },
        secretary,
    )
    volunteer = await volunteers.post(
        "/v1/volunteers",
        json={
            "person_id": person["id"],
            "account_id": str(account),
            "display_name": "志愿者杨",
            "street_id": str(org_world.ids["A"]),
            "community_id": str(a1),
            "home_lon": 100.23,
            "home_lat": 25.61,
            "skill_codes": [],
            "availability": {"weekly": [{"weekday": 0, "start": "08:00", "end": "20:00"}]},
        },
        headers=keys.headers(roles=["admin"], subject="admin-1"),
    )
    assert volunteer.status_code == 201, volunteer.text
    return Claimer(account, report["id"], volunteer.json()["id"]), secretary


async def fulfil_through_the_api(
    wishes_app: FastAPI, keys: TestKeys, claimer: Claimer, category: str, minutes: int | None
) -> CloudEvent:
    """Claim and fulfil a wish as the claimer; the `wish.fulfilled` its outbox now holds."""
    callers = Callers(keys, build_wish_world())
    as_claimer = keys.headers(
        roles=["volunteer", "member"], subject=str(claimer.account), name="杨1"
    )
    async with client_of(wishes_app) as client:
        wish = await open_wish(client, callers, "A", category=category)
        claim = await client.post(f"/v1/wishes/{wish['id']}/claim", headers=as_claimer)
        assert claim.status_code == 201, claim.text
        body: dict[str, Any] = {"proof_photo_url": PROOF}
        if minutes is not None:
            body["service_minutes"] = minutes
        fulfil = await client.post(f"/v1/wishes/{wish['id']}/fulfil", json=body, headers=as_claimer)
        assert fulfil.status_code == 204, fulfil.text
    outbox = WishesBase.metadata.tables["outbox_events"]
    async with wishes_app.state.database.sessionmaker() as session:
        row = (
            await session.execute(
                select(outbox).where(
                    outbox.c.subject == wish["id"], outbox.c.type == WishFulfilled.event_type
                )
            )
        ).one()
    return event_from_row(row)


async def deliver(app: FastAPI, event: CloudEvent) -> None:
    """Through the consumer's inbox with the handlers it wired at startup."""
    assert await apply_event(app.state.database, app.state.event_handlers, event) == "applied"


@pytest.mark.parametrize(
    ("category", "minutes"), [("companionship", 45), ("material", 45), ("material", None)]
)
async def test_the_reported_minutes_and_only_they_reach_both_ledgers(
    wishes_app: FastAPI,
    volunteers_app: FastAPI,
    org_registry_app: FastAPI,
    test_keys: TestKeys,
    category: str,
    minutes: int | None,
) -> None:
    async with client_of(org_registry_app) as org, client_of(volunteers_app) as volunteers:
        org_world = await build_org_world(org_registry_app, org)
        claimer, secretary = await register_claimer(org_world, org, volunteers, test_keys)

        event = await fulfil_through_the_api(wishes_app, test_keys, claimer, category, minutes)
        assert event.data["service_minutes"] == minutes
        await deliver(volunteers_app, event)
        await deliver(org_registry_app, event)

        hours = await volunteers.get(
            f"/v1/volunteers/{claimer.volunteer_id}/hours",
            headers=test_keys.headers(roles=["volunteer"], subject=str(claimer.account)),
        )
        assert hours.status_code == 200, hours.text
        report = await org.get(f"/v1/member-reports/{claimer.report_id}", headers=secretary)
        services = await org.get(
            f"/v1/member-reports/{claimer.report_id}/services", headers=secretary
        )

    [line] = hours.json()["entries"]["items"]
    [service] = services.json()["items"]
    figures = report.json()
    if minutes is not None:
        assert hours.json()["confirmed_minutes"] == 45
        assert (line["kind"], line["minutes"], line["minutes_reported"]) == ("wish", 45, True)
        assert (figures["services_done"], figures["service_minutes"]) == (1, 45)
        assert figures["services_unreported"] == 0
        assert service["minutes"] == 45
    else:
        assert hours.json()["confirmed_minutes"] == 0
        assert (line["kind"], line["minutes"], line["minutes_reported"]) == ("wish", 0, False)
        assert "not reported" in line["reason"]
        assert (figures["services_done"], figures["service_minutes"]) == (1, 0)
        assert figures["services_unreported"] == 1
        assert service["minutes"] is None
    assert service["wish_id"] == event.data["wish_id"]
