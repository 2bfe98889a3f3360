"""JSON and XML as GeoReport v2 writes them.

JSON: the document, or a list of them. XML: a root element holding one element per item,
each field an element; lists of records (`attributes`, `values`) nest as the
specification's examples do (`<attributes><attribute>…`, `<values><value>…`), booleans are
`true`/`false` and a null is an empty element. Built with ElementTree, never by string
concatenation, so every value is escaped.
"""

import json
from collections.abc import Sequence
from typing import Any, Literal
from xml.etree import ElementTree

from fastapi.responses import Response

from weimin_grid.open311.schemas import ERRORS_XML, Open311Error

Format = Literal["json", "xml"]
MEDIA_TYPES: dict[Format, str] = {
    "json": "application/json; charset=utf-8",
    "xml": "text/xml; charset=utf-8",
}
#: The element each item of a nested list is written as.
_ITEM_ELEMENT = {"attributes": "attribute", "values": "value"}


def parse_format(value: str) -> Format:
    """The format a path ends with (`.json` or `.xml`); anything else is no such resource."""
    if value == "json":
        return "json"
    if value == "xml":
        return "xml"
    raise Open311Error.field(404, "format", f"no format {value[:20]!r}: use .json or .xml")


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _fill(element: ElementTree.Element, name: str, value: Any) -> None:
    child = ElementTree.SubElement(element, name)
    if isinstance(value, dict):
        for key, inner in value.items():
            _fill(child, key, inner)
    elif isinstance(value, list):
        item_name = _ITEM_ELEMENT.get(name, "item")
        for inner in value:
            _fill(child, item_name, inner)
    elif value is not None:
        child.text = _text(value)


def xml_document(root: str, item: str | None, body: Any) -> bytes:
    """`body` a list of documents under `<root><item>…`, or one document as `<root>…`."""
    top = ElementTree.Element(root)
    if item is None:
        for key, value in body.items():
            _fill(top, key, value)
    else:
        for document in body:
            element = ElementTree.SubElement(top, item)
            for key, value in document.items():
                _fill(element, key, value)
    written: bytes = ElementTree.tostring(top, encoding="utf-8", xml_declaration=True)
    return written


def render(
    fmt: Format,
    body: Sequence[dict[str, Any]] | dict[str, Any],
    xml_names: tuple[str, str | None],
    status: int = 200,
) -> Response:
    """One answer: `body` is a list (XML: `<root><item>` each) or one document (`<root>`)."""
    if fmt == "json":
        content = json.dumps(body, ensure_ascii=False).encode()
    else:
        content = xml_document(xml_names[0], xml_names[1], body)
    return Response(content, status_code=status, media_type=MEDIA_TYPES[fmt])


def error_response(fmt: Format, error: Open311Error) -> Response:
    """The specification's error list, in the asked format."""
    return render(fmt, error.items(), ERRORS_XML, error.status)
