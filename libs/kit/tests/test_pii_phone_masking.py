import pytest

from weimin_kit.pii import (
    InvalidPhone,
    is_valid_mobile,
    mask_id_card,
    mask_name,
    mask_phone,
    public_honorific,
    surname_of,
    validate_mobile,
)


@pytest.mark.parametrize(
    "value",
    ["13812345678", "+86 138 1234 5678", "+86-138-1234-5678", "0086 13812345678", "8613812345678"],
)
def test_mobile_numbers_normalise_to_eleven_digits(value: str) -> None:
    assert validate_mobile(value) == "13812345678"


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        ("1381234567", "11 digits, got 10"),
        ("12812345678", "starts with 13 to 19"),
        ("1381234567a", "only digits"),
        ("１３８１２３４５６７８", "only digits"),
    ],
)
def test_bad_mobile_numbers_are_refused_with_a_reason(value: str, reason: str) -> None:
    with pytest.raises(InvalidPhone, match=reason):
        validate_mobile(value)
    assert not is_valid_mobile(value)


def test_id_card_mask_keeps_first_four_and_last_two() -> None:
    assert mask_id_card("532901199001011234") == "5329************34"
    assert mask_id_card("532901900101123") == "5329*********23"


def test_phone_mask_keeps_prefix_and_last_four() -> None:
    assert mask_phone("13812345678") == "138****5678"


@pytest.mark.parametrize(
    ("name", "surname", "masked"),
    [
        ("张三丰", "张", "张**"),
        ("张三", "张", "张*"),
        ("欧阳修", "欧阳", "欧阳*"),
        ("诸葛孔明", "诸葛", "诸葛**"),
        ("司马", "司", "司*"),  # a two-character name is surname + given name
        ("段", "段", "段"),
    ],
)
def test_names_keep_only_the_surname(name: str, surname: str, masked: str) -> None:
    assert surname_of(name) == surname
    assert mask_name(name) == masked


@pytest.mark.parametrize(
    ("gender", "age", "expected"),
    [
        ("female", 60, "张奶奶"),
        ("male", 83, "张爷爷"),
        ("female", 59, "张阿姨"),
        ("male", 40, "张叔叔"),
        ("male", 39, "小张"),
        ("female", 18, "小张"),
        ("male", 17, "张同学"),
        ("female", 11, "张小朋友"),
        (None, 45, "老张"),
        (None, 70, "张老"),
    ],
)
def test_public_honorific_follows_the_documented_table(
    gender: str | None, age: int, expected: str
) -> None:
    assert public_honorific("张", gender, age) == expected  # type: ignore[arg-type]


def test_public_honorific_keeps_compound_surnames() -> None:
    assert public_honorific("欧阳", "female", 72) == "欧阳奶奶"


@pytest.mark.parametrize("not_a_surname", ["张三", "张三丰", "", " "])
def test_public_honorific_refuses_a_full_name(not_a_surname: str) -> None:
    with pytest.raises(ValueError, match="surname only"):
        public_honorific(not_a_surname, "male", 30)
