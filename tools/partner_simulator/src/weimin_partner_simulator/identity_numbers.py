"""Citizen identity numbers (GB 11643-1999) that pass the checksum: the partner's register
holds real-looking numbers, so the simulator makes them the same way."""

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"


def checksum_char(first17: str) -> str:
    """The 18th character: ISO 7064 MOD 11-2 over the first 17 digits."""
    total = sum(int(digit) * weight for digit, weight in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def identity_number(area: str, born: str, serial: int, male: bool) -> str:
    """`area` the 6-digit division code, `born` YYYYMMDD; the serial's last digit is odd
    for a man, even for a woman."""
    sequence = (serial * 2 + (1 if male else 0)) % 1000
    first17 = f"{area}{born}{sequence:03d}"
    return first17 + checksum_char(first17)
