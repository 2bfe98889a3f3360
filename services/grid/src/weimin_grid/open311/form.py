"""Reading what an Open311 client sends: the POST's form, the GET's query, W3C datetimes."""

import math
import re
from collections.abc import Mapping
from datetime import UTC, datetime
from urllib.parse import parse_qs

from weimin_grid.open311.schemas import Open311Error

FORM_MEDIA_TYPE = "application/x-www-form-urlencoded"
#: Far more than any report needs (a 4,000-character description is ~12 kB encoded).
MAX_FORM_BYTES = 64 * 1024
_UNENCODED_PLUS = re.compile(r"T[\d:.]+ \d\d:\d\d$")


def parse_form(content_type: str | None, body: bytes) -> dict[str, str]:
    """The form's fields; another media type, a repeated field or a broken body is a 400."""
    media_type = (content_type or "").split(";")[0].strip().lower()
    if media_type != FORM_MEDIA_TYPE:
        raise Open311Error.field(400, "body", f"send the fields as {FORM_MEDIA_TYPE}")
    if len(body) > MAX_FORM_BYTES:
        raise Open311Error.field(400, "body", f"at most {MAX_FORM_BYTES} bytes")
    try:
        parsed = parse_qs(body.decode("utf-8"), keep_blank_values=True)
    except (UnicodeDecodeError, ValueError):
        raise Open311Error.field(400, "body", "not a UTF-8 form") from None
    repeated = sorted(name for name, values in parsed.items() if len(values) > 1)
    if repeated:
        raise Open311Error.field(400, repeated[0][:60], "sent more than once")
    return {name: values[0] for name, values in parsed.items()}


def coordinate(form: Mapping[str, str], name: str, limit: float) -> float:
    text = form[name].strip()
    try:
        value = float(text)
    except ValueError:
        raise Open311Error.field(400, name, f"{text[:30]!r} is not a number") from None
    if not math.isfinite(value) or abs(value) > limit:
        raise Open311Error.field(400, name, f"must be between -{limit:g} and {limit:g}")
    return value


def w3_datetime(params: Mapping[str, str], name: str) -> datetime | None:
    """A W3C datetime (`2010-01-01T00:00:00Z`, or a date: midnight UTC), in UTC."""
    text = params.get(name, "").strip()
    if not text:
        return None
    if _UNENCODED_PLUS.search(text):
        # `+08:00` sent without percent-encoding arrives as a space.
        text = text[:-6] + "+" + text[-5:]
    try:
        value = datetime.fromisoformat(text.replace("Z", "+00:00").replace("z", "+00:00"))
    except ValueError:
        raise Open311Error.field(
            400, name, f"{text[:40]!r} is not a W3C datetime such as 2010-01-01T00:00:00Z"
        ) from None
    if value.tzinfo is None:
        if "T" in text:
            raise Open311Error.field(400, name, "a time needs its zone (Z or +08:00)")
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def listed(params: Mapping[str, str], name: str) -> list[str]:
    """A comma-separated parameter's values, blanks dropped."""
    return [part.strip() for part in params.get(name, "").split(",") if part.strip()]
