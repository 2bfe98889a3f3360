import unicodedata
from typing import Annotated

import httpx
import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from weimin_kit.testing import TestKeys
from weimin_kit.text import (
    FORBIDDEN,
    TOO_LONG,
    TOO_SHORT,
    ZERO_WIDTH,
    HumanMultilineText,
    HumanText,
    HumanTextError,
    clean_human_text,
)


class Form(BaseModel):
    name: Annotated[str, HumanText(max_length=50)]
    reason: Annotated[str, HumanText(max_length=500, min_visible=2)] | None = None
    description: Annotated[str, HumanMultilineText(max_length=2000, min_visible=0)] = ""


def refusal(**fields: object) -> tuple[str, str, str]:
    with pytest.raises(ValidationError) as caught:
        Form.model_validate({"name": "张三", **fields})
    (error,) = caught.value.errors()
    return ".".join(map(str, error["loc"])), error["type"], error["msg"]


# Exact examples ----------------------------------------------------------------------


def test_a_reason_of_one_zero_width_space_is_refused_as_too_short() -> None:
    assert refusal(reason="\u200b") == (
        "reason",
        TOO_SHORT,
        "needs at least 2 visible characters (spaces and invisible characters do not count)",
    )


def test_a_reason_padded_out_with_zero_width_characters_is_still_too_short() -> None:
    assert refusal(reason="\u200b" * 8)[1] == TOO_SHORT
    assert refusal(reason="好\u200b\u200b\u200b")[1] == TOO_SHORT
    assert refusal(reason="\u3000 \u00a0\u200b")[1] == TOO_SHORT


def test_a_right_to_left_override_inside_a_name_is_refused_naming_the_code_point() -> None:
    assert refusal(name="张\u202e三") == (
        "name",
        FORBIDDEN,
        "contains a control or formatting character (U+202E)",
    )


def test_nul_inside_a_name_is_refused() -> None:
    assert refusal(name="张\x00三")[1:] == (
        FORBIDDEN,
        "contains a control or formatting character (U+0000)",
    )


@pytest.mark.parametrize(
    "char",
    [
        "\u202a",
        "\u202b",
        "\u202c",
        "\u202d",
        "\u2066",
        "\u2067",
        "\u2068",
        "\u2069",
        "\u200e",
        "\u200f",
        "\u061c",
        "\u200b",
        "\u2060",
        "\ufeff",
        "\u00ad",
        "\x7f",
        "\x1b",
    ],
)
def test_every_bidi_control_and_invisible_format_character_is_refused(char: str) -> None:
    assert refusal(name=f"张{char}三")[2] == (
        f"contains a control or formatting character (U+{ord(char):04X})"
    )


def test_combining_sequences_are_stored_composed() -> None:
    assert Form(name="e\u0301").name == "\u00e9"
    assert Form(name="Jose\u0301").name == "José"


def test_a_uyghur_name_with_a_middle_dot_is_accepted_as_typed() -> None:
    assert Form(name="阿依古丽·买买提").name == "阿依古丽·买买提"
    assert Form(name="阿依古丽・买买提").name == "阿依古丽・买买提"  # the katakana dot too


def test_ends_lose_whitespace_and_zero_width_characters_but_inner_spaces_stay() -> None:
    assert Form(name="\ufeff\u3000 Anna  Li\u00a0\u200b\n").name == "Anna  Li"


def test_a_line_break_in_a_single_line_field_is_refused() -> None:
    assert refusal(name="张\n三")[2] == (
        "contains a line break (U+000A); this field is a single line"
    )
    assert refusal(name="张\u2028三")[1] == FORBIDDEN


def test_a_description_keeps_line_feeds_and_tabs_and_unifies_carriage_returns() -> None:
    assert Form(name="x", description="一\r\n二\r三\n\t四").description == "一\n二\n三\n\t四"


def test_a_description_still_refuses_other_controls() -> None:
    assert refusal(description="ok\x0bno")[2] == (
        "contains a control or formatting character (U+000B)"
    )


def test_an_optional_description_may_be_empty() -> None:
    assert Form(name="x", description="  ").description == ""


@pytest.mark.parametrize("blank", ["\u3164", "\u115f", "\uffa0", "\u2800"])
def test_letters_that_draw_nothing_are_refused(blank: str) -> None:
    assert refusal(name=f"{blank}")[2] == (
        f"contains a character that shows nothing (U+{ord(blank):04X})"
    )


def test_private_use_unassigned_and_lone_surrogates_are_refused() -> None:
    assert refusal(name="张\ue000")[2] == "contains a private-use character (U+E000)"
    assert refusal(name="张\u0378")[2] == "contains an unassigned character (U+0378)"
    assert refusal(name="张\ud800")[2] == "contains a lone surrogate (U+D800)"


def test_unassigned_ideographs_and_emoji_are_not_refused_for_being_newer_than_python() -> None:
    # U+31350 is in CJK Extension H (Unicode 15); U+1FAE8 an emoji of Unicode 15.
    assert Form(name="李\U00031350").name == "李\U00031350"
    assert Form(name="\U00031350").name == "\U00031350"  # and it counts as visible
    assert Form(name="x", description="\U0001fae8").description == "\U0001fae8"


def test_emoji_sequences_keep_their_joiners() -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    health_worker = "\U0001f469\U0001f3fd\u200d\u2695\ufe0f"
    assert Form(name="x", description=f"谢谢{family}{health_worker}").description == (
        f"谢谢{family}{health_worker}"
    )


def test_a_joiner_between_letters_is_refused() -> None:
    assert refusal(name="张\u200d三")[2] == ("contains a control or formatting character (U+200D)")


def test_length_is_counted_after_normalising_and_stripping() -> None:
    assert Form(name="  " + "e\u0301" * 50 + "  ").name == "\u00e9" * 50
    assert refusal(name="x" * 51)[1:] == (TOO_LONG, "at most 50 characters")


def test_json_schema_keeps_the_length_bounds() -> None:
    properties = Form.model_json_schema()["properties"]
    assert properties["name"] == {
        "maxLength": 50,
        "minLength": 1,
        "title": "Name",
        "type": "string",
    }
    assert properties["description"]["maxLength"] == 2000
    assert "minLength" not in properties["description"]


def test_min_visible_beyond_max_length_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="min_visible"):
        HumanText(max_length=2, min_visible=3)


async def test_a_refused_value_is_a_422_problem_naming_the_field_and_the_reason(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.post(
        "/v1/notes",
        json={"title": "a\u202egnp.exe", "area": "x"},
        headers={**test_keys.headers(roles=["admin"]), "Accept-Language": "en"},
    )
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["errors"] == [
        {
            "field": "body.title",
            "reason": "contains a control or formatting character (U+202E)",
            "code": FORBIDDEN,
        }
    ]
    chinese = await client.post(
        "/v1/notes",
        json={"title": "a\u202egnp.exe", "area": "x"},
        headers=test_keys.headers(roles=["admin"]),
    )
    assert chinese.json()["errors"][0]["reason"] == "含有不可见或不允许的字符（U+202E）"


# Properties ------------------------------------------------------------------------

#: What people type: letters, digits, punctuation, symbols, spaces inside.
typed = st.text(
    alphabet=st.characters(
        categories=["L", "N", "P", "S", "Zs", "M"],
        exclude_characters="\u115f\u1160\u3164\uffa0\u2800",
    ),
    max_size=60,
)
invisible_padding = st.text(alphabet=st.sampled_from(" \t\n\u3000\u00a0" + ZERO_WIDTH), max_size=5)
#: Controls and format characters that never belong inside a value.
forbidden = st.characters(categories=["Cc", "Cf", "Co", "Zl", "Zp"], exclude_characters="\u200d")


def outcome(value: str, **rules: object) -> str | tuple[str, str]:
    try:
        return clean_human_text(value, **{"max_length": 60, **rules})  # type: ignore[arg-type]
    except HumanTextError as refused:
        return (refused.code, refused.reason)


@given(st.text(max_size=80), st.booleans(), st.integers(0, 4))
def test_whatever_comes_in_what_is_kept_is_clean_and_cleaning_it_again_changes_nothing(
    value: str, multiline: bool, min_visible: int
) -> None:
    kept = outcome(value, min_visible=min_visible, multiline=multiline)
    if isinstance(kept, tuple):
        assert kept[0] in {FORBIDDEN, TOO_SHORT, TOO_LONG}
        return
    assert unicodedata.is_normalized("NFC", kept)
    assert len(kept) <= 60
    assert kept == kept.strip().strip(ZERO_WIDTH)
    allowed = {"\n", "\t", "\u200d"} if multiline else {"\u200d"}
    assert all(
        unicodedata.category(c) not in {"Cc", "Cf", "Cs", "Co", "Zl", "Zp"} or c in allowed
        for c in kept
    )
    assert clean_human_text(kept, max_length=60, min_visible=min_visible, multiline=multiline) == (
        kept
    )


@given(typed, invisible_padding, invisible_padding)
def test_padding_at_the_ends_never_changes_the_outcome(value: str, before: str, after: str) -> None:
    assert outcome(before + value + after) == outcome(value)


@given(typed.filter(lambda v: v.strip() and unicodedata.is_normalized("NFC", v.strip())))
def test_ordinary_typed_text_is_kept_as_typed_less_its_outer_spaces(value: str) -> None:
    stripped = value.strip()
    if any(unicodedata.category(c)[0] not in "ZM" for c in stripped):
        assert outcome(value) == stripped


@given(typed, forbidden, typed, st.booleans())
def test_a_control_or_format_character_anywhere_inside_is_refused_and_named(
    left: str, char: str, right: str, multiline: bool
) -> None:
    if multiline and char in "\n\t\r":
        return
    # Long enough for any draw: the length is checked before the characters.
    result = outcome(f"字{left}{char}{right}字", multiline=multiline, max_length=200)
    assert isinstance(result, tuple)
    assert result[0] == FORBIDDEN
    assert result[1].endswith(f"(U+{ord(char):04X})") or f"(U+{ord(char):04X});" in result[1]


@given(
    st.text(alphabet=st.characters(categories=["Zs", "Mn", "Me"]), max_size=20),
    invisible_padding,
)
def test_values_with_nothing_visible_are_too_short(marks_and_spaces: str, padding: str) -> None:
    value = padding + marks_and_spaces + padding
    assert outcome(value) == (
        TOO_SHORT,
        "needs at least 1 visible character (spaces and invisible characters do not count)",
    )
    assert isinstance(outcome(value, min_visible=0), str)
