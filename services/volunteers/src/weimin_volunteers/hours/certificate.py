"""The printable service certificate (PDF): who, how many confirmed hours, which star
level, and the latest ledger lines, in Chinese. Needs a CJK font on the host (Noto Sans
CJK by default; `WEIMIN_VOLUNTEERS_CERTIFICATE_FONT_PATH` names another)."""

from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from fpdf import FPDF

from weimin_kit.errors import Problem
from weimin_volunteers.hours.models import HoursEntry
from weimin_volunteers.registry.models import Volunteer
from weimin_volunteers.registry.service import LOCAL_TIME

FONT_CANDIDATES = (
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
    "/usr/share/fonts/noto-cjk/NotoSansCJK-Regular.ttc",
    "/System/Library/Fonts/PingFang.ttc",
)
STARS = "★"
KIND_NAMES = {"shift": "活动", "manual": "录入", "reversal": "更正"}


class CertificateUnavailable(Problem):
    status_code = 503
    code = "certificate-unavailable"
    title = "Service certificates cannot be printed on this server"
    title_zh = "此服务器无法打印服务证明"


def find_font(configured: str | None) -> Path:
    for candidate in ([configured] if configured else []) + list(FONT_CANDIDATES):
        if Path(candidate).is_file():
            return Path(candidate)
    raise CertificateUnavailable(
        "No CJK font found; set WEIMIN_VOLUNTEERS_CERTIFICATE_FONT_PATH to a .ttf/.ttc file"
    )


def render_certificate(
    volunteer: Volunteer,
    minutes: int,
    stars: int,
    latest: Sequence[HoursEntry],
    issued_at: datetime,
    font: Path,
) -> bytes:
    pdf = FPDF(orientation="P", unit="mm", format="A4")
    pdf.set_title("志愿服务证明")
    pdf.set_creator("Weimin")
    pdf.add_page()
    # Sans CJK: the first face of the collection is Japanese; 2 is Simplified Chinese.
    index = 2 if font.suffix.lower() == ".ttc" and "Noto" in font.name else 0
    pdf.add_font("cjk", "", str(font), collection_font_number=index)
    pdf.set_font("cjk", size=24)
    pdf.cell(0, 20, "志愿服务证明", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("cjk", size=13)
    local_day = issued_at.astimezone(LOCAL_TIME).strftime("%Y年%m月%d日")
    pdf.multi_cell(
        0,
        9,
        f"兹证明 {volunteer.display_name} 同志（志愿者编号 {volunteer.id}）"
        f"截至 {local_day} 累计经确认的志愿服务时长为 {minutes / 60:.1f} 小时，"
        f"服务星级为{stars}星{STARS * stars}。",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    pdf.set_font("cjk", size=11)
    pdf.cell(0, 8, "最近服务记录", new_x="LMARGIN", new_y="NEXT")
    for entry in latest:
        day = entry.created_at.astimezone(LOCAL_TIME).strftime("%Y-%m-%d")
        kind = KIND_NAMES.get(entry.kind, entry.kind)
        line = f"{day}  {kind}  {entry.minutes / 60:+.1f} 小时  {entry.reason[:40]}"
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(10)
    pdf.cell(0, 8, f"出具日期：{local_day}", align="R", new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())
