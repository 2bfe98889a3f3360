"""The demonstration city's standard addresses: one per building and one per home, joined
to them. Ids derive from the building's or household's own, so every load agrees."""

import dataclasses
import uuid
from collections.abc import Iterator
from typing import Any

from sqlalchemy import bindparam, update
from sqlalchemy.ext.asyncio import AsyncConnection

from weimin_democity import City
from weimin_democity.model import StandardAddress as DemoAddress
from weimin_grid.addresses.models import StandardAddress
from weimin_grid.addresses.normalise import comparison_key, full_text
from weimin_grid.registry.models import Building, Household
from weimin_kit.db import insert_in_batches
from weimin_kit.types import utcnow


def address_id(owner_id: uuid.UUID) -> uuid.UUID:
    """The id of the standard address of the building or household `owner_id`."""
    return uuid.uuid5(owner_id, "standard-address")


def _row(
    owner_id: uuid.UUID,
    address: DemoAddress,
    grid_unit_id: uuid.UUID,
    community_id: uuid.UUID,
    street_id: uuid.UUID,
) -> dict[str, Any]:
    fields = dataclasses.asdict(address)
    now = utcnow()
    return {
        **fields,
        "id": address_id(owner_id),
        "grid_unit_id": grid_unit_id,
        "street_id": street_id,
        "community_id": community_id,
        "full_text": full_text(fields),
        "comparison_key": comparison_key(fields),
        "created_at": now,
        "updated_at": now,
    }


def address_rows(city: City, street_of: dict[uuid.UUID, uuid.UUID]) -> Iterator[dict[str, Any]]:
    for building in city.iter_buildings():
        street = street_of[building.community_id]
        yield _row(
            building.id,
            building.standard_address,
            building.grid_unit_id,
            building.community_id,
            street,
        )
    for household in city.iter_households():
        street = street_of[household.community_id]
        yield _row(
            household.id,
            household.standard_address,
            household.grid_unit_id,
            household.community_id,
            street,
        )


async def add_addresses_to_loaded_city(
    connection: AsyncConnection, city: City, street_of: dict[uuid.UUID, uuid.UUID]
) -> int:
    """For a city loaded before standard addresses existed: add them and join them."""
    count = await insert_in_batches(connection, StandardAddress, address_rows(city, street_of))
    for table, owners in (
        (Building, (b.id for b in city.iter_buildings())),
        (Household, (h.id for h in city.iter_households())),
    ):
        await connection.execute(
            update(table)
            .where(table.id == bindparam("owner_id"))
            .values(standard_address_id=bindparam("joined_address_id")),
            [{"owner_id": owner, "joined_address_id": address_id(owner)} for owner in owners],
        )
    return count
