"""Mainland China mobile numbers (11 digits, ``1[3-9]`` then 9 digits)."""

import re

_MOBILE = re.compile(r"1[3-9]\d{9}")
_SEPARATORS = re.compile(r"[\s\-()]")


class InvalidPhone(ValueError):
    """The value is not a mainland mobile number; str() says why."""


def validate_mobile(value: str) -> str:
    """Return the bare 11-digit number or raise `InvalidPhone`.

    Accepts spaces, hyphens and brackets between digits and a ``+86``, ``0086`` or ``86``
    country prefix.
    """
    compact = _SEPARATORS.sub("", value)
    if compact.startswith("+86"):
        compact = compact[3:]
    elif compact.startswith("0086"):
        compact = compact[4:]
    elif compact.startswith("86") and len(compact) == 13:
        compact = compact[2:]
    if not compact.isascii() or not compact.isdigit():
        raise InvalidPhone("a mobile number may contain only digits, spaces, hyphens and +86")
    if len(compact) != 11:
        raise InvalidPhone(f"a mobile number has 11 digits, got {len(compact)}")
    if not _MOBILE.fullmatch(compact):
        raise InvalidPhone("a mainland mobile number starts with 13 to 19")
    return compact


def is_valid_mobile(value: str) -> bool:
    try:
        validate_mobile(value)
    except InvalidPhone:
        return False
    return True
