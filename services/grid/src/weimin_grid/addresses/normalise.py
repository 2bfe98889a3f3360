"""The comparison form of a structured address: exact after normalisation, never fuzzy.

Two spellings of one address compare equal when they differ only in width (全角/半角),
spaces, letter case, Chinese numerals for small numbers (三单元 = 3单元) or a field's
customary suffix (12号 = 12, 3栋 = 3幢 = 3号楼 = 3). Anything else is a different address:
a near miss is left for a person to settle, never guessed.
"""

import re
import unicodedata
from collections.abc import Mapping

#: The structured fields, from the widest to the narrowest.
FIELDS = (
    "province",
    "city",
    "county",
    "town",
    "community",
    "road",
    "number",
    "building",
    "unit",
    "floor",
    "room",
)

#: Suffixes a field's value may carry or not; the longest is tried first.
_SUFFIXES: Mapping[str, tuple[str, ...]] = {
    "number": ("号",),
    "building": ("号楼", "栋", "幢", "座", "楼"),
    "unit": ("单元",),
    "floor": ("层", "楼"),
    "room": ("室", "号", "户"),
}

#: The suffix a field is written with when its value has none.
_WRITTEN_SUFFIX = {"number": "号", "building": "栋", "unit": "单元", "floor": "层", "room": "室"}

_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5,
           "六": 6, "七": 7, "八": 8, "九": 9}  # fmt: skip
_CHINESE_NUMBER = re.compile(r"[零〇一二两三四五六七八九十百]+")
#: 一 … 九百九十九 written with 十 and 百 (hundreds, tens, ones).
_SMALL_NUMBER = re.compile(
    r"(?:([一二两三四五六七八九])百)?(?:([一二三四五六七八九])?十)?([一二三四五六七八九])?"
)


def _chinese_to_int(text: str) -> int | None:
    """一 … 九百九十九 as a number; None for a run that is not a well-formed small number."""
    if all(character in _DIGITS for character in text):  # 一二三 read digit by digit
        return int("".join(str(_DIGITS[character]) for character in text))
    match = _SMALL_NUMBER.fullmatch(text)
    if match is None or not text:
        return None
    hundreds, tens, ones = match.groups()
    total = 100 * _DIGITS[hundreds] if hundreds else 0
    if "十" in text:
        total += 10 * (_DIGITS[tens] if tens else 1)
    return total + (_DIGITS[ones] if ones else 0)


def _numerals(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        number = _chinese_to_int(match.group(0))
        return match.group(0) if number is None else str(number)

    return _CHINESE_NUMBER.sub(replace, value)


def normalise_field(field: str, value: str | None) -> str:
    """One field's comparison form ("" for none)."""
    if value is None:
        return ""
    text = unicodedata.normalize("NFKC", value).casefold()
    text = "".join(text.split()).replace("－", "-").replace("—", "-")
    if field in _SUFFIXES:
        text = _numerals(text)
        for suffix in _SUFFIXES[field]:
            if text.endswith(suffix) and len(text) > len(suffix):
                text = text[: -len(suffix)]
                break
    return text


def comparison_key(fields: Mapping[str, str | None]) -> str:
    """Every field's comparison form, joined: equal keys are the same address."""
    return "|".join(normalise_field(field, fields.get(field)) for field in FIELDS)


def full_text(fields: Mapping[str, str | None]) -> str:
    """The address as one line, the way it is written on a door plate and a form."""
    parts = [fields.get(field) or "" for field in FIELDS[:6]]
    number, building, unit, floor, room = (fields.get(field) for field in FIELDS[6:])
    parts.append(_written("number", number))
    parts.append(_written("building", building))
    parts.append(_written("unit", unit))
    parts.append(_written("floor", floor) if floor and not room else "")
    parts.append(_written("room", room))
    return "".join(parts)


def _written(field: str, value: str | None) -> str:
    """A field as written: its value with its customary suffix unless it has one."""
    if not value:
        return ""
    return value if value.endswith(_SUFFIXES[field]) else value + _WRITTEN_SUFFIX[field]
