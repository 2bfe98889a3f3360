"""Scrub identity numbers and mobile numbers out of free text such as log lines.

Matches are bounded by non-alphanumeric characters (Chinese text counts as a boundary),
so digits inside UUIDs, hex ids and longer numbers are left alone; identity numbers must
also carry a plausible birth date, which keeps order numbers and timestamps intact.
"""

import re

from weimin_kit.pii.masking import mask_id_card, mask_phone

_PATTERN = re.compile(
    r"(?<![0-9A-Za-z])(?:"
    # 18-character number: area, YYYYMMDD, sequence, check character.
    r"(?P<id18>[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx])"
    # 15-digit pre-1999 number: area, YYMMDD, sequence.
    r"|(?P<id15>[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3})"
    r"|(?P<prefix>(?:\+|00)?86[ -]?)?(?P<mobile>1[3-9]\d[ -]?\d{4}[ -]?\d{4})"
    r")(?![0-9A-Za-z])"
)


def _replace(match: re.Match[str]) -> str:
    number = match.group("id18") or match.group("id15")
    if number:
        return mask_id_card(number)
    digits = re.sub(r"[ -]", "", match.group("mobile"))
    return (match.group("prefix") or "") + mask_phone(digits)


def redact(text: str) -> str:
    """Return ``text`` with identity and mobile numbers replaced by their masked forms."""
    return _PATTERN.sub(_replace, text)
