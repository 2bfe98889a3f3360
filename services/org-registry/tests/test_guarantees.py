import csv
import io
from typing import Any

import httpx
import pytest
from factories import count_rows
from fastapi import FastAPI
from openpyxl import load_workbook
from org_registry_world import World

Staff = dict[str, dict[str, str]]
GOOD = {
    "staff_count": 12,
    "party_building_fund": 50_000,
    "work_funds": 195_000,
    "venue_area_m2": 300,
    "staff_allowance_monthly": 3_800,
    "secretary_allowance_monthly": 500,
}


async def test_recording_creates_then_replaces_the_years_figures(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    path = f"/v1/resource-guarantees/{world.ids['A1']}/2024"
    first = await client.put(path, json=GOOD, headers=staff["sec-a1"])
    assert first.status_code == 201
    second = await client.put(path, json={**GOOD, "staff_count": 13}, headers=staff["sec-a1"])
    assert (second.status_code, second.json()["staff_count"], second.json()["id"]) == (
        200,
        13,
        first.json()["id"],
    )


@pytest.mark.parametrize(
    ("path_year", "change", "field"),
    [
        ("2024", {"party_building_fund": -1}, "body.party_building_fund"),
        ("2024", {"work_funds": -195_000}, "body.work_funds"),
        ("2024", {"staff_count": -1}, "body.staff_count"),
        ("1999", {}, "path.year"),
        ("2024", {"staff_count": None}, "body.staff_count"),
    ],
)
async def test_negative_or_missing_figures_are_422_and_write_nothing(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: Staff,
    path_year: str,
    change: dict[str, Any],
    field: str,
) -> None:
    response = await client.put(
        f"/v1/resource-guarantees/{world.ids['A1']}/{path_year}",
        json={**GOOD, **change},
        headers=staff["sec-a1"],
    )
    assert (response.status_code, response.json()["errors"][0]["field"]) == (422, field)
    assert await count_rows(app, "resource_guarantees") == 0


async def test_the_compliance_report_names_every_shortfall(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a"]
    await client.put(f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=sec)
    poor = {
        **GOOD,
        "staff_count": 9,
        "work_funds": 150_000,
        "staff_allowance_monthly": 4_500,
        "secretary_allowance_monthly": 300,
    }
    await client.put(f"/v1/resource-guarantees/{world.ids['A2']}/2024", json=poor, headers=sec)
    report = (await client.get("/v1/resource-guarantees/compliance?year=2024", headers=sec)).json()
    assert (report["communities"], report["compliant"]) == (2, 1)
    rows = {r["community_name"]: r for r in report["rows"]}
    assert rows["A1名称"]["shortfalls"] == []
    assert [
        (s["field"], s["problem"], s["required"], s["actual"]) for s in rows["A2名称"]["shortfalls"]
    ] == [
        ("staff_count", "below_minimum", 12, 9),
        ("work_funds", "below_minimum", 195_000, 150_000),
        ("secretary_allowance_monthly", "below_minimum", 500, 300),
        ("staff_allowance_monthly", "above_maximum", 4_100, 4_500),
    ]
    next_year = (
        await client.get("/v1/resource-guarantees/compliance?year=2025", headers=sec)
    ).json()
    assert {r["shortfalls"][0]["problem"] for r in next_year["rows"]} == {"not_recorded"}


async def test_minimums_are_configurable(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    app.state.settings.guarantee_min_staff = 20
    sec = staff["sec-a1"]
    await client.put(f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=sec)
    report = (await client.get("/v1/resource-guarantees/compliance?year=2024", headers=sec)).json()
    assert report["minimums"]["staff_count"] == 20
    assert [s["field"] for s in report["rows"][0]["shortfalls"]] == ["staff_count"]


async def test_the_csv_export_has_one_line_per_shortfall(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a"]
    await client.put(f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=sec)
    response = await client.get("/v1/resource-guarantees/compliance.csv?year=2024", headers=sec)
    assert response.headers["content-type"].startswith("text/csv")
    lines = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert lines == [
        [
            "year",
            "community_id",
            "community_name",
            "compliant",
            "field",
            "problem",
            "required",
            "actual",
        ],
        ["2024", str(world.ids["A1"]), "A1名称", "yes", "", "", "", ""],
        ["2024", str(world.ids["A2"]), "A2名称", "no", "record", "not_recorded", "", ""],
    ]


async def test_guarantees_stay_in_scope(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    other = staff["sec-b1"]
    put = await client.put(
        f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=other
    )
    assert put.status_code == 404
    await client.put(
        f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=staff["sec-a1"]
    )
    assert (await client.get("/v1/resource-guarantees", headers=other)).json()["items"] == []
    report = (
        await client.get("/v1/resource-guarantees/compliance?year=2024", headers=other)
    ).json()
    assert [r["community_name"] for r in report["rows"]] == ["B1名称"]
    assert (
        await client.get("/v1/resource-guarantees/compliance", headers=other)
    ).status_code == 422


def _sheet_rows(content: bytes) -> dict[str, list[tuple[Any, ...]]]:
    book = load_workbook(io.BytesIO(content), read_only=True)
    return {sheet.title: list(sheet.iter_rows(values_only=True)) for sheet in book.worksheets}


async def test_the_excel_export_names_every_shortfall_and_keeps_the_figures(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    sec = staff["sec-a"]
    a1, a2 = str(world.ids["A1"]), str(world.ids["A2"])
    await client.put(f"/v1/resource-guarantees/{a1}/2024", json=GOOD, headers=sec)
    poor = {**GOOD, "work_funds": 150_000, "staff_allowance_monthly": 4_500}
    await client.put(f"/v1/resource-guarantees/{a2}/2024", json=poor, headers=sec)
    response = await client.get("/v1/resource-guarantees/compliance.xlsx?year=2024", headers=sec)
    assert response.status_code == 200
    assert response.headers["content-type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert response.headers["content-disposition"] == (
        'attachment; filename="resource-guarantees-2024.xlsx"'
    )
    sheets = _sheet_rows(response.content)
    assert list(sheets) == ["不达标项", "原始数据"]
    assert sheets["不达标项"] == [
        ("年度", "社区", "社区ID", "是否达标", "项目", "问题", "标准", "实际"),
        (2024, "A1名称", a1, "是", None, None, None, None),
        (2024, "A2名称", a2, "否", "工作经费（元/年）", "低于下限", 195_000, 150_000),
        (2024, "A2名称", a2, "否", "工作人员补贴（元/月）", "高于上限", 4_100, 4_500),
    ]
    assert sheets["原始数据"] == [
        (
            "年度",
            "社区",
            "社区ID",
            "工作人员数（人）",
            "党建经费（元/年）",
            "工作经费（元/年）",
            "活动场所面积（平方米）",
            "工作人员补贴（元/月）",
            "居民小组党支部书记补贴（元/月）",
        ),
        (2024, "A1名称", a1, 12, 50_000, 195_000, 300, 3_800, 500),
        (2024, "A2名称", a2, 12, 50_000, 150_000, 300, 4_500, 500),
    ]


async def test_the_excel_export_stays_in_scope_and_checks_its_year(
    world: World, client: httpx.AsyncClient, staff: Staff
) -> None:
    await client.put(
        f"/v1/resource-guarantees/{world.ids['A1']}/2024", json=GOOD, headers=staff["sec-a1"]
    )
    path = "/v1/resource-guarantees/compliance.xlsx"
    response = await client.get(f"{path}?year=2024", headers=staff["sec-b1"])
    sheets = _sheet_rows(response.content)
    b1 = str(world.ids["B1"])
    assert sheets["不达标项"][1:] == [
        (2024, "B1名称", b1, "否", "年度保障记录", "未填报", None, None)
    ]
    assert sheets["原始数据"][1:] == [(2024, "B1名称", b1, None, None, None, None, None, None)]
    bad_year = await client.get(f"{path}?year=1999", headers=staff["sec-b1"])
    assert (bad_year.status_code, bad_year.json()["errors"][0]["field"]) == (422, "query.year")
    assert (await client.get(f"{path}?year=2024")).status_code == 401
