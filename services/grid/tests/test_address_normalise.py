"""Address comparison: exact after normalisation (width, spaces, case, small Chinese
numerals, customary suffixes), never similarity."""

import pytest

from weimin_grid.addresses.normalise import comparison_key, full_text, normalise_field

BASE = {
    "province": "云南省",
    "city": "大理白族自治州",
    "county": "大理市",
    "town": "下关街道",
    "community": "洱河社区",
    "road": "苍山路",
    "number": "7",
    "building": "3",
    "unit": "2",
    "floor": "5",
    "room": "502",
}


@pytest.mark.parametrize(
    ("field", "written", "expected"),
    [
        ("number", "７号", "7"),
        ("number", " 7 号", "7"),
        ("building", "3栋", "3"),
        ("building", "3幢", "3"),
        ("building", "3号楼", "3"),
        ("building", "三栋", "3"),
        ("building", "A座", "a"),
        ("unit", "二单元", "2"),
        ("unit", "十二单元", "12"),
        ("floor", "二十一层", "21"),
        ("room", "五〇二室", "502"),
        ("room", "502", "502"),
        ("road", "苍山路", "苍山路"),
        ("road", "三月街", "三月街"),  # numerals are read only in numbered fields
        ("number", "号", "号"),  # a suffix alone is the value, not an empty one
    ],
)
def test_one_field(field: str, written: str, expected: str) -> None:
    assert normalise_field(field, written) == expected


def test_spellings_of_one_address_share_a_key() -> None:
    other = {**BASE, "number": "７号", "building": "三幢", "unit": "二单元", "room": "502室"}
    assert comparison_key(other) == comparison_key(BASE)


@pytest.mark.parametrize(
    "change",
    [{"number": "17"}, {"road": "苍山西路"}, {"room": "503"}, {"community": "洱河"}],
)
def test_a_near_miss_is_another_address(change: dict[str, str]) -> None:
    assert comparison_key({**BASE, **change}) != comparison_key(BASE)


def test_a_building_and_a_home_in_it_differ() -> None:
    building = {**BASE, "unit": None, "floor": None, "room": None}
    assert comparison_key(building) != comparison_key(BASE)


def test_full_text_reads_like_a_door_plate() -> None:
    assert full_text(BASE) == "云南省大理白族自治州大理市下关街道洱河社区苍山路7号3栋2单元502室"
    building = {**BASE, "building": "3幢", "unit": None, "floor": None, "room": None}
    assert full_text(building) == "云南省大理白族自治州大理市下关街道洱河社区苍山路7号3幢"
