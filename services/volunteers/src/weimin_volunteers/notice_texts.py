"""The words of each notice a volunteer reads in their inbox (zh-CN, the users' language),
kept in one place like a locale file. A notice is stored once, in these words."""

from datetime import datetime, timedelta, timezone

# China keeps one time zone without daylight saving: a start time is told in it.
CHINA_TIME = timezone(timedelta(hours=8), "CST")


def task_offered(title: str) -> str:
    return f"有一项任务派给您：{title}"


def task_assigned(title: str) -> str:
    return f"这项任务由您承接：{title}"


def open_task_nearby(title: str) -> str:
    return f"您附近有一项新任务：{title}"


def urgent_help_nearby(title: str) -> str:
    return f"您附近急需援助：{title}"


def shift_reminder(activity_title: str, starts_at: datetime) -> str:
    when = starts_at.astimezone(CHINA_TIME).strftime("%m月%d日 %H:%M")
    return f"提醒：{activity_title}将于 {when} 开始"


PLACE_FREED = "有名额空出：您已确认参加该班次。"


def incident_task_title(category_code: str) -> str:
    """A task opened for an incident asking for hands (the grid's category code: its
    catalogue's names are the grid's, not ours)."""
    return f"事件求助：{category_code}"


def incident_task_description(skills: list[str], priority: object) -> str:
    asked = f"所需技能：{'、'.join(skills)}；" if skills else ""
    return f"{asked}优先级：{priority}"
