from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from weimin_kit.pii import (
    InvalidIdCard,
    birth_date_of,
    checksum_char,
    gender_of,
    is_valid_id_card,
    validate_id_card,
)

# Published GB 11643 example number.
KNOWN_VALID = "11010519491231002X"


def test_checksum_of_the_published_example_is_x() -> None:
    assert checksum_char(KNOWN_VALID[:17]) == "X"


def test_checksum_char_matches_hand_computed_value() -> None:
    # weighted sum 232, 232 % 11 == 1 -> "0"; weighted sum 196, 196 % 11 == 9 -> "3"
    assert checksum_char("53290119900101123") == "0"
    assert checksum_char("44052419800101001") == "3"


def test_checksum_char_refuses_anything_but_17_digits() -> None:
    with pytest.raises(ValueError, match="17 digits"):
        checksum_char("1234")
    with pytest.raises(ValueError, match="17 digits"):
        checksum_char("5329011990010112X")


def test_validate_normalises_whitespace_and_lowercase_x() -> None:
    assert validate_id_card("  11010519491231002x ") == KNOWN_VALID


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1101051949123100", "18 characters, got 16"),
        ("1101051949123100AX", "17 digits followed by a digit or X"),
        ("11010519490231002X", "not a real date"),
        ("11010517000101002X", "implausibly early"),
        ("110105194912310021", "check character"),
    ],
)
def test_invalid_numbers_are_refused_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidIdCard, match=reason):
        validate_id_card(value)


def test_birth_date_in_the_future_is_refused() -> None:
    first17 = "53290120300101123"
    number = first17 + checksum_char(first17)
    with pytest.raises(InvalidIdCard, match="in the future"):
        validate_id_card(number, today=date(2024, 1, 1))


def test_birth_date_and_gender_are_read_from_the_number() -> None:
    assert birth_date_of(KNOWN_VALID) == date(1949, 12, 31)
    assert gender_of(KNOWN_VALID) == "female"  # 17th digit 2
    male = "53290119900101123"
    assert gender_of(male + checksum_char(male)) == "male"


def test_is_valid_id_card_is_a_boolean_view() -> None:
    assert is_valid_id_card(KNOWN_VALID)
    assert not is_valid_id_card("110105194912310021")


first17s = st.builds(
    lambda area, born, seq: f"{area:06d}{born:%Y%m%d}{seq:03d}",
    st.integers(110000, 659999),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2020, 12, 31)),
    st.integers(0, 999),
)


@given(first17s)
def test_checksum_char_always_makes_a_valid_number(first17: str) -> None:
    number = first17 + checksum_char(first17)
    assert validate_id_card(number) == number


@given(first17s, st.integers(0, 17), st.integers(1, 9))
def test_a_single_changed_character_is_always_rejected(
    first17: str, position: int, shift: int
) -> None:
    number = first17 + checksum_char(first17)
    alphabet = "0123456789X" if position == 17 else "0123456789"
    changed_char = alphabet[(alphabet.index(number[position]) + shift) % len(alphabet)]
    changed = number[:position] + changed_char + number[position + 1 :]
    assert changed != number
    assert not is_valid_id_card(changed)
