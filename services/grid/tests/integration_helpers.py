"""Scene-setting for the partner exchange's tests: homes joined to standard addresses, and
people as the partner sends them."""

import uuid
from datetime import date, timedelta
from typing import Any

import httpx
from grid_world import Callers, World

from weimin_kit.pii import checksum_char

POPULATION = "/integration/v1/population/batches"
WRITE_POPULATION = ("integration:population.write",)


def person_id_card(n: int) -> str:
    """Distinct valid identity numbers (born 1990 onwards, 500 a day), none the world's."""
    born = date(1990, 1, 1) + timedelta(days=n // 500)
    first17 = f"532999{born:%Y%m%d}{(n % 500) * 2 + 1:03d}"
    return first17 + checksum_char(first17)


def person(n: int, address_code: str, **changes: Any) -> dict[str, Any]:
    return {
        "partner_ref": f"P{n:06d}",
        "name": f"测试{n}",
        "id_card_number": person_id_card(n),
        "phone": f"139{n:08d}",
        "ethnicity": "白族",
        "registration": "floating",
        "relation_to_head": "租户",
        "address_code": address_code,
        **changes,
    }


async def home_address(client: httpx.AsyncClient, world: World, callers: Callers, grid: str) -> str:
    """Gives the grid's one home a standard address, joined; returns its code."""
    code = f"532999HOME{grid}{uuid.uuid4().hex[:6].upper()}"
    row = {
        "code": code,
        "grid_unit_code": world.grid_codes[grid],
        "province": "云南省",
        "city": "大理白族自治州",
        "county": "大理市",
        "town": "下关街道",
        "community": "测试社区",
        "road": "测试路",
        "number": str(ord(grid)),
        "building": "1",
        "unit": "1",
        "floor": "1",
        "room": "101",
    }
    imported = await client.post(
        "/v1/standard-addresses/import", json={"rows": [row]}, headers=callers.admin()
    )
    assert imported.status_code == 200, imported.text
    address_id = imported.json()["results"][0]["address_id"]
    joined = await client.put(
        f"/v1/households/{world.households[grid]}/standard-address",
        json={"standard_address_id": address_id},
        headers=callers.admin(),
    )
    assert joined.status_code == 200, joined.text
    return code


async def send(
    client: httpx.AsyncClient,
    headers: dict[str, str],
    records: list[Any],
    key: str | None = None,
) -> httpx.Response:
    return await client.post(
        POPULATION,
        json={"records": records},
        headers={**headers, "Idempotency-Key": key or uuid.uuid4().hex},
    )
