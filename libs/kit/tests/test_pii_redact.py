import pytest

from weimin_kit.pii import redact


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("id=532901199001011234", "id=5329************34"),
        ("身份证53290119900101123X已核验", "身份证5329************3X已核验"),
        ("old 532901900101123 card", "old 5329*********23 card"),
        ("call 13812345678 now", "call 138****5678 now"),
        ("电话：+8613812345678。", "电话：+86138****5678。"),
        ("tel +86 138-1234-5678", "tel +86 138****5678"),
        ('{"phone": "138 1234 5678"}', '{"phone": "138****5678"}'),
        (
            "a=13812345678,b=532901199001011234",
            "a=138****5678,b=5329************34",
        ),
    ],
)
def test_personal_numbers_are_masked(text: str, expected: str) -> None:
    assert redact(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "request 0190a2b3-1381-7234-8567-138123456789 done",
        "uuid 12345678-1381-2345-8678-123456781234",
        "at 2024-05-01T12:34:56.123456+08:00",
        "at 20240501T123456Z",
        "trace 4bf92f3577b34da6a3ce929d0e0e4736",
        "sha 53290119900101123453290119900101123f",
        "hex 0x13812345678",
        "order 5329011990010112345",  # 19 digits: not an identity number
        "epoch ms 1714567890123, us 1714567890123456",
        "amount 12812345678 fen",
        "count 532901199013011234",  # month 13: not a birth date
        "",
    ],
)
def test_lookalikes_are_left_alone(text: str) -> None:
    assert redact(text) == text
