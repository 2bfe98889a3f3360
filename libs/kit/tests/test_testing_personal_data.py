import pytest

from weimin_kit.testing.personal_data import holds_full_number


@pytest.mark.parametrize(
    ("text", "held"),
    [
        ("联系电话13812345678", True),
        ("tel: 13812345678.", True),
        ("532901194503080029", True),
        ("身份证53290119450308002x号", True),
        ("138****5678", False),
        ("5329************29", False),
        ("41b61194753148959155c654456fcee6", False),  # a hex id that once failed CI
    ],
)
def test_full_numbers_are_found_but_not_inside_ids(text: str, held: bool) -> None:
    assert holds_full_number(text) is held
