"""Residents: coherent households of plausible people with demo identity numbers.

Each household draws its attributes from its own digest and each resident from theirs
(bytes 0-9 become the id, the rest feed attributes), so any household can be rebuilt
alone. Ages are exact on `REFERENCE_DATE`.
"""

from collections.abc import Iterator
from datetime import date

from weimin_democity.identity import IdentityScheme
from weimin_democity.ids import digest, id_from_digest
from weimin_democity.model import Gender, Household, Registration, Resident
from weimin_democity.names import ETHNICITIES, GIVEN_FEMALE, GIVEN_MALE, SURNAMES
from weimin_democity.population import household_block
from weimin_events.vocabularies import CareTag

#: The day on which every demo resident's age is exact.
REFERENCE_DATE = date(2024, 7, 1)

_ETHNICITY_TABLE = tuple(name for name, weight in ETHNICITIES for _ in range(weight))
assert len(_ETHNICITY_TABLE) == 1000

# Member roles per household size; some sizes have variants (the repeat sets the odds).
_COMPOSITIONS: dict[int, tuple[tuple[str, ...], ...]] = {
    1: (("head",),),
    2: (("head", "spouse"), ("head", "child"), ("head", "spouse")),
    3: (("head", "spouse", "child"), ("head", "spouse", "parent"), ("head", "spouse", "child")),
    4: (("head", "spouse", "child", "child"), ("head", "spouse", "child", "parent")),
    5: (
        ("head", "spouse", "child", "child", "parent"),
        ("head", "spouse", "child", "parent", "parent"),
    ),
    6: (("head", "spouse", "child", "child", "parent", "parent"),),
}
_RELATION_NAMES = {"head": "户主", "spouse": "配偶", "child": "子女", "parent": "父母"}


def _pick_surname(ethnicity: str, byte: int) -> str:
    pool = SURNAMES[ethnicity]
    return pool[(byte * byte) * len(pool) // 65536]  # squared draw favours common names


def _given_name(gender: Gender, raw: bytes) -> str:
    pool = GIVEN_MALE if gender == "male" else GIVEN_FEMALE
    first = pool[raw[11] % len(pool)]
    return first + pool[raw[12] % len(pool)] if raw[10] % 10 < 7 else first


def _head_age(roles: tuple[str, ...], byte: int) -> int:
    if "parent" in roles:
        return 30 + byte % 31  # 30-60, so parents stay under 100
    if "child" in roles:
        return 26 + byte % 45 if "spouse" in roles else 42 + byte % 40
    if len(roles) == 1:
        return 20 + byte % 71
    return 22 + byte % 66


class ResidentFactory:
    __slots__ = ("_ids", "_seed")

    def __init__(self, seed: int) -> None:
        self._seed = seed
        self._ids = IdentityScheme(seed)

    def household(self, household: Household, k: int, first: int, size: int) -> Iterator[Resident]:
        """Residents ``first .. first + size - 1`` living in household number ``k``."""
        raw = digest(self._seed, "household-people", k)
        roles = _COMPOSITIONS[size][raw[0] % len(_COMPOSITIONS[size])]
        ethnicity = _ETHNICITY_TABLE[int.from_bytes(raw[1:3], "big") % 1000]
        registration: Registration = (
            "registered" if raw[3] < 205 else "floating" if raw[3] < 251 else "overseas"
        )
        low_income = raw[4] < 10
        head_gender: Gender = "male" if raw[5] < 150 else "female"
        head_age = _head_age(roles, raw[6])
        head_surname = _pick_surname(ethnicity, raw[7])
        spouse_ethnicity = ethnicity if raw[8] < 220 else _ETHNICITY_TABLE[raw[9] * 3 % 1000]
        father_surname = head_surname if head_gender == "male" else None
        child_age = head_age - 22 - raw[10] % 13
        parent_age = min(head_age + 22 + raw[11] % 10, 99)
        for position, role in enumerate(roles):
            byte = raw[12 + position]
            if role == "head":
                gender, age, surname, member_ethnicity = (
                    head_gender,
                    head_age,
                    head_surname,
                    ethnicity,
                )
            elif role == "spouse":
                gender = "female" if head_gender == "male" else "male"
                age = max(20, head_age + byte % 9 - 4)
                surname = _pick_surname(spouse_ethnicity, byte)
                member_ethnicity = spouse_ethnicity
                father_surname = father_surname or surname
            elif role == "child":
                gender = "male" if byte & 1 else "female"
                age = max(0, child_age)
                child_age -= 2 + byte % 5
                surname = father_surname or head_surname
                member_ethnicity = ethnicity
            else:
                if roles.count("parent") == 2:
                    gender = "male" if roles.index("parent") == position else "female"
                else:
                    gender = "male" if byte & 1 else "female"
                age = min(parent_age + byte % 5 - 2, 99)
                surname = head_surname if gender == "male" else _pick_surname(ethnicity, byte)
                member_ethnicity = ethnicity
            yield self._resident(
                household,
                first + position,
                _RELATION_NAMES[role],
                gender,
                age,
                surname,
                member_ethnicity,
                registration,
                low_income=low_income,
                alone=size == 1,
            )

    def _resident(
        self,
        household: Household,
        n: int,
        relation: str,
        gender: Gender,
        age: int,
        surname: str,
        ethnicity: str,
        registration: Registration,
        *,
        low_income: bool,
        alone: bool,
    ) -> Resident:
        raw = digest(self._seed, "resident", n)
        born, id_card = self._ids.identity(n, age, gender, REFERENCE_DATE)
        tags: list[CareTag] = []
        if alone and age >= 65:
            tags.append("elderly_alone")
        if raw[13] < 6:
            tags.append("disabled")
        if low_income:
            tags.append("low_income")
        if gender == "male" and age >= 40 and raw[14] < 10:
            tags.append("veteran")
        if 12 <= age <= 25 and raw[15] < 6:
            tags.append("key_youth")
        has_phone = age >= 14 and (age < 80 or raw[16] < 128)
        return Resident(
            id=id_from_digest(raw),
            household_id=household.id,
            grid_unit_id=household.grid_unit_id,
            community_id=household.community_id,
            name=surname + _given_name(gender, raw),
            gender=gender,
            birth_date=born,
            ethnicity=ethnicity,
            id_card_number=id_card,
            phone=self._ids.phone(n) if has_phone else None,
            registration=registration,
            care_tags=tuple(tags),
            relation_to_head=relation,
        )


def iter_residents(seed: int, households: Iterator[Household]) -> Iterator[Resident]:
    factory = ResidentFactory(seed)
    n = 0
    sizes: tuple[int, ...] = ()
    for k, household in enumerate(households):
        if k % 4 == 0:
            sizes = household_block(seed, k // 4)
        size = sizes[k % 4]
        yield from factory.household(household, k, n, size)
        n += size
