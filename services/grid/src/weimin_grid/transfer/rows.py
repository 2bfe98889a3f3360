"""Reading one import row's fields, or the reason it cannot be read (no database here).

Each kind's row names its parent by a natural key (a grid unit's code, a building's or a
household's address); `lookups.py` resolves those for a whole chunk of rows at once and
`chunks.py` puts the two together in the order a row's problems are reported.
"""

import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from weimin_grid.registry.service import normalised_id_card, normalised_phone
from weimin_kit.errors import InvalidInput
from weimin_kit.text import HumanTextError, clean_human_text

COLUMNS: dict[str, tuple[str, ...]] = {
    "buildings": ("grid_unit_code", "address", "lon", "lat", "floors"),
    "households": ("building_address", "door_number", "address"),
    "residents": (
        "household_address",
        "name",
        "id_card_number",
        "phone",
        "ethnicity",
        "registration",
        "care_tags",
        "relation_to_head",
    ),
}
#: The column naming each kind's parent, and its longest value.
PARENT_COLUMN: dict[str, tuple[str, int]] = {
    "buildings": ("grid_unit_code", 32),
    "households": ("building_address", 200),
    "residents": ("household_address", 250),
}
REGISTRATIONS = ("registered", "floating", "overseas")
CARE_TAG = re.compile(r"^[a-z][a-z0-9_]{1,31}$")


class RowProblem(Exception):
    def __init__(self, field: str, reason: str) -> None:
        super().__init__(reason)
        self.field = field
        self.reason = reason


def text(row: Mapping[str, str], field: str, max_length: int, required: bool = True) -> str:
    value = (row.get(field) or "").strip()
    if required and not value:
        raise RowProblem(field, "required")
    if len(value) > max_length:
        raise RowProblem(field, f"at most {max_length} characters")
    return value


def human(row: Mapping[str, str], field: str, max_length: int) -> str:
    """Text a person typed (a name, an address): the API's rules (weimin_kit.text), so an
    import is no way around them."""
    try:
        return clean_human_text(text(row, field, max_length), max_length=max_length)
    except HumanTextError as refused:
        raise RowProblem(field, refused.reason) from None


def number(row: Mapping[str, str], field: str, low: float, high: float) -> float:
    try:
        value = float(text(row, field, 20))
    except ValueError:
        raise RowProblem(field, "not a number") from None
    if not low <= value <= high:
        raise RowProblem(field, f"must lie between {low} and {high}")
    return value


def parent_key(kind: str, row: Mapping[str, str]) -> str:
    field, max_length = PARENT_COLUMN[kind]
    # Addresses are stored in NFC (`human`), so a parent is looked up in NFC too.
    return unicodedata.normalize("NFC", text(row, field, max_length))


@dataclass(frozen=True, slots=True)
class BuildingFields:
    address: str
    lon: float
    lat: float
    floors: int


def building_fields(row: Mapping[str, str]) -> BuildingFields:
    address = human(row, "address", 200)
    lon, lat = number(row, "lon", -180, 180), number(row, "lat", -90, 90)
    return BuildingFields(address, lon, lat, int(number(row, "floors", 1, 200)))


def household_fields(row: Mapping[str, str]) -> tuple[str, str]:
    """(door number, address)."""
    return human(row, "door_number", 20), human(row, "address", 250)


@dataclass(frozen=True, slots=True)
class ResidentFields:
    name: str
    id_card: str
    phone: str | None
    registration: str
    care_tags: list[str]

    # Read off the number validated once: the kit's birth_date_of and gender_of validate it
    # again each, which a million-row import pays for in seconds.
    @property
    def birth_date(self) -> date:
        return date(int(self.id_card[6:10]), int(self.id_card[10:12]), int(self.id_card[12:14]))

    @property
    def gender(self) -> str:
        return "male" if int(self.id_card[16]) % 2 == 1 else "female"


def resident_fields(row: Mapping[str, str]) -> ResidentFields:
    name = human(row, "name", 50)
    try:
        id_card = normalised_id_card(text(row, "id_card_number", 32), "id_card_number")
        phone_text = text(row, "phone", 32, required=False)
        phone = normalised_phone(phone_text, "phone") if phone_text else None
    except InvalidInput as problem:
        error = problem.errors[0]
        raise RowProblem(error["field"], error["reason"]) from None
    registration = text(row, "registration", 16)
    if registration not in REGISTRATIONS:
        raise RowProblem("registration", f"expected one of {', '.join(REGISTRATIONS)}")
    tags = sorted({t.strip() for t in (row.get("care_tags") or "").split("|") if t.strip()})
    if any(not CARE_TAG.match(tag) for tag in tags):
        raise RowProblem("care_tags", "tags are lower-case slugs separated by |")
    return ResidentFields(name, id_card, phone, registration, tags)


def resident_details(row: Mapping[str, str]) -> dict[str, str]:
    """The fields checked only once a resident is known to be new (as they always were)."""
    return {
        "ethnicity": human(row, "ethnicity", 20),
        "relation_to_head": human(row, "relation_to_head", 20),
    }
