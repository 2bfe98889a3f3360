"""Our incident categories as GeoReport v2 services, and our states as its open/closed.

A category is a service (`service_code` its four-digit code); its extra fields are the
service's attributes. Names follow the caller's language (Accept-Language: zh-CN unless it
prefers English); the description and keywords carry both.
"""

from typing import Literal

from weimin_events.vocabularies import IncidentState
from weimin_grid.incidents.catalogue import CATEGORIES, Category, ExtraField
from weimin_grid.open311.schemas import Attribute, AttributeValue, Service, ServiceDefinition
from weimin_kit.problem_language import Language

Status = Literal["open", "closed"]

#: Our workflow's states as Open311's two (docs/exchange-mapping.md shows them beside the
#: exchange's). Resolved is closed: the work is done; a reopening makes it open again.
STATUS: dict[IncidentState, Status] = {
    "reported": "open",
    "accepted": "open",
    "assigned": "open",
    "in_progress": "open",
    "escalated": "open",
    "reopened": "open",
    "resolved": "closed",
    "verified": "closed",
    "closed": "closed",
    "rejected": "closed",
    "duplicate": "closed",
}

#: `status_notes`: where it stands in our words (never a staff member's note, which may
#: name people).
STATUS_NOTES: dict[IncidentState, tuple[str, str]] = {
    "reported": ("已受理，待网格员处理", "Received; waiting for the grid worker"),
    "accepted": ("网格员已接收", "Accepted by the grid worker"),
    "assigned": ("已指派处理人", "Assigned to someone to handle"),
    "in_progress": ("正在处理", "Being handled"),
    "escalated": ("已上报上级处理", "Handed up to a higher level"),
    "reopened": ("已重新打开", "Reopened"),
    "resolved": ("已处理，待核实", "Handled; to be verified"),
    "verified": ("已处理并核实", "Handled and verified"),
    "closed": ("已办结", "Closed"),
    "rejected": ("不予受理", "Not taken up"),
    "duplicate": ("与其他上报重复", "Duplicate of another report"),
}

#: Categories about people (disputes between named parties, people living unregistered):
#: they may be reported through Open311 but are never listed publicly.
PRIVATE_CATEGORIES: frozenset[str] = frozenset({"9101", "9401"})

_DATATYPES = {"string": "string", "integer": "number", "enum": "singlevaluelist"}
_BOOLEAN_VALUES = (("true", "是", "Yes"), ("false", "否", "No"))


def service(category: Category, language: Language) -> Service:
    english = language == "en"
    return Service(
        service_code=category.code,
        service_name=category.name_en if english else category.name,
        description=f"{category.name} ({category.name_en}): "
        f"{category.major_name} / {category.major_name_en}",
        metadata=bool(category.fields),
        type="realtime",
        keywords=", ".join(
            (category.name, category.name_en, category.major_name, category.major_name_en)
        ),
        group=category.major_name_en if english else category.major_name,
    )


def services(language: Language) -> list[Service]:
    return [service(category, language) for category in CATEGORIES.values()]


def _attribute(spec: ExtraField, order: int, language: Language) -> Attribute:
    english = language == "en"
    described: str | None
    if spec.type == "boolean":
        values = tuple(
            AttributeValue(key, label_en if english else label)
            for key, label, label_en in _BOOLEAN_VALUES
        )
        datatype, described = "singlevaluelist", "true or false"
    else:
        values = tuple(
            AttributeValue(choice.value, choice.label_en if english else choice.label)
            for choice in spec.choices
        )
        datatype, described = _DATATYPES[spec.type], _range(spec)
    return Attribute(
        code=spec.name,
        datatype=datatype,
        required=spec.required,
        datatype_description=described,
        order=order,
        description=spec.label_en if english else spec.label,
        values=values,
    )


def _range(spec: ExtraField) -> str | None:
    if spec.type == "integer":
        low = "" if spec.minimum is None else f"at least {spec.minimum}"
        high = "" if spec.maximum is None else f"at most {spec.maximum}"
        return ", ".join(part for part in ("a whole number", low, high) if part)
    if spec.type == "string":
        return f"at most {spec.max_length} characters"
    return None


def definition(category: Category, language: Language) -> ServiceDefinition:
    return ServiceDefinition(
        service_code=category.code,
        attributes=tuple(
            _attribute(spec, order, language) for order, spec in enumerate(category.fields, 1)
        ),
    )
