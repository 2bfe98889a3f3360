"""The compliance report as an Excel workbook: every shortfall on the first sheet, the raw
figures on the second. Headers and labels are Chinese, for the street office's staff."""

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from weimin_org_registry.guarantees.models import AMOUNTS, ResourceGuarantee
from weimin_org_registry.guarantees.schemas import ComplianceReport
from weimin_org_registry.organisations.models import Organisation

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
SHORTFALL_SHEET = "不达标项"
FIGURES_SHEET = "原始数据"

FIELD_LABELS = {
    "record": "年度保障记录",
    "staff_count": "工作人员数（人）",
    "party_building_fund": "党建经费（元/年）",
    "work_funds": "工作经费（元/年）",
    "venue_area_m2": "活动场所面积（平方米）",
    "staff_allowance_monthly": "工作人员补贴（元/月）",
    "secretary_allowance_monthly": "居民小组党支部书记补贴（元/月）",
}
PROBLEM_LABELS = {
    "not_recorded": "未填报",
    "below_minimum": "低于下限",
    "above_maximum": "高于上限",
}
SHORTFALL_HEADERS = ("年度", "社区", "社区ID", "是否达标", "项目", "问题", "标准", "实际")
FIGURES_HEADERS = ("年度", "社区", "社区ID", *(FIELD_LABELS[a] for a in AMOUNTS))


def _sheet(book: Workbook, title: str, headers: Sequence[str], first: bool) -> Worksheet:
    sheet = book.active if first else book.create_sheet()
    assert isinstance(sheet, Worksheet)
    sheet.title = title
    sheet.append(list(headers))
    sheet.freeze_panes = "A2"
    return sheet


def compliance_workbook(
    report: ComplianceReport,
    figures: Sequence[tuple[Organisation, ResourceGuarantee | None]],
) -> bytes:
    """One line per shortfall (a compliant community gets one line saying so); the raw
    figures one line per community, empty where nothing was recorded."""
    book = Workbook()
    shortfalls = _sheet(book, SHORTFALL_SHEET, SHORTFALL_HEADERS, first=True)
    for row in report.rows:
        place = [report.year, row.community_name, str(row.community_id)]
        if row.compliant:
            shortfalls.append([*place, "是", None, None, None, None])
        for s in row.shortfalls:
            shortfalls.append(
                [
                    *place,
                    "否",
                    FIELD_LABELS[s.field],
                    PROBLEM_LABELS[s.problem],
                    s.required,
                    s.actual,
                ]
            )
    raw = _sheet(book, FIGURES_SHEET, FIGURES_HEADERS, first=False)
    for community, guarantee in figures:
        values = [getattr(guarantee, a) if guarantee else None for a in AMOUNTS]
        raw.append([report.year, community.name, str(community.id), *values])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
