"""Optimistic concurrency: an update that can race carries the version it last read in
`If-Match`; a stale version is refused instead of silently overwriting a colleague."""

from weimin_kit.errors import InvalidInput, PreconditionRequired


def parse_if_match(value: str | None) -> int:
    """The version in an If-Match header: `"3"`, `W/"3"` or a bare 3."""
    if value is None:
        raise PreconditionRequired("Send If-Match with the version you last read")
    text = value.strip().removeprefix("W/").strip('"')
    if not text.isascii() or not text.isdigit() or len(text) > 9:
        raise InvalidInput.field("header.if-match", 'expected a version entity tag, e.g. "3"')
    return int(text)


def version_etag(version: int) -> str:
    return f'"{version}"'
