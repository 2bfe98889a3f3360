import re
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World
from incident_helpers import POINT_IN, events, report, report_body
from sqlalchemy import func, select

from weimin_events import payloads
from weimin_grid.geo.coords import wgs84_to_gcj02
from weimin_grid.incidents.models import Incident, IncidentChange


async def incident_count(app: FastAPI) -> int:
    async with app.state.database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Incident)) or 0)


async def test_a_report_is_located_to_its_grid_unit_and_nearest_building(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(client, callers.grid_worker("A"), "B")
    assert incident["state"] == "reported"
    assert incident["level"] == "grid"
    assert incident["grid_unit_id"] == str(world.grids["B"])
    assert incident["community_id"] == str(world.communities["C1"])
    assert incident["building_id"] == str(world.buildings["B"])
    assert incident["reporter"] == "worker-A"
    assert (incident["version"], incident["overdue"]) == (1, False)
    assert events_types(await events(app, incident["id"])) == [payloads.IncidentReported.event_type]


def events_types(rows: list[tuple[str, dict[str, Any]]]) -> list[str]:
    return [kind for kind, _ in rows]


async def test_the_sla_deadline_follows_category_and_priority(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    urgent_hazard = await report(
        client,
        callers.admin(),
        category_code="0401",
        priority="urgent",
        extra={"hazard": "gas"},
    )
    low_rubbish = await report(client, callers.admin(), priority="low")
    for incident, hours in ((urgent_hazard, 1), (low_rubbish, 168)):
        created = datetime.fromisoformat(incident["created_at"])
        assert datetime.fromisoformat(incident["due_at"]) - created == timedelta(hours=hours)


async def test_a_gcj02_report_is_stored_in_wgs84(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    lon, lat = wgs84_to_gcj02(*POINT_IN["C"])
    incident = await report(
        client, callers.admin(), "C", location={"lon": lon, "lat": lat, "crs": "gcj02"}
    )
    assert incident["grid_unit_id"] == str(world.grids["C"])
    assert (round(incident["lon"], 6), round(incident["lat"], 6)) == POINT_IN["C"]


async def test_an_anonymous_report_shows_no_reporter_anywhere(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    resident = callers.keys.headers(roles=["resident"], subject="resident-7")
    incident = await report(client, resident, anonymous=True, channel="app")
    fetched = await client.get(f"/v1/incidents/{incident['id']}", headers=callers.admin())
    timeline = await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=callers.admin())
    assert (incident["reporter"], fetched.json()["reporter"]) == (None, None)
    assert [entry["actor"] for entry in timeline.json()] == ["anonymous"]
    assert "resident-7" not in fetched.text + timeline.text


async def test_a_residents_timeline_line_does_not_name_them(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    # A resident's name is personal data: it stays in the encrypted records, off the timeline.
    resident = callers.keys.headers(roles=["resident"], subject="resident-8", name="李秀兰")
    incident = await report(client, resident, channel="app")
    timeline = await client.get(f"/v1/incidents/{incident['id']}/timeline", headers=callers.admin())
    assert [(e["actor"], e["actor_name"]) for e in timeline.json()] == [("resident-8", None)]
    assert "李秀兰" not in timeline.text


async def test_a_report_on_behalf_of_a_caller_keeps_channel_and_name(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    incident = await report(
        client,
        callers.community_secretary("C1"),
        channel="phone_call",
        caller_name="李阿姨",
        photos=[
            {
                "url": "/media/p1.jpg",
                "sha256": "a" * 64,
                "content_type": "image/jpeg",
                "size_bytes": 120_000,
                "width": 1600,
                "height": 1200,
            }
        ],
    )
    assert (incident["channel"], incident["caller_name"]) == ("phone_call", "李阿姨")
    assert incident["photos"][0]["sha256"] == "a" * 64


async def test_replaying_a_report_with_its_idempotency_key_makes_one_incident(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    headers = {**callers.grid_worker("A"), "Idempotency-Key": "offline-queue-42"}
    first = await client.post("/v1/incidents", json=report_body(), headers=headers)
    again = await client.post("/v1/incidents", json=report_body(), headers=headers)
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.headers["idempotent-replayed"] == "true"
    assert first.json()["id"] == again.json()["id"]
    assert await incident_count(app) == 1


@pytest.mark.parametrize(
    ("overrides", "status", "code", "field"),
    [
        ({"category_code": "9999"}, 422, "unknown-category", "body.category_code"),
        ({"category_code": "abc"}, 422, "validation-failed", "body.category_code"),
        ({"location": {"lon": 100.30, "lat": 25.605}}, 422, "point-outside-grid", "body.location"),
        ({"location": {"lon": 100.2, "lat": 95}}, 422, "validation-failed", "body.location.lat"),
        ({"category_code": "9201", "extra": {}}, 422, "validation-failed", "body.extra.water_body"),
        (
            {"category_code": "9101", "extra": {"parties": 1, "kind": "family"}},
            422,
            "validation-failed",
            "body.extra.parties",
        ),
        (
            {"category_code": "9101", "extra": {"kind": "family"}},
            422,
            "validation-failed",
            "body.extra.parties",
        ),
        (
            {"extra": {"volume": "cart", "colour": "red"}},
            422,
            "validation-failed",
            "body.extra.colour",
        ),
        (
            {"category_code": "0502", "extra": {"at_night": "yes"}},
            422,
            "validation-failed",
            "body.extra.at_night",
        ),
        ({"channel": "pigeon"}, 422, "validation-failed", "body.channel"),
        ({"title": "  "}, 422, "validation-failed", "body.title"),
        ({"title": "\u200b\u200b"}, 422, "validation-failed", "body.title"),
        ({"title": "漏水\u202e"}, 422, "validation-failed", "body.title"),
        ({"caller_name": "张\x00三"}, 422, "validation-failed", "body.caller_name"),
        (
            {"category_code": "9301", "extra": {"topic": "路灯\u202e坏了"}},
            422,
            "validation-failed",
            "body.extra.topic",
        ),
        (
            {
                "photos": [
                    {
                        "url": "ftp://x",
                        "sha256": "a" * 64,
                        "content_type": "image/jpeg",
                        "size_bytes": 1,
                    }
                ]
            },
            422,
            "validation-failed",
            "body.photos.0.url",
        ),
    ],
)
async def test_bad_reports_are_refused_naming_the_field_and_nothing_is_written(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    overrides: dict[str, Any],
    status: int,
    code: str,
    field: str,
) -> None:
    response = await client.post(
        "/v1/incidents", json=report_body(**overrides), headers=callers.admin()
    )
    assert response.status_code == status, response.text
    assert response.json()["code"] == code
    assert field in [e["field"] for e in response.json()["errors"]]
    assert await incident_count(app) == 0
    async with app.state.database.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(IncidentChange)) == 0


async def test_reporting_needs_an_account_with_a_reporting_role(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    kiosk = callers.keys.headers(roles=["kiosk"], subject="kiosk-1")
    anonymous = await client.post("/v1/incidents", json=report_body())
    refused = await client.post("/v1/incidents", json=report_body(), headers=kiosk)
    assert anonymous.status_code == 401
    assert (refused.status_code, refused.json()["code"]) == (403, "forbidden")


async def test_the_catalogue_lists_two_level_codes_with_typed_fields(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.get("/v1/incident-categories", headers=callers.admin())
    categories = {c["code"]: c for c in response.json()}
    assert categories["9101"]["major_code"] == "91"
    assert categories["9101"]["extension"] is True
    assert categories["0101"]["extension"] is False
    parties = next(f for f in categories["9101"]["fields"] if f["name"] == "parties")
    assert (parties["type"], parties["required"], parties["minimum"]) == ("integer", True, 2)
    assert categories["9201"]["sla_hours"] == {"urgent": 1, "high": 4, "normal": 24, "low": 72}


async def test_every_category_field_and_choice_reads_in_chinese_and_english(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.get(
        "/v1/incident-categories", headers=callers.keys.headers(roles=["resident"])
    )
    assert response.status_code == 200
    categories = response.json()
    han = re.compile(r"[\u4e00-\u9fff]")

    def chinese(text: str) -> bool:
        return han.search(text) is not None

    def english(text: str) -> bool:
        return bool(text.strip()) and han.search(text) is None

    for category in categories:
        assert chinese(category["major_name"]), category["code"]
        assert english(category["major_name_en"]), category["code"]
        for spec in category["fields"]:
            where = f"{category['code']}.{spec['name']}"
            assert chinese(spec["label"]), where
            assert english(spec["label_en"]), where
            # The labels name the values a report still sends and stores.
            assert [c["value"] for c in spec["choice_labels"]] == spec["choices"], where
            assert (spec["type"] == "enum") == bool(spec["choices"]), where
            for choice in spec["choice_labels"]:
                assert chinese(choice["label"]), (where, choice)
                assert english(choice["label_en"]), (where, choice)
    hazard = next(
        f for c in categories if c["code"] == "0401" for f in c["fields"] if f["name"] == "hazard"
    )
    assert (hazard["label"], hazard["label_en"]) == ("隐患类型", "Type of hazard")
    assert hazard["choices"] == ["fire", "gas", "electric", "structure", "other"]
    assert hazard["choice_labels"][1] == {"value": "gas", "label": "燃气", "label_en": "Gas"}


REPORT_NOW = datetime.fromisoformat("2026-03-02T08:00:00+00:00")


async def test_a_report_sent_later_keeps_when_it_was_seen_and_its_deadline_counts_from_arrival(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    app.state.clock = lambda: REPORT_NOW
    at_once = await report(client, callers.grid_worker("A"), priority="low")
    later = await report(
        client, callers.grid_worker("A"), priority="low", occurred_at="2026-03-02T09:30:00+08:00"
    )
    assert (at_once["occurred_at"], at_once["created_at"]) == (
        "2026-03-02T08:00:00Z",
        "2026-03-02T08:00:00Z",
    )
    assert (later["occurred_at"], later["created_at"]) == (
        "2026-03-02T01:30:00Z",
        "2026-03-02T08:00:00Z",
    )
    assert later["due_at"] == at_once["due_at"]
    read = await client.get(f"/v1/incidents/{later['id']}", headers=callers.grid_worker("A"))
    assert read.json()["occurred_at"] == "2026-03-02T01:30:00Z"


@pytest.mark.parametrize(
    ("occurred_at", "code"),
    [
        ("2026-03-02T07:30:00", "naive-datetime"),
        ("2026-03-02T08:05:01Z", "in-future"),
        ("2026-02-23T07:59:59Z", "too-early"),
    ],
)
async def test_bad_report_times_name_the_field_and_nothing_is_written(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    occurred_at: str,
    code: str,
) -> None:
    app.state.clock = lambda: REPORT_NOW
    response = await client.post(
        "/v1/incidents", json=report_body(occurred_at=occurred_at), headers=callers.admin()
    )
    assert response.status_code == 422
    assert [(e["field"], e["code"]) for e in response.json()["errors"]] == [
        ("body.occurred_at", code)
    ]
    assert await incident_count(app) == 0
