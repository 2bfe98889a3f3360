"""The demonstration city's records: plain frozen dataclasses, no behaviour."""

import uuid
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal

from weimin_events.vocabularies import CareTag

Size = Literal["demo", "city"]
Gender = Literal["male", "female"]
Registration = Literal["registered", "floating", "overseas"]
OrganisationLevel = Literal["prefecture", "city", "two_new"]
#: GeoJSON geometry ``{"type": "Polygon", "coordinates": [[[lon, lat], ...]]}`` (WGS-84).
Polygon = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Street:
    id: uuid.UUID
    code: str
    name: str
    division_code: str
    boundary: Polygon


@dataclass(frozen=True, slots=True)
class Community:
    id: uuid.UUID
    street_id: uuid.UUID
    code: str
    name: str
    division_code: str
    boundary: Polygon


@dataclass(frozen=True, slots=True)
class ResidentGroup:
    id: uuid.UUID
    community_id: uuid.UUID
    code: str
    name: str


@dataclass(frozen=True, slots=True)
class GridUnit:
    id: uuid.UUID
    community_id: uuid.UUID
    resident_group_id: uuid.UUID
    code: str
    name: str
    boundary: Polygon
    centroid: tuple[float, float]


@dataclass(frozen=True, slots=True)
class StationedOrganisation:
    id: uuid.UUID
    name: str
    level: OrganisationLevel
    sector: str
    #: organ / public_institution / state_enterprise, or new_economic / new_social.
    kind: str
    community_ids: tuple[uuid.UUID, ...]


@dataclass(frozen=True, slots=True)
class StandardAddress:
    """A structured, coded address (一标三实): a building's down to `building`, a home's
    down to `room`. The code: the community's 12-digit division code, then the road's,
    the door number's and the building's numbers (and for a home unit, floor and door)."""

    code: str
    province: str
    city: str
    county: str
    town: str
    community: str
    road: str
    number: str
    building: str
    unit: str | None = None
    floor: str | None = None
    room: str | None = None


@dataclass(frozen=True, slots=True)
class Building:
    id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    address: str
    lon: float
    lat: float
    floors: int
    standard_address: StandardAddress


@dataclass(frozen=True, slots=True)
class Household:
    id: uuid.UUID
    building_id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    door_number: str
    address: str
    standard_address: StandardAddress


@dataclass(frozen=True, slots=True)
class Resident:
    id: uuid.UUID
    household_id: uuid.UUID
    grid_unit_id: uuid.UUID
    community_id: uuid.UUID
    name: str
    gender: Gender
    birth_date: date
    ethnicity: str
    id_card_number: str
    phone: str | None
    registration: Registration
    care_tags: tuple[CareTag, ...]
    relation_to_head: str


@dataclass(frozen=True, slots=True)
class Counts:
    streets: int
    communities: int
    resident_groups: int
    grid_units: int
    stationed_organisations: int
    buildings: int
    households: int
    residents: int
