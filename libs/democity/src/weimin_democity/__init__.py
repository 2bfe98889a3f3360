"""A deterministic demonstration city shaped like the Dali source case.

Every service's demo loader calls `generate` with the same size and seed and loads its
own part; ids are derived from ``sha256(f"{seed}:{kind}:{n}")`` so references across
services agree.
"""

from weimin_democity.city import EXPECTED_COUNTS, City
from weimin_democity.generate import DEFAULT_SEED, generate
from weimin_democity.identity import is_demo_id_card, is_demo_phone
from weimin_democity.ids import FIXED_EPOCH_MS, derive_id
from weimin_democity.model import (
    Building,
    Community,
    Counts,
    GridUnit,
    Household,
    Resident,
    ResidentGroup,
    StationedOrganisation,
    Street,
)
from weimin_democity.people import REFERENCE_DATE

__all__ = [
    "DEFAULT_SEED",
    "EXPECTED_COUNTS",
    "FIXED_EPOCH_MS",
    "REFERENCE_DATE",
    "Building",
    "City",
    "Community",
    "Counts",
    "GridUnit",
    "Household",
    "Resident",
    "ResidentGroup",
    "StationedOrganisation",
    "Street",
    "derive_id",
    "generate",
    "is_demo_id_card",
    "is_demo_phone",
]
