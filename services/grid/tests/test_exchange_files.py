"""The exchange's file fallback: population and addresses imported from CSV or JSON files
and answered as their batches are; addresses and shared incidents exported as files that
import back unchanged."""

import csv
import io
import json
import uuid
from typing import Any

import httpx
from grid_world import Callers, World
from incident_helpers import report
from integration_helpers import WRITE_POPULATION, home_address, person, send

from weimin_grid.integration.files import PERSON_COLUMNS

ADDRESSES = ("integration:addresses.read", "integration:addresses.write")
HAZARD = {"category_code": "0401", "title": "配电箱漏电", "extra": {"hazard": "electric"}}


def csv_file(records: list[dict[str, Any]], columns: tuple[str, ...]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns)
    writer.writeheader()
    writer.writerows(records)
    return "\ufeff".encode() + out.getvalue().encode()


async def upload(
    client: httpx.AsyncClient, path: str, headers: dict[str, str], body: bytes, media: str
) -> httpx.Response:
    return await client.post(
        path,
        content=body,
        headers={**headers, "Content-Type": media, "Idempotency-Key": uuid.uuid4().hex},
    )


def twenty_with_three_bad(first: int, code: str) -> list[dict[str, Any]]:
    records = [person(n, code) for n in range(first, first + 20)]
    records[2]["id_card_number"] = records[2]["id_card_number"][:-1] + "X"
    records[7]["phone"] = "12345"
    records[14]["registration"] = "tourist"
    return records


def outcomes(answer: dict[str, Any]) -> list[tuple[str, list[dict[str, str]]]]:
    return [(r["outcome"], r["issues"]) for r in answer["results"]]


async def test_a_population_csv_is_answered_as_its_json_batch(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE_POPULATION)
    file_code = await home_address(client, world, callers, "A")
    batch_code = await home_address(client, world, callers, "B")
    from_file = await upload(
        client, "/integration/v1/population/files", partner,
        csv_file(twenty_with_three_bad(0, file_code), PERSON_COLUMNS.all), "text/csv",
    )  # fmt: skip
    assert from_file.status_code == 200, from_file.text
    answer = from_file.json()
    assert answer["counts"] == {"accepted": 17, "rejected": 3}
    rejected = [(r["index"], r["issues"][0]["field"]) for r in answer["results"] if r["issues"]]
    # `index` is the data row: the header is not counted.
    assert rejected == [(3, "id_card_number"), (8, "phone"), (15, "registration")]

    batch = (await send(client, partner, twenty_with_three_bad(100, batch_code))).json()
    assert outcomes(batch) == outcomes(answer)
    assert [r["index"] + 1 for r in batch["results"]] == [r["index"] for r in answer["results"]]

    # The same file under the same key: the first answer again, nothing stored twice.
    body = csv_file(twenty_with_three_bad(0, file_code), PERSON_COLUMNS.all)
    keyed = {**partner, "Content-Type": "text/csv", "Idempotency-Key": "file-0001"}
    first = await client.post("/integration/v1/population/files", content=body, headers=keyed)
    replay = await client.post("/integration/v1/population/files", content=body, headers=keyed)
    assert replay.headers.get("idempotent-replayed") == "true"
    assert replay.json() == first.json()

    # The same people as a JSON file: nothing new.
    again = await upload(
        client, "/integration/v1/population/files", partner,
        json.dumps(twenty_with_three_bad(0, file_code)).encode(), "application/json",
    )  # fmt: skip
    assert again.json()["counts"] == {"unchanged": 17, "rejected": 3}


async def test_a_file_that_cannot_be_read_is_refused_whole_naming_why(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=WRITE_POPULATION)
    path = "/integration/v1/population/files"
    records = [person(n, "532999HOMEX") for n in range(3)]
    no_ethnicity = tuple(c for c in PERSON_COLUMNS.all if c != "ethnicity")
    missing = await upload(client, path, partner, csv_file(
        [{k: v for k, v in r.items() if k != "ethnicity"} for r in records], no_ethnicity
    ), "text/csv")  # fmt: skip
    assert missing.status_code == 422
    assert missing.json()["errors"][0]["field"] == "file.ethnicity"
    assert "ethnicity" in missing.json()["errors"][0]["reason"]

    extra = [{**r, "remark": "x"} for r in records]
    unknown = await upload(
        client, path, partner, csv_file(extra, (*PERSON_COLUMNS.all, "remark")), "text/csv"
    )
    assert (unknown.status_code, unknown.json()["errors"][0]["field"]) == (422, "file.remark")

    gbk = csv_file(records, PERSON_COLUMNS.all).decode("utf-8-sig").encode("gbk")
    encoding = await upload(client, path, partner, gbk, "text/csv")
    assert (encoding.status_code, encoding.json()["errors"][0]["code"]) == (422, "bad-encoding")

    many = [person(n, "532999HOMEX") for n in range(1001)]
    too_many = await upload(client, path, partner, csv_file(many, PERSON_COLUMNS.all), "text/csv")
    assert (too_many.status_code, too_many.json()["code"]) == (413, "too-many-records")
    assert "1000" in too_many.json()["detail"]

    spreadsheet = await upload(client, path, partner, b"PK\x03\x04", "application/vnd.ms-excel")
    assert spreadsheet.status_code == 422
    bare = await client.post(path, content=b"[]", headers={**partner, "Content-Type": "text/csv"})
    assert bare.status_code == 428


def address(n: int, grid_code: str, **changes: Any) -> dict[str, Any]:
    return {
        "code": f"532999FILE{n:04d}",
        "grid_unit_code": grid_code,
        "province": "云南省",
        "city": "大理白族自治州",
        "county": "大理市",
        "town": "下关街道",
        "community": "测试社区",
        "road": "文件路",
        "number": str(n),
        "building": None if n % 2 else "2",
        "unit": None,
        "floor": None,
        "room": None,
        **changes,
    }


async def test_exported_addresses_import_back_unchanged(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=ADDRESSES)
    ours = [address(n, world.grid_codes["A" if n % 2 else "C"]) for n in range(1, 7)]
    others = callers.partner("street:S2", ADDRESSES, client="police-2")
    for sender, rows in ((partner, ours), (others, [address(99, world.grid_codes["D"])])):
        stored = await client.post(
            "/integration/v1/addresses/batches",
            json={"records": rows},
            headers={**sender, "Idempotency-Key": uuid.uuid4().hex},
        )
        assert set(stored.json()["counts"]) == {"created"}, stored.text

    exported = await client.get("/integration/v1/addresses/export?format=csv", headers=partner)
    assert exported.status_code == 200
    assert exported.headers["content-type"] == "text/csv; charset=utf-8"
    assert exported.headers["content-disposition"].startswith('attachment; filename="addresses-')
    assert exported.content.startswith("\ufeff".encode())
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert sorted(row["code"] for row in rows) == sorted(row["code"] for row in ours)
    assert rows[0].keys() == ours[0].keys()

    back = await upload(
        client, "/integration/v1/addresses/files", partner, exported.content, "text/csv"
    )
    assert back.status_code == 200, back.text
    assert back.json()["counts"] == {"unchanged": 6}

    as_json = await client.get("/integration/v1/addresses/export?format=json", headers=partner)
    assert as_json.headers["content-type"] == "application/json"
    assert sorted(as_json.json(), key=lambda a: a["code"]) == ours
    back = await upload(
        client, "/integration/v1/addresses/files", partner, as_json.content, "application/json"
    )
    assert back.json()["counts"] == {"unchanged": 6}


async def test_the_incident_export_holds_the_shared_incidents_of_the_area_thin(
    client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    partner = callers.partner(scopes=("integration:incidents.read",))
    shared = await report(client, callers.community_secretary("C1"), "A", **HAZARD)
    await report(client, callers.community_secretary("C1"), "A")  # rubbish: not shared
    await report(client, callers.community_secretary("C3"), "D", **HAZARD)  # another street
    exported = await client.get("/integration/v1/incidents/export?format=csv", headers=partner)
    assert exported.status_code == 200
    assert exported.headers["content-disposition"].startswith('attachment; filename="incidents-')
    rows = list(csv.DictReader(io.StringIO(exported.content.decode("utf-8-sig"))))
    assert [(row["incident_id"], row["exchange_state"]) for row in rows] == [(shared["id"], "new")]
    assert set(rows[0]).isdisjoint({"title", "description", "reporter_name", "caller_name"})
    as_json = await client.get("/integration/v1/incidents/export?format=json", headers=partner)
    assert [{k: str(v) for k, v in r.items()} for r in as_json.json()] == rows
    later = await client.get(
        "/integration/v1/incidents/export",
        params={"format": "json", "since": "2099-01-01T00:00:00+08:00"},
        headers=partner,
    )
    assert later.json() == []
