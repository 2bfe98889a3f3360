import csv
import io
import uuid
from datetime import date, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from grid_world import Callers, World, bad_checksum, id_card, unmasked_values
from openpyxl import Workbook, load_workbook
from sqlalchemy import event, func, select

from weimin_grid.registry.models import Building, Resident
from weimin_grid.transfer import service as transfer_service
from weimin_grid.transfer.models import ExportAudit

CSV = {"Content-Type": "text/csv"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
RESIDENT_HEADER = (
    "household_address,name,id_card_number,phone,ethnicity,registration,care_tags,"
    "relation_to_head\n"
)


def residents_csv(household_address: str) -> str:
    return RESIDENT_HEADER + "".join(
        [
            f"{household_address},杨一,{id_card(11)},13900001111,白族,registered,"
            "elderly_alone|low_income,户主\n",
            f"{household_address},杨二,{bad_checksum(id_card(12))},,白族,registered,,妻子\n",
            f"{household_address},杨三,{id_card(13, date(2001, 2, 3), male=False)},,汉族,"
            "floating,,女儿\n",
            f"{household_address},杨四,{id_card(14)},12345,白族,registered,,儿子\n",
            f"大理市没有这个地址,杨五,{id_card(15)},,白族,registered,,户主\n",
            f"{household_address},杨六,{id_card(16)},,白族,tourist,,户主\n",
        ]
    )


async def household_address(client: httpx.AsyncClient, world: World, callers: Callers) -> str:
    response = await client.get(
        "/v1/households",
        params={"building_id": str(world.buildings["A"])},
        headers=callers.admin(),
    )
    address: str = response.json()["items"][0]["address"]
    return address


async def resident_count(app: FastAPI) -> int:
    async with app.state.database.sessionmaker() as session:
        return int(await session.scalar(select(func.count()).select_from(Resident)) or 0)


async def test_good_rows_land_and_bad_rows_are_reported_with_row_field_and_reason(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    address = await household_address(client, world, callers)
    body = residents_csv(address).encode()
    worker = {**callers.grid_worker("A"), **CSV}
    response = await client.post("/v1/imports/residents", content=body, headers=worker)
    assert response.status_code == 201, response.text
    run = response.json()
    assert (run["rows"], run["created"], run["unchanged"], run["failed"]) == (6, 2, 0, 4)
    assert [(e["row"], e["field"]) for e in run["errors"]] == [
        (3, "id_card_number"),
        (5, "phone"),
        (6, "household_address"),
        (7, "registration"),
    ]
    assert await resident_count(app) == 4 + 2
    report = await client.get(f"/v1/imports/{run['id']}/errors.csv", headers=worker)
    lines = list(csv.reader(io.StringIO(report.text.lstrip("\ufeff"))))
    assert lines[0] == ["row", "field", "reason"]
    assert [line[:2] for line in lines[1:]] == [
        ["3", "id_card_number"],
        ["5", "phone"],
        ["6", "household_address"],
        ["7", "registration"],
    ]


async def test_importing_the_same_file_twice_creates_nothing_the_second_time(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    body = residents_csv(await household_address(client, world, callers)).encode()
    headers = {**callers.admin(), **CSV}
    await client.post("/v1/imports/residents", content=body, headers=headers)
    again = (await client.post("/v1/imports/residents", content=body, headers=headers)).json()
    assert (again["created"], again["unchanged"], again["failed"]) == (0, 2, 4)
    assert await resident_count(app) == 6


TOO_FEW_VISIBLE = (
    "needs at least 1 visible character (spaces and invisible characters do not count)"
)


async def test_imported_names_follow_the_apis_text_rules(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    address = await household_address(client, world, callers)
    body = RESIDENT_HEADER + "".join(
        [
            f"{address},杨\u202e一,{id_card(21)},,白族,registered,,户主\n",
            f"{address},\u200b,{id_card(22)},,白族,registered,,户主\n",
            f"{address},  阿依古丽·买买提\u200b ,{id_card(23)},,维吾尔族,registered,,户主\n",
            f"{address},Jose\u0301,{id_card(24)},,白族,registered,,户\x00主\n",
        ]
    )
    worker = {**callers.grid_worker("A"), **CSV}
    run = (await client.post("/v1/imports/residents", content=body.encode(), headers=worker)).json()
    assert (run["created"], run["failed"]) == (1, 3)
    assert run["errors"] == [
        {
            "row": 2,
            "field": "name",
            "reason": "contains a control or formatting character (U+202E)",
        },
        {"row": 3, "field": "name", "reason": TOO_FEW_VISIBLE},
        {
            "row": 5,
            "field": "relation_to_head",
            "reason": "contains a control or formatting character (U+0000)",
        },
    ]
    async with app.state.database.sessionmaker() as session:
        names = set(await session.scalars(select(Resident.name)))
    assert "阿依古丽·买买提" in names


def many_residents_csv(household_address: str, count: int) -> str:
    """`count` new residents with distinct identity numbers (born in the 1990s)."""
    return RESIDENT_HEADER + "".join(
        f"{household_address},杨{n},{id_card(n % 500, date(1990, 1, 1) + timedelta(n // 500))},"
        ",白族,registered,,户主\n"
        for n in range(count)
    )


async def test_chunks_keep_row_numbers_and_count_repeats_within_and_across_chunks_once(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(transfer_service, "CHUNK_ROWS", 2)
    address = await household_address(client, world, callers)
    repeated = f"{address},杨一,{id_card(11)},,白族,registered,,户主\n"
    body = residents_csv(address) + repeated + repeated  # rows 8 and 9 repeat row 2
    headers = {**callers.admin(), **CSV}
    run = await client.post("/v1/imports/residents", content=body.encode(), headers=headers)
    assert (run.json()["created"], run.json()["unchanged"], run.json()["failed"]) == (2, 2, 4)
    assert [e["row"] for e in run.json()["errors"]] == [3, 5, 6, 7]
    households = (
        "building_address,door_number,address\n"
        "大理市测试路1号1栋,9-901,大理市测试路1号1栋9-901室\n"
        "大理市测试路1号1栋,9-901,大理市测试路1号1栋9-901室\n"
        "大理市测试路1号1栋,9-902,大理市测试路1号1栋9-902室\n"
        "大理市测试路1号1栋,9-902,大理市测试路1号1栋9-902号\n"  # same door, same chunk
        "大理市测试路1号1栋,9-901,大理市测试路1号1栋9-901室\n"
    )
    made = await client.post("/v1/imports/households", content=households.encode(), headers=headers)
    assert (made.json()["created"], made.json()["unchanged"]) == (2, 3), made.text
    assert await resident_count(app) == 6


@pytest.mark.parametrize("kind", ["residents", "households"])
async def test_a_repeat_of_the_row_still_being_written_counts_as_unchanged(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    # One row to a chunk: each row is looked up while the row before it is being written.
    monkeypatch.setattr(transfer_service, "CHUNK_ROWS", 1)
    address = await household_address(client, world, callers)
    if kind == "residents":
        first = f"{address},杨一,{id_card(11)},,白族,registered,,户主\n"
        second = f"{address},杨二,{id_card(12)},,白族,registered,,妻子\n"
        body = RESIDENT_HEADER + first + first + second + first + second
    else:
        first = "大理市测试路1号1栋,8-801,大理市测试路1号1栋8-801室\n"
        second = "大理市测试路1号1栋,8-802,大理市测试路1号1栋8-802室\n"
        body = "building_address,door_number,address\n" + first + first + second + first + second
    run = await client.post(
        f"/v1/imports/{kind}", content=body.encode(), headers={**callers.admin(), **CSV}
    )
    assert (run.json()["created"], run.json()["unchanged"], run.json()["failed"]) == (2, 3, 0)
    if kind == "residents":
        assert await resident_count(app) == 4 + 2


async def test_an_import_reads_the_database_a_chunk_at_a_time_not_a_row_at_a_time(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    rows = 2 * transfer_service.CHUNK_ROWS + 10
    body = many_residents_csv(await household_address(client, world, callers), rows).encode()
    statements: list[str] = []

    def count(*args: Any) -> None:
        statements.append(args[2])

    engine = app.state.database.engine.sync_engine
    event.listen(engine, "before_cursor_execute", count)
    try:
        run = await client.post(
            "/v1/imports/residents", content=body, headers={**callers.admin(), **CSV}
        )
    finally:
        event.remove(engine, "before_cursor_execute", count)
    assert (run.json()["created"], run.json()["failed"]) == (rows, 0), run.text
    assert await resident_count(app) == 4 + rows
    number = id_card(3, date(1990, 1, 1))
    found = await client.get(
        "/v1/residents",
        params={"id_card_number": number},
        headers=callers.admin(),
    )
    [resident] = found.json()["items"]
    # Written in bulk (COPY on PostgreSQL), yet whole: defaults, derived and sealed fields.
    assert (resident["name"], resident["gender"], resident["birth_date"]) == (
        "杨3",
        "male",
        "1990-01-01",
    )
    assert (resident["version"], resident["care_tags"], resident["phone"]) == (1, [], None)
    assert resident["id_card_number"] == number[:4] + "*" * 12 + number[-2:]
    assert resident["created_at"] <= resident["updated_at"]
    resident_reads = [s for s in statements if s.lstrip().upper().startswith("SELECT")]
    # Per chunk: its households, then its identity numbers (500 to an IN list); the
    # principal's and the request's own reads come on top. Row by row would be thousands.
    assert len(resident_reads) <= 3 * (1 + 2) + 5, resident_reads


async def test_buildings_and_households_import_from_an_xlsx_workbook(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    unit = (await client.get(f"/v1/grid-units/{world.grids['A']}", headers=callers.admin())).json()
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["grid_unit_code", "address", "lon", "lat", "floors"])
    sheet.append([unit["code"], "大理市测试路1号2栋", 100.2051, 25.6052, 5])
    sheet.append([unit["code"], "大理市测试路1号3栋", "east", 25.6052, 5])
    file = io.BytesIO()
    book.save(file)
    headers = {**callers.community_secretary("C1"), "Content-Type": XLSX}
    run = await client.post("/v1/imports/buildings", content=file.getvalue(), headers=headers)
    assert (run.json()["created"], run.json()["failed"]) == (1, 1)
    assert run.json()["errors"] == [{"row": 3, "field": "lon", "reason": "not a number"}]
    households = (
        "building_address,door_number,address\n大理市测试路1号2栋,1-101,大理市测试路1号2栋1-101室\n"
    )
    made = await client.post(
        "/v1/imports/households",
        content=households.encode(),
        headers={**callers.grid_worker("A"), **CSV},
    )
    assert made.json()["created"] == 1


async def test_rows_outside_the_importers_scope_are_refused(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    body = residents_csv(await household_address(client, world, callers)).encode()
    response = await client.post(
        "/v1/imports/residents", content=body, headers={**callers.grid_worker("B"), **CSV}
    )
    assert response.json()["created"] == 0
    assert {e["field"] for e in response.json()["errors"]} == {"household_address"}
    other = await client.get(
        f"/v1/imports/{response.json()['id']}", headers=callers.grid_worker("A")
    )
    assert other.status_code == 404


@pytest.mark.parametrize(
    ("content", "content_type", "field"),
    [
        (b"name,phone\n\xe6,1\n", "text/csv", "file"),
        ("name,phone\n杨,1\n".encode(), "text/csv", "file"),
        (b"", "text/csv", "file"),
        (b"not a workbook", XLSX, "file"),
        (b"a,b\n", "application/json", "header.content-type"),
    ],
)
async def test_unreadable_files_are_refused_and_nothing_is_written(
    app: FastAPI,
    client: httpx.AsyncClient,
    world: World,
    callers: Callers,
    content: bytes,
    content_type: str,
    field: str,
) -> None:
    response = await client.post(
        "/v1/imports/residents",
        content=content,
        headers={**callers.admin(), "Content-Type": content_type},
    )
    assert response.status_code == 422, response.text
    assert response.json()["errors"][0]["field"] == field
    assert await resident_count(app) == 4


async def test_exports_hold_the_callers_scope_masked_and_are_audited(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    response = await client.get("/v1/exports/residents", headers=callers.community_secretary("C1"))
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text.lstrip("\ufeff"))))
    assert sorted(r["name"] for r in rows) == ["杨A松", "杨B松"]
    assert unmasked_values(rows) == []
    async with app.state.database.sessionmaker() as session:
        audit = await session.get(ExportAudit, uuid.UUID(response.headers["x-export-audit-id"]))
    assert audit is not None
    assert (audit.principal_subject, audit.kind, audit.rows) == ("secretary-C1", "residents", 2)


async def test_an_xlsx_export_reimports_without_duplicates(
    app: FastAPI, client: httpx.AsyncClient, world: World, callers: Callers
) -> None:
    exported = await client.get(
        "/v1/exports/buildings", params={"format": "xlsx"}, headers=callers.grid_worker("D")
    )
    sheet = load_workbook(io.BytesIO(exported.content)).worksheets[0]
    values = list(sheet.iter_rows(values_only=True))
    assert values[0] == ("grid_unit_code", "address", "lon", "lat", "floors")
    assert len(values) == 2
    again = await client.post(
        "/v1/imports/buildings",
        content=exported.content,
        headers={**callers.grid_worker("D"), "Content-Type": XLSX},
    )
    assert (again.json()["created"], again.json()["unchanged"]) == (0, 1)
    async with app.state.database.sessionmaker() as session:
        assert await session.scalar(select(func.count()).select_from(Building)) == 4


async def test_exports_need_a_staff_role_and_a_known_kind(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    resident = await client.get(
        "/v1/exports/residents", headers=callers.keys.headers(roles=["resident"])
    )
    unknown = await client.get("/v1/exports/pets", headers=callers.admin())
    bad_format = await client.get("/v1/exports/residents?format=pdf", headers=callers.admin())
    assert resident.status_code == 403
    assert unknown.json()["errors"][0]["field"] == "path.kind"
    assert bad_format.json()["errors"][0]["field"] == "query.format"
