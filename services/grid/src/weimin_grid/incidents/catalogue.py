"""The incident category catalogue (Open311's service list, in Chinese practice).

Codes follow the two-level style of the national digital city-management standard
(GB/T 30428: a two-digit major class and a two-digit minor class, `0101`); classes the
standard does not have (disputes, lake protection, floating population …) use extension
majors from 90 upwards, as the standard allows. Each category declares its typed extra
fields and its SLA in hours per priority. Names and labels come in Chinese and English;
an enum field's stored values are English slugs, each with a label in both languages.
"""

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from weimin_kit.text import HumanTextError, clean_human_text

Priority = Literal["urgent", "high", "normal", "low"]
FieldType = Literal["string", "integer", "boolean", "enum"]


@dataclass(frozen=True, slots=True)
class Choice:
    """One value of an enum field: `value` is what a report stores, the labels what people read."""

    value: str
    label: str
    label_en: str


@dataclass(frozen=True, slots=True)
class ExtraField:
    name: str
    type: FieldType
    label: str
    label_en: str
    required: bool = False
    choices: tuple[Choice, ...] = ()
    minimum: int | None = None
    maximum: int | None = None
    max_length: int = 200

    @property
    def values(self) -> tuple[str, ...]:
        """The enum's stored values, in order."""
        return tuple(choice.value for choice in self.choices)


@dataclass(frozen=True, slots=True)
class Category:
    code: str
    name: str
    name_en: str
    major_code: str
    major_name: str
    major_name_en: str
    extension: bool
    sla_hours: Mapping[Priority, int]
    fields: tuple[ExtraField, ...] = field(default_factory=tuple)


_STANDARD_SLA: dict[Priority, int] = {"urgent": 2, "high": 24, "normal": 72, "low": 168}
_FAST_SLA: dict[Priority, int] = {"urgent": 1, "high": 4, "normal": 24, "low": 72}

_MAJORS = {
    "01": ("市容环境", "City appearance and environment"),
    "04": ("突发事件", "Emergencies"),
    "05": ("街面秩序", "Street order"),
    "91": ("矛盾纠纷", "Disputes"),
    "92": ("洱海保护", "Erhai Lake protection"),
    "93": ("民生诉求", "Livelihood requests"),
    "94": ("流动人口", "Floating population"),
    "95": ("公共设施", "Public facilities"),
}


def _category(
    code: str, name: str, name_en: str, sla: dict[Priority, int], *fields: ExtraField
) -> Category:
    major = code[:2]
    major_name, major_name_en = _MAJORS[major]
    return Category(
        code, name, name_en, major, major_name, major_name_en, major >= "90", sla, fields
    )


CATEGORIES: dict[str, Category] = {
    c.code: c
    for c in (
        _category(
            "0101",
            "暴露垃圾",
            "exposed rubbish",
            _STANDARD_SLA,
            ExtraField(
                "volume",
                "enum",
                "垃圾量",
                "Amount of rubbish",
                choices=(
                    Choice("small", "少量", "A little"),
                    Choice("cart", "约一手推车", "About a cartload"),
                    Choice("truck", "需货车清运", "Needs a lorry"),
                ),
            ),
        ),
        _category("0102", "污水外溢", "sewage overflow", _FAST_SLA),
        _category(
            "0401",
            "安全隐患",
            "safety hazard",
            _FAST_SLA,
            ExtraField(
                "hazard",
                "enum",
                "隐患类型",
                "Type of hazard",
                required=True,
                choices=(
                    Choice("fire", "消防", "Fire"),
                    Choice("gas", "燃气", "Gas"),
                    Choice("electric", "用电", "Electrical"),
                    Choice("structure", "建筑结构", "Structural"),
                    Choice("other", "其他", "Other"),
                ),
            ),
            ExtraField(
                "people_at_risk",
                "integer",
                "受威胁人数",
                "People at risk",
                minimum=0,
                maximum=10_000,
            ),
        ),
        _category("0501", "占道经营", "street vending", _STANDARD_SLA),
        _category(
            "0502",
            "噪声扰民",
            "noise nuisance",
            _STANDARD_SLA,
            ExtraField("at_night", "boolean", "夜间", "At night", required=True),
        ),
        _category(
            "9101",
            "邻里纠纷",
            "neighbour dispute",
            _STANDARD_SLA,
            ExtraField(
                "parties",
                "integer",
                "当事人数",
                "People involved",
                required=True,
                minimum=2,
                maximum=100,
            ),
            ExtraField(
                "kind",
                "enum",
                "纠纷类型",
                "Type of dispute",
                required=True,
                choices=(
                    Choice("neighbour", "邻里", "Between neighbours"),
                    Choice("family", "家庭", "Family"),
                    Choice("property", "物业", "Property management"),
                    Choice("labour", "劳资", "Wages and work"),
                    Choice("other", "其他", "Other"),
                ),
            ),
        ),
        _category(
            "9201",
            "违规排污",
            "illegal discharge",
            _FAST_SLA,
            ExtraField(
                "water_body",
                "enum",
                "水体",
                "Body of water",
                required=True,
                choices=(
                    Choice("erhai", "洱海", "Erhai Lake"),
                    Choice("river", "河流", "River"),
                    Choice("channel", "沟渠", "Channel or ditch"),
                    Choice("wetland", "湿地", "Wetland"),
                ),
            ),
            ExtraField("visible_pollution", "boolean", "可见污染", "Visible pollution"),
        ),
        _category("9202", "违规捕捞", "illegal fishing", _FAST_SLA),
        _category(
            "9301",
            "民生诉求",
            "livelihood request",
            _STANDARD_SLA,
            ExtraField(
                "topic", "string", "诉求事项", "What it is about", required=True, max_length=100
            ),
        ),
        _category(
            "9401",
            "流动人口未登记",
            "unregistered floating population",
            _STANDARD_SLA,
            ExtraField(
                "persons",
                "integer",
                "人数",
                "Number of people",
                required=True,
                minimum=1,
                maximum=500,
            ),
        ),
        _category(
            "9501",
            "设施损坏",
            "damaged public facility",
            _STANDARD_SLA,
            ExtraField(
                "facility",
                "enum",
                "设施",
                "Facility",
                required=True,
                choices=(
                    Choice("streetlight", "路灯", "Street light"),
                    Choice("manhole", "井盖", "Manhole cover"),
                    Choice("bench", "座椅", "Bench"),
                    Choice("railing", "护栏", "Railing"),
                    Choice("sign", "标识牌", "Sign"),
                ),
            ),
            ExtraField("asset_code", "string", "部件编码", "Asset code", max_length=40),
        ),
    )
}


def _check(spec: ExtraField, value: Any) -> str | None:
    """Why `value` does not fit `spec`, or None when it does."""
    if spec.type == "boolean":
        return None if isinstance(value, bool) else "expected true or false"
    if spec.type == "integer":
        if not isinstance(value, int) or isinstance(value, bool):
            return "expected a whole number"
        if spec.minimum is not None and value < spec.minimum:
            return f"must be at least {spec.minimum}"
        if spec.maximum is not None and value > spec.maximum:
            return f"must be at most {spec.maximum}"
        return None
    if not isinstance(value, str) or not value.strip():
        return "expected a non-empty string"
    if spec.type == "enum" and value not in spec.values:
        return f"expected one of {', '.join(spec.values)}"
    if spec.type == "string":
        # Typed by a person like the title; the same characters are refused.
        try:
            clean_human_text(value, max_length=spec.max_length)
        except HumanTextError as refused:
            return refused.reason
    if len(value) > spec.max_length:
        return f"at most {spec.max_length} characters"
    return None


def extra_field_errors(category: Category, extra: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every problem with a report's extra fields, each naming `body.extra.<name>`."""
    errors = []
    specs = {spec.name: spec for spec in category.fields}
    for name in sorted(set(extra) - set(specs)):
        errors.append(
            {
                "field": f"body.extra.{name}",
                "reason": "not a field of this category",
                "code": "unknown-field",
            }
        )
    for spec in category.fields:
        if spec.name not in extra or extra[spec.name] is None:
            if spec.required:
                errors.append(
                    {
                        "field": f"body.extra.{spec.name}",
                        "reason": "required by the category",
                        "code": "missing",
                    }
                )
            continue
        reason = _check(spec, extra[spec.name])
        if reason is not None:
            errors.append({"field": f"body.extra.{spec.name}", "reason": reason, "code": "invalid"})
    return errors
