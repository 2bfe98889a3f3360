import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import CursorResult, Select, String, cast, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.scope import scope_condition
from weimin_kit.auth import Principal
from weimin_kit.types import utcnow


def buildings_in_scope(principal: Principal) -> Select[Building]:
    condition = scope_condition(
        principal,
        street=Building.street_id,
        community=Building.community_id,
        grid=Building.grid_unit_id,
    )
    statement = select(Building)
    return statement if condition is None else statement.where(condition)


def households_in_scope(principal: Principal) -> Select[Household]:
    condition = scope_condition(
        principal,
        street=Household.street_id,
        community=Household.community_id,
        grid=Household.grid_unit_id,
    )
    statement = select(Household)
    return statement if condition is None else statement.where(condition)


@dataclass(frozen=True, slots=True)
class ResidentFilter:
    grid_unit_id: uuid.UUID | None = None
    household_id: uuid.UUID | None = None
    name: str | None = None
    id_card_index: str | None = None
    phone_index: str | None = None
    care_tag: str | None = None
    #: True: only those who moved out; False: only those living here; None: both.
    moved_out: bool | None = None


def residents_in_scope(principal: Principal, where: ResidentFilter) -> Select[Resident]:
    statement = select(Resident)
    condition = scope_condition(
        principal,
        street=Resident.street_id,
        community=Resident.community_id,
        grid=Resident.grid_unit_id,
    )
    if condition is not None:
        statement = statement.where(condition)
    if where.grid_unit_id is not None:
        statement = statement.where(Resident.grid_unit_id == where.grid_unit_id)
    if where.household_id is not None:
        statement = statement.where(Resident.household_id == where.household_id)
    if where.name:
        statement = statement.where(Resident.name.contains(where.name, autoescape=True))
    if where.id_card_index is not None:
        statement = statement.where(Resident.id_card_index == where.id_card_index)
    if where.phone_index is not None:
        statement = statement.where(Resident.phone_index == where.phone_index)
    if where.moved_out is not None:
        moved = Resident.moved_out_at.is_not(None)
        statement = statement.where(moved if where.moved_out else ~moved)
    if where.care_tag is not None:
        # care_tags is a JSON list of slugs; its text form holds "tag" with the quotes on
        # both databases, and the slug pattern rules out quotes and wildcards in the tag.
        statement = statement.where(
            cast(Resident.care_tags, String).contains(f'"{where.care_tag}"', autoescape=True)
        )
    return statement


async def get_household(session: AsyncSession, household_id: uuid.UUID) -> Household | None:
    return await session.get(Household, household_id)


async def get_resident(session: AsyncSession, resident_id: uuid.UUID) -> Resident | None:
    return await session.get(Resident, resident_id)


async def id_card_taken(session: AsyncSession, id_card_index: str) -> bool:
    found = await session.scalar(
        select(Resident.id).where(Resident.id_card_index == id_card_index).limit(1)
    )
    return found is not None


async def add_resident(session: AsyncSession, resident: Resident) -> Resident:
    session.add(resident)
    await session.flush()
    return resident


async def update_resident_if_version(
    session: AsyncSession, resident_id: uuid.UUID, version: int, values: Mapping[str, Any]
) -> bool:
    """Apply `values` only if the row is still at `version`; False when someone else won.

    The version test is in the UPDATE itself, so two writers holding the same version
    cannot both succeed, whatever the isolation level.
    """
    result: CursorResult[Any] = await session.execute(  # type: ignore[assignment]
        update(Resident)
        .where(Resident.id == resident_id, Resident.version == version)
        .values(**values, version=Resident.version + 1, updated_at=utcnow())
        .execution_options(synchronize_session=False)
    )
    return result.rowcount == 1
