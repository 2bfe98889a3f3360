"""Open311 GeoReport v2 at /open311/v2: an Open311 client that is not ours (`georeport`
from PyPI) reads our services, definitions and requests in JSON and XML over a real socket;
the specification's own POST example is answered in the shape of its example response; bad
input and bad keys are the specification's errors naming the field, never a 500; public
reads show nobody; and an Open311 report is an incident on the grid worker's list."""

import asyncio
import logging
import uuid
from datetime import timedelta, timezone
from typing import Any

import httpx
import pytest
import xmltodict
from defusedxml import ElementTree
from fastapi import FastAPI
from georeport import GeoReport
from grid_world import Callers, World
from integration_helpers import home_address
from open311_helpers import (
    LAT,
    LONG,
    OPEN311,
    SPEC_CREATED_JSON,
    SPEC_CREATED_XML,
    api_key,
    served,
    spec_example,
)

from weimin_grid.incidents.catalogue import CATEGORIES
from weimin_kit.revocation import Revocation, record_revocation
from weimin_kit.testing.databases import backend
from weimin_kit.types import utcnow

REQUESTS = f"{OPEN311}/requests"
BEIJING = timezone(timedelta(hours=8))


async def post(
    client: httpx.AsyncClient, form: dict[str, str], fmt: str = "json", **headers: str
) -> httpx.Response:
    return await client.post(f"{REQUESTS}.{fmt}", data=form, headers=headers)


async def test_georeport_client_reads_services_definitions_and_requests(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers
) -> None:
    created = await post(client, spec_example(api_key(callers)))
    assert created.status_code == 201, created.text
    request_id = created.json()[0]["service_request_id"]

    async with served(app) as root:
        for fmt in ("json", "xml"):
            city = GeoReport(root, output_format=fmt)
            services = await asyncio.to_thread(city.get_service_list)
            assert [s["service_code"] for s in services] == list(CATEGORIES)
            rubbish = next(s for s in services if s["service_code"] == "0101")
            assert rubbish["service_name"] == "暴露垃圾"
            assert str(rubbish["metadata"]).lower() == "true"
            assert rubbish["type"] == "realtime"

            with_fields = await asyncio.to_thread(city.get_service_definition, "0401")
            assert with_fields["service_code"] == "0401"
            attributes = with_fields["attributes"]
            # xmltodict nests XML lists one level deeper: <attributes><attribute>…
            attributes = attributes if fmt == "json" else attributes["attribute"]
            hazard = next(a for a in attributes if a["code"] == "hazard")
            assert hazard["datatype"] == "singlevaluelist"
            assert str(hazard["required"]).lower() == "true"
            values = hazard["values"] if fmt == "json" else hazard["values"]["value"]
            assert "gas" in [v["key"] for v in values]
            without = await asyncio.to_thread(city.get_service_definition, "0102")
            assert without["service_code"] == "0102"
            assert not without["attributes"]  # [] in JSON, an empty element in XML

            listed = await asyncio.to_thread(
                city.get_service_requests, service_code="0102", status="open"
            )
            listed = listed if isinstance(listed, list) else [listed]
            assert request_id in [r["service_request_id"] for r in listed]
            one = await asyncio.to_thread(city.get_service_request, request_id)
            assert one["service_request_id"] == request_id
            assert one["status"] == "open"
            assert one["service_code"] == "0102"
            assert one["description"] == "A large sinkhole is destroying the street"
            assert float(one["lat"]) == 25.605
            assert float(one["long"]) == 100.204


def _keys_and_types(document: Any) -> Any:
    if isinstance(document, dict):
        return {key: _keys_and_types(value) for key, value in document.items()}
    if isinstance(document, list):
        return [_keys_and_types(item) for item in document]
    return type(document).__name__


async def test_the_specifications_example_post_is_answered_as_its_example(
    client: httpx.AsyncClient, callers: Callers, world: World, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)  # the services log at INFO
    json_answer = await post(client, spec_example(api_key(callers)))
    xml_answer = await post(client, spec_example(api_key(callers)), "xml")

    assert json_answer.status_code == 201, json_answer.text
    assert json_answer.headers["content-type"].startswith("application/json")
    [created] = json_answer.json()
    # The example's keys; its id is a number there, an opaque string here (the
    # specification types service_request_id as a string).
    assert sorted(created) == sorted(SPEC_CREATED_JSON[0])
    assert isinstance(created["service_request_id"], str)
    assert isinstance(created["service_notice"], str)
    assert created["account_id"] is None
    assert uuid.UUID(created["service_request_id"])
    assert xml_answer.status_code == 201, xml_answer.text
    assert xml_answer.headers["content-type"].startswith("text/xml")
    ours = xmltodict.parse(xml_answer.content)
    theirs = xmltodict.parse(SPEC_CREATED_XML)
    assert _keys_and_types(ours) == _keys_and_types(theirs)
    assert ours["service_requests"]["request"]["account_id"] is None

    # It is an incident like any other, on the list of the grid worker of that unit.
    mine = await client.get("/v1/incidents", headers=callers.grid_worker("A"))
    assert mine.status_code == 200, mine.text
    found = next(i for i in mine.json()["items"] if i["id"] == created["service_request_id"])
    assert (found["state"], found["channel"], found["category_code"]) == (
        "reported",
        "partner",
        "0102",
    )
    assert found["grid_unit_id"] == str(world.grids["A"])
    assert found["caller_name"] == "john smith"
    assert found["media_url"] == "http://client.img.host/img.jpg"
    assert found["reporter"] == "partner:city-311"
    # Nothing the caller gave of themselves, nor the key, reached the log.
    for secret in ("smith", "111111111", "smit222", spec_example(api_key(callers))["api_key"]):
        assert secret not in caplog.text
    assert "open311" in caplog.text  # the log was captured at all
    # … and the worker moves it through the same workflow, which the public then reads.
    accepted = await client.post(
        f"/v1/incidents/{found['id']}/transitions",
        json={"action": "accept"},
        headers={**callers.grid_worker("A"), "If-Match": '"1"'},
    )
    assert accepted.status_code == 200, accepted.text
    read = await client.get(f"{REQUESTS}/{found['id']}.json")
    assert read.json()[0]["status"] == "open"
    assert read.json()[0]["status_notes"] == "网格员已接收"


async def test_public_reads_show_no_reporter_and_a_rounded_point(
    client: httpx.AsyncClient, callers: Callers, world: World
) -> None:
    created = await post(client, spec_example(api_key(callers)))
    request_id = created.json()[0]["service_request_id"]

    for fmt in ("json", "xml"):
        listed = await client.get(f"{REQUESTS}.{fmt}")
        one = await client.get(f"{REQUESTS}/{request_id}.{fmt}")
        for response in (listed, one):
            assert response.status_code == 200, response.text
            for personal in ("john", "smith", "111111111", "smit222", "外市12345热线", "city-311"):
                assert personal not in response.text
    [read] = (await client.get(f"{REQUESTS}/{request_id}.json")).json()
    assert (read["lat"], read["long"]) == (25.605, 100.204)
    assert read["address"] == "测试网格A"
    assert LAT not in str(read)
    assert LONG not in str(read)


async def test_an_address_string_finds_its_standard_address(
    client: httpx.AsyncClient, callers: Callers, world: World
) -> None:
    code = await home_address(client, world, callers, "B")
    form = spec_example(api_key(callers), lat="<omit>", long="<omit>", address_string=code)

    created = await post(client, form)

    assert created.status_code == 201, created.text
    request_id = created.json()[0]["service_request_id"]
    incident = await client.get(f"/v1/incidents/{request_id}", headers=callers.admin())
    assert incident.json()["grid_unit_id"] == str(world.grids["B"])
    [read] = (await client.get(f"{REQUESTS}/{request_id}.json")).json()
    assert read["address"] == "测试网格B"  # the grid unit, never the home's room
    assert "101" not in read["address"]


def _revoked_key(callers: Callers) -> str:
    return api_key(callers, sid="0190f5c2-0000-7000-8000-00000000dead")


BAD_POSTS: dict[str, tuple[dict[str, str], int, str]] = {
    "missing service_code": ({"service_code": "<omit>"}, 400, "service_code"),
    "unknown service_code": ({"service_code": "9999"}, 400, "service_code"),
    "bad lat": ({"lat": "north"}, 400, "lat"),
    "lat out of range": ({"lat": "91"}, 400, "lat"),
    "long without lat": ({"lat": "<omit>"}, 400, "lat"),
    "no place at all": ({"lat": "<omit>", "long": "<omit>", "address_string": ""}, 400, "lat"),
    "unknown address": ({"lat": "<omit>", "long": "<omit>"}, 400, "address_string"),
    "outside every grid unit": ({"lat": "37.76524078", "long": "-122.4212043"}, 400, "lat/long"),
    "missing attribute": ({"service_code": "0401"}, 400, "attribute[hazard]"),
    "bad attribute": (
        {"service_code": "0401", "attribute[hazard]": "meteor"},
        400,
        "attribute[hazard]",
    ),
    "unknown attribute": ({"attribute[colour]": "red"}, 400, "attribute[colour]"),
    "bad media_url": ({"media_url": "javascript:alert(1)"}, 400, "media_url"),
    "media_url with a line break": ({"media_url": "https://a.example/x\ny"}, 400, "media_url"),
    "description too long": ({"description": "坑" * 2001}, 400, "description"),
    "control character in the description": ({"description": "坑\x07"}, 400, "description"),
    "control character in the name": ({"first_name": "jo\x1bhn"}, 400, "first_name/last_name"),
    "missing api_key": ({"api_key": "<omit>"}, 400, "api_key"),
    "bad api_key": ({"api_key": "xyz"}, 403, "api_key"),
    "outside the client's area": ({"lat": "25.605", "long": "100.235"}, 403, "lat/long"),
}
BAD_KEYS = {
    "expired api_key": lambda c: api_key(c, lifetime_seconds=-120),
    "revoked api_key": _revoked_key,
    "an exchange token, not an Open311 key": lambda c: api_key(c, aud="weimin-integration"),
    "a person's token": lambda c: c.keys.token(roles=["admin"], subject="admin-1"),
    "client without the scope": lambda c: api_key(c, scopes=("integration:incidents.read",)),
}


# The refusals are the endpoint's code, the same on either database: CI's PostgreSQL pass
# leaves these 36 cases to the SQLite pass (the database's part is in the tests above).
SQLITE_PASS_ONLY = pytest.mark.skipif(backend() != "sqlite", reason="no database difference")


@SQLITE_PASS_ONLY
@pytest.mark.parametrize("case", [*BAD_POSTS, *BAD_KEYS])
async def test_bad_posts_are_open311_errors_naming_the_field(
    app: FastAPI, client: httpx.AsyncClient, callers: Callers, case: str
) -> None:
    if case in BAD_KEYS:
        if case == "revoked api_key":
            async with app.state.database.sessionmaker() as session, session.begin():
                revocation = Revocation(
                    reason="sessions-revoked",
                    revoked_at=utcnow(),
                    session_ids=["0190f5c2-0000-7000-8000-00000000dead"],
                )
                await record_revocation(session, revocation, keep_seconds=960, now=utcnow())
        form, status, field = spec_example(BAD_KEYS[case](callers)), 403, "api_key"
    else:
        changes, status, field = BAD_POSTS[case]
        form = spec_example(api_key(callers), **changes)

    for fmt in ("json", "xml"):
        response = await post(client, form, fmt)
        assert response.status_code == status, response.text
        if fmt == "json":
            [error] = response.json()
            assert error["code"] == status
            description = error["description"]
        else:
            root = ElementTree.fromstring(response.content)
            assert root.tag == "errors"
            assert root.findtext("error/code") == str(status)
            description = root.findtext("error/description") or ""
        assert description.startswith(field + ":"), description


async def test_a_json_body_is_refused_as_the_specification_wants_a_form(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.post(f"{REQUESTS}.json", json=spec_example(api_key(callers)))
    assert response.status_code == 400
    assert response.json()[0]["description"].startswith("body:")


@SQLITE_PASS_ONLY
@pytest.mark.parametrize(
    ("path", "status", "field"),
    [
        ("/services/9999.json", 404, "service_code"),
        ("/services/0101.csv", 404, "format"),
        ("/services.yaml", 404, "format"),
        ("/requests/not-an-id.json", 404, "service_request_id"),
        (f"/requests/{uuid.UUID(int=7)}.json", 404, "service_request_id"),
        ("/requests.json?status=pending", 400, "status"),
        ("/requests.json?service_code=9999", 400, "service_code"),
        ("/requests.json?start_date=yesterday", 400, "start_date"),
        ("/requests.json?start_date=2026-01-01T00:00:00", 400, "start_date"),
        ("/requests.json?start_date=2026-01-01&end_date=2026-06-01", 400, "end_date"),
        ("/requests.json?service_request_id=1,2", 400, "service_request_id"),
        ("/tokens/12345.json", 404, "token"),
    ],
)
async def test_bad_reads_are_open311_errors(
    client: httpx.AsyncClient, path: str, status: int, field: str
) -> None:
    response = await client.get(OPEN311 + path)
    assert response.status_code == status, response.text
    [error] = response.json()
    assert (error["code"], error["description"].split(":")[0]) == (status, field)


async def test_reads_filter_by_id_status_and_date_and_tokens_resolve(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    ids = [
        (await post(client, spec_example(api_key(callers)))).json()[0]["service_request_id"]
        for _ in range(2)
    ]

    both = await client.get(f"{REQUESTS}.json", params={"service_request_id": ",".join(ids)})
    closed = await client.get(f"{REQUESTS}.json", params={"status": "closed"})
    old = await client.get(
        f"{REQUESTS}.json", params={"start_date": "2010-01-01T00:00:00Z"}
    )  # 90 days from 2010: none of today's
    # A zone's `+` sent unencoded (as many clients do) arrives as a space, and still counts.
    yesterday = (utcnow() - timedelta(days=1)).astimezone(BEIJING)
    recent = await client.get(f"{REQUESTS}.json?start_date={yesterday:%Y-%m-%dT%H:%M:%S+08:00}")
    token = await client.get(f"{OPEN311}/tokens/{ids[0]}.xml")

    assert sorted(r["service_request_id"] for r in both.json()) == sorted(ids)
    assert not set(ids) & {r["service_request_id"] for r in closed.json()}
    assert old.json() == []
    assert recent.status_code == 200, recent.text
    assert set(ids) <= {r["service_request_id"] for r in recent.json()}
    root = ElementTree.fromstring(token.content)
    assert root.findtext("request/service_request_id") == ids[0]
    assert root.findtext("request/token") == ids[0]


async def test_a_dispute_is_reported_but_never_public(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    form = spec_example(
        api_key(callers),
        service_code="9101",
        **{"attribute[parties]": "2", "attribute[kind]": "neighbour"},
    )
    created = await post(client, form)
    assert created.status_code == 201, created.text
    request_id = created.json()[0]["service_request_id"]

    assert (await client.get(f"{REQUESTS}/{request_id}.json")).status_code == 404
    listed = await client.get(f"{REQUESTS}.json")
    assert request_id not in listed.text
    worker = await client.get(f"/v1/incidents/{request_id}", headers=callers.grid_worker("A"))
    assert worker.json()["extra"] == {"parties": 2, "kind": "neighbour"}


async def test_posts_are_audited_and_an_idempotency_key_is_honoured(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    form = spec_example(api_key(callers))
    first = await post(client, form, **{"Idempotency-Key": "open311-retry-1"})
    again = await post(client, form, **{"Idempotency-Key": "open311-retry-1"})

    assert first.status_code == again.status_code == 201, first.text
    assert again.json() == first.json()
    assert again.headers.get("idempotent-replayed") == "true"
    calls = await client.get("/v1/partner-calls", headers=callers.street_secretary("S1"))
    open311_calls = [c for c in calls.json()["items"] if c["path"].startswith(OPEN311)]
    assert open311_calls, calls.text
    assert {c["client_id"] for c in open311_calls} == {"city-311"}
    assert all(c["method"] == "POST" and c["status"] == 201 for c in open311_calls)
