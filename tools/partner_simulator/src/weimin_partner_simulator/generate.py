"""The partner's own register, made up but the same for the same seed: new standard
addresses in the area's grid units, and people living at its homes."""

import random
from datetime import date, timedelta
from typing import Any

from weimin_partner_simulator.identity_numbers import identity_number

SURNAMES = "李王张刘陈杨赵黄周吴段杜苏"
GIVEN = ("建国", "秀英", "丽华", "志强", "海燕", "文军", "春梅", "晓东", "玉兰", "国华")
ETHNICITIES = ("汉族", "白族", "彝族", "回族", "纳西族")
#: Mostly renters from elsewhere: the people a public-security register adds.
REGISTRATIONS = ("floating", "floating", "floating", "registered")
RELATIONS = ("租户", "户主", "配偶", "子女")
PLACE_FIELDS = ("province", "city", "county", "town", "community")
DEFAULT_PLACE = {
    "province": "云南省",
    "city": "大理白族自治州",
    "county": "大理市",
    "town": "下关街道",
    "community": "仿真社区",
}
DIVISION = "532901"  # 大理市
#: The codes of the addresses the simulator makes up (a person never lives at one: they
#: are joined to no home).
OWN_CODE_PREFIX = "GA-SIM-"


def address_records(
    seed: int,
    grid_units: list[dict[str, Any]],
    known: list[dict[str, Any]],
    count: int,
    resend: int = 2,
) -> list[dict[str, Any]]:
    """`resend` of the area's own addresses sent back as they are (Weimin answers
    `unchanged`), then `count` new ones in the area's grid units (`created` the first time,
    `unchanged` on a later run with the same seed)."""
    code_of_unit = {unit["properties"]["id"]: unit["properties"]["code"] for unit in grid_units}
    records = [_as_record(address, code_of_unit) for address in known[:resend]]
    if not grid_units:
        return records
    rng = random.Random(seed)  # noqa: S311 - made-up records, the same for a seed
    place_of_unit = {address["grid_unit_id"]: address for address in known}
    for n in range(count):
        unit = grid_units[rng.randrange(len(grid_units))]["properties"]
        place = place_of_unit.get(unit["id"], DEFAULT_PLACE)
        records.append(
            {
                "code": f"{OWN_CODE_PREFIX}{seed:04d}-{n:05d}",
                "grid_unit_code": unit["code"],
                **{name: place[name] for name in PLACE_FIELDS},
                "road": "公安仿真路",
                "number": str(100 + n),
                "building": "1",
                "unit": str(1 + rng.randrange(3)),
                "floor": str(1 + rng.randrange(6)),
                "room": f"{1 + rng.randrange(6)}0{1 + rng.randrange(4)}",
            }
        )
    return records


def _as_record(address: dict[str, Any], code_of_unit: dict[str, str]) -> dict[str, Any]:
    fields = (*PLACE_FIELDS, "road", "number", "building", "unit", "floor", "room")
    record = {name: address[name] for name in fields if address.get(name) is not None}
    record["code"] = address["code"]
    if address.get("grid_unit_id") in code_of_unit:
        record["grid_unit_code"] = code_of_unit[address["grid_unit_id"]]
    return record


def population_records(
    seed: int, homes: list[dict[str, Any]], count: int, invalid: int = 0
) -> list[dict[str, Any]]:
    """`count` people at the given home addresses, the first `invalid` of them with a
    broken identity number checksum (to watch a record be rejected on its own)."""
    if not homes:
        return []
    rng = random.Random(seed * 7919 + 1)  # noqa: S311 - as above
    records = []
    for n in range(count):
        home = homes[rng.randrange(len(homes))]
        male = rng.random() < 0.5
        born = date(1950, 1, 1) + timedelta(days=rng.randrange(55 * 365))
        number = identity_number(DIVISION, f"{born:%Y%m%d}", seed * 1000 + n, male)
        if n < invalid:
            number = number[:-1] + ("0" if number[-1] != "0" else "1")
        records.append(
            {
                "partner_ref": f"GA-{seed:04d}-{n:06d}",
                "name": rng.choice(SURNAMES) + rng.choice(GIVEN),
                "id_card_number": number,
                "phone": f"139{rng.randrange(10**8):08d}",
                "ethnicity": rng.choice(ETHNICITIES),
                "registration": rng.choice(REGISTRATIONS),
                "relation_to_head": rng.choice(RELATIONS),
                "address_code": home["code"],
            }
        )
    return records
