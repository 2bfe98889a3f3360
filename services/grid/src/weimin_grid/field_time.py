"""Times a phone gives for something done before it was sent (made offline, sent later).

The server keeps its own received time as well; these only say when the worker was there.
Refusals name the field: `naive-datetime` (no time zone offset), `in-future` (more than
5 minutes ahead of the server, beyond ordinary clock drift) and `too-early` (before the
earliest moment it can be: the patrol's start, less the same 5 minutes, since the start
may carry another clock's time; or 7 days back).
"""

from datetime import UTC, datetime, timedelta

from weimin_kit.errors import InvalidInput

#: How far a phone's clock may run ahead of the server's.
CLOCK_DRIFT = timedelta(minutes=5)
#: How long a write may wait on a phone and still carry its own time.
OFFLINE_WINDOW = timedelta(days=7)


def field_time(
    value: datetime | None, now: datetime, field: str, *, not_before: datetime | None = None
) -> datetime:
    """`value` checked and in UTC (or `now` when absent); `not_before` defaults to 7 days back."""
    if value is None:
        return now
    if value.tzinfo is None:
        raise InvalidInput.field(
            field, "give a time zone offset", "naive-datetime", reason_zh="请注明时区"
        )
    if value > now + CLOCK_DRIFT:
        raise InvalidInput.field(field, "lies in the future", "in-future", reason_zh="晚于当前时间")
    earliest = not_before - CLOCK_DRIFT if not_before is not None else now - OFFLINE_WINDOW
    if value < earliest:
        reason = "lies before the patrol started" if not_before else "lies more than 7 days back"
        reason_zh = "早于巡查开始时间" if not_before else "早于 7 天前"
        raise InvalidInput.field(field, reason, "too-early", reason_zh=reason_zh)
    return value.astimezone(UTC)
