"""Citizen identity numbers as defined by GB 11643-1999.

An 18-character number is a 6-digit administrative area code, an 8-digit birth date
(YYYYMMDD), a 3-digit sequence whose parity records the holder's sex (odd = male) and an
ISO 7064 MOD 11-2 check character (``0``-``9`` or ``X``).
"""

from datetime import date
from typing import Literal

_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_CHECK_CHARS = "10X98765432"
_DIGITS = frozenset("0123456789")


class InvalidIdCard(ValueError):
    """The value is not a valid 18-character citizen identity number; str() says why."""


def checksum_char(first17: str) -> str:
    """Return the check character (``0``-``9`` or ``X``) for the first 17 digits."""
    if len(first17) != 17 or not _DIGITS.issuperset(first17):
        raise ValueError("checksum needs exactly 17 digits")
    total = sum(weight * (ord(ch) - 48) for weight, ch in zip(_WEIGHTS, first17, strict=True))
    return _CHECK_CHARS[total % 11]


def validate_id_card(value: str, *, today: date | None = None) -> str:
    """Return ``value`` normalised (stripped, ``x`` upper-cased) or raise `InvalidIdCard`.

    Checks length, characters, that the birth date is a real date not after ``today``
    (default: the current date) and not before 1800, and the check character.
    """
    number = value.strip().upper()
    if len(number) != 18:
        raise InvalidIdCard(f"an identity number has 18 characters, got {len(number)}")
    if not _DIGITS.issuperset(number[:17]) or not (number[17] in _DIGITS or number[17] == "X"):
        raise InvalidIdCard("an identity number is 17 digits followed by a digit or X")
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        raise InvalidIdCard(f"birth date {number[6:14]} is not a real date") from None
    if born.year < 1800:
        raise InvalidIdCard(f"birth date {number[6:14]} is implausibly early")
    if born > (today or date.today()):
        raise InvalidIdCard(f"birth date {number[6:14]} is in the future")
    expected = checksum_char(number[:17])
    if number[17] != expected:
        raise InvalidIdCard("check character does not match (a digit is probably mistyped)")
    return number


def is_valid_id_card(value: str) -> bool:
    try:
        validate_id_card(value)
    except InvalidIdCard:
        return False
    return True


def birth_date_of(value: str) -> date:
    """Birth date encoded in a valid identity number (raises `InvalidIdCard` otherwise)."""
    return decode_valid(validate_id_card(value))[0]


def gender_of(value: str) -> Literal["male", "female"]:
    """Sex encoded in a valid identity number: the 17th digit is odd for male."""
    return decode_valid(validate_id_card(value))[1]


def decode_valid(number: str) -> tuple[date, Literal["male", "female"]]:
    """(birth date, sex) of a number `validate_id_card` returned, not checked again (a
    partner's batch decodes a thousand people it has just validated)."""
    born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    return born, "male" if int(number[16]) % 2 == 1 else "female"
