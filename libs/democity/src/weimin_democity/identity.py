"""Demo identity numbers and phone numbers that are valid in form, unique, and marked.

Identity numbers use area codes 532990-532999: inside Dali prefecture's ``5329`` prefix
but assigned to no county, so they can never be a real person's number. Phones use
``1990`` followed by 7 digits; that block is a convention of this project, not a reserved
range, so demo deployments must never send SMS.

Uniqueness is arithmetic, not a lookup: resident ``n`` is mapped by an affine bijection
``m = (A * n + B) mod CAPACITY`` onto a slot; ``m % 5000`` picks the area digit and the
sequence pair, ``m // 5000`` picks the day of the year of birth. Two residents with
different ``n`` therefore differ in area, sequence or birthday, whatever their birth year
and sex (sex only chooses the odd or even member of the sequence pair).
"""

import math
from datetime import date

from weimin_democity.ids import digest
from weimin_democity.model import Gender
from weimin_kit.pii import checksum_char, is_valid_id_card

DEMO_AREA_PREFIX = "53299"  # areas 532990..532999
_SLOTS_PER_DAY = 10 * 500  # area digit x sequence pair
CAPACITY = _SLOTS_PER_DAY * 365
_MULTIPLIER = 1_234_567
DEMO_PHONE_PREFIX = "1990"
PHONE_CAPACITY = 10_000_000
_PHONE_MULTIPLIER = 3_141_593

# A day-of-year table without 29 February, so any day index is valid in any year.
_DAYS = tuple(
    (month, day)
    for month, length in enumerate((31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31), start=1)
    for day in range(1, length + 1)
)
assert len(_DAYS) == 365
assert math.gcd(_MULTIPLIER, CAPACITY) == 1
assert math.gcd(_PHONE_MULTIPLIER, PHONE_CAPACITY) == 1


class IdentityScheme:
    """Per-seed offsets of the two bijections."""

    __slots__ = ("_id_offset", "_phone_offset")

    def __init__(self, seed: int) -> None:
        self._id_offset = int.from_bytes(digest(seed, "id-card-offset", 0), "big") % CAPACITY
        self._phone_offset = int.from_bytes(digest(seed, "phone-offset", 0), "big") % PHONE_CAPACITY

    def slot(self, n: int) -> int:
        if not 0 <= n < CAPACITY:
            raise ValueError(f"resident index {n} outside the demo capacity {CAPACITY}")
        return (_MULTIPLIER * n + self._id_offset) % CAPACITY

    def identity(self, n: int, age: int, gender: Gender, today: date) -> tuple[date, str]:
        """Birth date (exactly ``age`` years old on ``today``) and identity number."""
        day_index, rest = divmod(self.slot(n), _SLOTS_PER_DAY)
        pair, area = divmod(rest, 10)
        month, day = _DAYS[day_index]
        year = today.year - age - (1 if (month, day) > (today.month, today.day) else 0)
        first17 = (
            f"{DEMO_AREA_PREFIX}{area}{year:04d}{month:02d}{day:02d}"
            f"{2 * pair + (1 if gender == 'male' else 0):03d}"
        )
        return date(year, month, day), first17 + checksum_char(first17)

    def phone(self, n: int) -> str:
        slot = (_PHONE_MULTIPLIER * n + self._phone_offset) % PHONE_CAPACITY
        return f"{DEMO_PHONE_PREFIX}{slot:07d}"


def is_demo_id_card(number: str) -> bool:
    """True for a checksum-valid identity number from the demo area range 532990-532999."""
    return number.strip().startswith(DEMO_AREA_PREFIX) and is_valid_id_card(number)


def is_demo_phone(number: str) -> bool:
    return len(number) == 11 and number.isdigit() and number.startswith(DEMO_PHONE_PREFIX)
