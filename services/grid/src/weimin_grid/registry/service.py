"""Reading the register: buildings, households, residents (masked) and audited reveals."""

import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.audit.service import REVEALING_ROLES, record_reveal
from weimin_grid.registry import repository
from weimin_grid.registry.errors import ResidentAnonymised
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.registry.repository import ResidentFilter
from weimin_grid.registry.schemas import (
    BuildingRead,
    HouseholdRead,
    ResidentRead,
    ResidentReveal,
    RevealRequest,
)
from weimin_grid.scope import covers
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.pii import InvalidIdCard, InvalidPhone, validate_id_card, validate_mobile


def resident_read(resident: Resident, vault: PersonalDataVault) -> ResidentRead:
    return ResidentRead(
        id=resident.id,
        household_id=resident.household_id,
        grid_unit_id=resident.grid_unit_id,
        street_id=resident.street_id,
        community_id=resident.community_id,
        name=resident.name,
        gender=resident.gender,
        birth_date=resident.birth_date,
        ethnicity=resident.ethnicity,
        registration=resident.registration,
        care_tags=list(resident.care_tags),
        relation_to_head=resident.relation_to_head,
        id_card_number=None
        if resident.id_card_cipher is None
        else vault.masked_id_card(resident.id_card_cipher),
        phone=vault.masked_phone(resident.phone_cipher),
        moved_out_at=resident.moved_out_at,
        move_out_cause=resident.move_out_cause,
        anonymised_at=resident.anonymised_at,
        version=resident.version,
        created_at=resident.created_at,
        updated_at=resident.updated_at,
    )


async def list_buildings(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    grid_unit_id: uuid.UUID | None = None,
) -> Page[BuildingRead]:
    statement = repository.buildings_in_scope(principal)
    if grid_unit_id is not None:
        statement = statement.where(Building.grid_unit_id == grid_unit_id)
    return await paginate(
        session, statement, Building.id, page, BuildingRead.model_validate, parse_key=uuid.UUID
    )


async def list_households(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    building_id: uuid.UUID | None = None,
    address: str | None = None,
) -> Page[HouseholdRead]:
    """Households in scope; `address` is a partial match, its wildcards taken literally."""
    statement = repository.households_in_scope(principal)
    if building_id is not None:
        statement = statement.where(Household.building_id == building_id)
    if address and address.strip():
        statement = statement.where(Household.address.contains(address.strip(), autoescape=True))
    return await paginate(
        session, statement, Household.id, page, HouseholdRead.model_validate, parse_key=uuid.UUID
    )


def normalised_id_card(value: str, field: str) -> str:
    try:
        return validate_id_card(value)
    except InvalidIdCard as exc:
        raise InvalidInput.field(field, str(exc), code="invalid-id-card") from None


def normalised_phone(value: str, field: str) -> str:
    try:
        return validate_mobile(value)
    except InvalidPhone as exc:
        raise InvalidInput.field(field, str(exc), code="invalid-phone") from None


async def list_residents(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    page: PageParams,
    *,
    grid_unit_id: uuid.UUID | None = None,
    household_id: uuid.UUID | None = None,
    name: str | None = None,
    id_card_number: str | None = None,
    phone: str | None = None,
    care_tag: str | None = None,
    moved_out: bool | None = None,
) -> Page[ResidentRead]:
    """Searches by identity number or phone go through the blind index: exact match only."""
    where = ResidentFilter(
        grid_unit_id=grid_unit_id,
        household_id=household_id,
        name=name.strip() if name else None,
        id_card_index=None
        if id_card_number is None
        else vault.id_card_index(normalised_id_card(id_card_number, "query.id_card_number")),
        phone_index=None
        if phone is None
        else vault.phone_index(normalised_phone(phone, "query.phone")),
        care_tag=care_tag,
        moved_out=moved_out,
    )
    return await paginate(
        session,
        repository.residents_in_scope(principal, where),
        Resident.id,
        page,
        lambda resident: resident_read(resident, vault),
        parse_key=uuid.UUID,
    )


async def locate_resident(
    session: AsyncSession, principal: Principal, resident_id: uuid.UUID
) -> Resident:
    """The resident, or 404 when absent or outside scope (existence is not leaked)."""
    resident = await repository.get_resident(session, resident_id)
    if resident is None or not covers(
        principal,
        street=resident.street_id,
        community=resident.community_id,
        grid=resident.grid_unit_id,
    ):
        raise NotFound("No such resident")
    return resident


def ensure_not_anonymised(resident: Resident) -> None:
    """Nothing of an anonymised person is left to reveal, correct or move."""
    if resident.anonymised_at is not None:
        raise ResidentAnonymised("The resident's personal data was anonymised")


async def locate_household(
    session: AsyncSession, principal: Principal, household_id: uuid.UUID, field: str
) -> Household:
    household = await repository.get_household(session, household_id)
    if household is None or not covers(
        principal,
        street=household.street_id,
        community=household.community_id,
        grid=household.grid_unit_id,
    ):
        raise NotFound(
            "No such household",
            errors=[{"field": field, "reason": "no such household", "code": "not-found"}],
        )
    return household


async def reveal_resident(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    resident_id: uuid.UUID,
    request: RevealRequest,
) -> ResidentReveal:
    ensure_role(principal, *REVEALING_ROLES)
    resident = await locate_resident(session, principal, resident_id)
    ensure_not_anonymised(resident)
    fields: Sequence[str] = sorted(set(request.fields))
    entry = await record_reveal(session, principal, resident, fields, request.reason)
    return ResidentReveal(
        resident_id=resident.id,
        id_card_number=vault.open_id_card(resident.id_card_cipher)
        if "id_card_number" in fields and resident.id_card_cipher is not None
        else None,
        phone=vault.open_phone(resident.phone_cipher) if "phone" in fields else None,
        audit_id=entry.id,
    )
