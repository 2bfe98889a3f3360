"""Quiet hours: when a delivery that is not an alarm waits until morning."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

#: People keep Beijing time wherever the servers run.
LOCAL = ZoneInfo("Asia/Shanghai")


def quiet_until(now: datetime, start: time | None, end: time | None) -> datetime | None:
    """The end of the quiet period `now` falls in (UTC), or None outside one. A period
    whose start is after its end runs over midnight (18:00–08:30)."""
    if start is None or end is None or start == end:
        return None
    local = now.astimezone(LOCAL)
    clock = local.time()
    if start < end:
        inside = start <= clock < end
        ends_on = local.date()
    else:
        inside = clock >= start or clock < end
        ends_on = local.date() + timedelta(days=1) if clock >= start else local.date()
    if not inside:
        return None
    return datetime.combine(ends_on, end, tzinfo=LOCAL).astimezone(now.tzinfo)
