"""The language a problem is told in: zh-CN unless the caller's Accept-Language prefers
English, and the zh-CN reasons for pydantic's validation error types.

Only the people-facing words change (`title`, `detail`, each field's `reason`); `code`,
`field` and every other member stay the same in both languages, so programs keep keying
on them.
"""

from collections.abc import Mapping
from typing import Any, Literal

Language = Literal["zh-CN", "en"]
DEFAULT_LANGUAGE: Language = "zh-CN"


def negotiate_language(accept_language: str | None) -> Language:
    """The best of zh-CN and en for an Accept-Language header (RFC 9110 §12.5.4); zh-CN
    when the header is absent, malformed or names neither (the platform's own language)."""
    best: tuple[float, int, Language] | None = None
    for position, part in enumerate((accept_language or "").split(",")):
        tag, _, params = part.strip().partition(";")
        language = _supported(tag.strip().lower())
        if language is None:
            continue
        quality = _quality(params)
        if quality <= 0:
            continue
        candidate = (quality, -position, language)
        if best is None or candidate[:2] > best[:2]:
            best = candidate
    return best[2] if best else DEFAULT_LANGUAGE


def _supported(tag: str) -> Language | None:
    if tag == "zh" or tag.startswith("zh-"):
        return "zh-CN"
    if tag == "en" or tag.startswith("en-"):
        return "en"
    return None


def _quality(params: str) -> float:
    for param in params.split(";"):
        name, _, value = param.strip().partition("=")
        if name.strip().lower() == "q":
            try:
                return min(max(float(value), 0.0), 1.0)
            except ValueError:
                return 0.0
    return 1.0


# pydantic error type → zh-CN reason; `{name}` fields come from the error's ctx. A type
# not listed keeps pydantic's English message (still naming the field).
_ZH_REASONS: Mapping[str, str] = {
    "missing": "必填",
    "string_too_long": "不能超过 {max_length} 个字符",
    "string_too_short": "至少需要 {min_length} 个字符",
    "too_long": "最多 {max_length} 项",
    "too_short": "至少需要 {min_length} 项",
    "greater_than": "必须大于 {gt}",
    "greater_than_equal": "不能小于 {ge}",
    "less_than": "必须小于 {lt}",
    "less_than_equal": "不能大于 {le}",
    "int_parsing": "必须是整数",
    "int_type": "必须是整数",
    "int_from_float": "必须是整数",
    "float_parsing": "必须是数字",
    "float_type": "必须是数字",
    "decimal_parsing": "必须是数字",
    "bool_parsing": "必须是 true 或 false",
    "bool_type": "必须是 true 或 false",
    "string_type": "必须是文本",
    "string_pattern_mismatch": "格式不正确",
    "string_forbidden_character": "含有不可见或不允许的字符（{character}）",
    "uuid_parsing": "不是有效的 UUID",
    "uuid_type": "不是有效的 UUID",
    "enum": "必须是以下之一：{expected}",
    "literal_error": "必须是以下之一：{expected}",
    "date_parsing": "不是有效的日期（YYYY-MM-DD）",
    "date_from_datetime_parsing": "不是有效的日期（YYYY-MM-DD）",
    "datetime_parsing": "不是有效的时间（ISO 8601）",
    "datetime_from_date_parsing": "不是有效的时间（ISO 8601）",
    "timezone_aware": "时间必须带时区",
    "list_type": "必须是列表",
    "dict_type": "必须是对象",
    "model_attributes_type": "必须是对象",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "extra_forbidden": "不允许此字段",
    "value_error": "取值无效：{error}",
    "assertion_error": "取值无效：{error}",
    "url_parsing": "不是有效的网址",
    "url_scheme": "网址协议不被接受",
}


def validation_reason(error: Mapping[str, Any], language: Language) -> str:
    """One pydantic error's reason in `language`."""
    english = str(error.get("msg", "invalid"))
    if language == "en":
        return english
    template = _ZH_REASONS.get(str(error.get("type", "")))
    if template is None:
        return english
    ctx = {key: _shown(value) for key, value in (error.get("ctx") or {}).items()}
    try:
        return template.format(**ctx)
    except (KeyError, IndexError):
        return english


def _shown(value: Any) -> str:
    # A ValueError's message, without pydantic's "Value error, " prefix.
    return str(value).removeprefix("Value error, ")
