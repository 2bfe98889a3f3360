"""The words of each notice (zh-CN, the users' language), kept in one place like a locale
file. Every text is built from the category catalogue, state codes and a short reference:
never the report's own free text, a name or an address, so a notice can be shown on a
lock screen. The structured `data` of each notice lets a client localise it instead."""

from weimin_grid.incidents.catalogue import CATEGORIES

STATE_WORDS = {
    "accepted": "已受理",
    "assigned": "已派单",
    "in_progress": "正在处置",
    "resolved": "已办结",
    "rejected": "未予受理",
    "duplicate": "已并入相同事件",
    "closed": "已结案",
    "reopened": "已重新办理",
}

LEVEL_WORDS = {"grid": "网格", "community": "社区", "street": "街道"}


def reference(incident_id: object) -> str:
    """A short reference a person can read out on the phone: the id's last 8 characters."""
    return str(incident_id)[-8:]


def _category_name(code: str) -> str:
    category = CATEGORIES.get(code)
    return category.name if category is not None else code


def state_changed(category_code: str, state: str, incident_id: object) -> tuple[str, str]:
    words = STATE_WORDS[state]
    name, ref = _category_name(category_code), reference(incident_id)
    return f"您上报的事件{words}", f"您上报的「{name}」事件（编号 {ref}）{words}。"


def satisfaction_question(category_code: str, incident_id: object) -> tuple[str, str]:
    return (
        "请评价事件处理结果",
        f"您上报的「{_category_name(category_code)}」事件（编号 {reference(incident_id)}）"
        "已办结，请为处理结果打分（1–5 分）。",
    )


def overdue(category_code: str, level: str, incident_id: object) -> tuple[str, str]:
    return (
        "事件已超期",
        f"「{_category_name(category_code)}」事件（编号 {reference(incident_id)}）"
        f"已超过办理时限，当前在{LEVEL_WORDS.get(level, level)}层级办理，请督办。",
    )
