"""Changing the register: enrolling residents and correcting their details."""

import uuid
from typing import Any

from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import ResidentMovedIn
from weimin_events.vocabularies import Role
from weimin_grid.registry import repository
from weimin_grid.registry.errors import ResidentIdCardExists, VersionMismatch
from weimin_grid.registry.models import Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.registry.schemas import ResidentCreate, ResidentUpdate
from weimin_grid.registry.service import (
    ensure_not_anonymised,
    locate_household,
    locate_resident,
    normalised_id_card,
    normalised_phone,
)
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import InvalidInput
from weimin_kit.outbox import record_event
from weimin_kit.pii import birth_date_of, gender_of
from weimin_kit.versioning import parse_if_match

#: Who may add or correct residents (admin is implied).
WRITING_ROLES: tuple[Role, ...] = ("community_secretary", "grid_worker")
ID_CARD_FIELD = "body.id_card_number"


def _check_consistency(body: ResidentCreate, id_card: str) -> list[dict[str, str]]:
    errors = []
    born = birth_date_of(id_card)
    if body.birth_date is not None and body.birth_date != born:
        errors.append(
            {
                "field": "body.birth_date",
                "reason": f"the identity number gives {born.isoformat()}",
                "code": "birth-date-mismatch",
            }
        )
    if body.gender is not None and body.gender != gender_of(id_card):
        errors.append(
            {
                "field": "body.gender",
                "reason": f"the identity number gives {gender_of(id_card)}",
                "code": "gender-mismatch",
            }
        )
    return errors


async def enrol_resident(
    session: AsyncSession, principal: Principal, vault: PersonalDataVault, body: ResidentCreate
) -> Resident:
    """Validate everything before writing anything; a duplicate is refused up front and the
    unique blind index catches the one that races past the check."""
    ensure_role(principal, *WRITING_ROLES)
    id_card = normalised_id_card(body.id_card_number, ID_CARD_FIELD)
    phone = None if body.phone is None else normalised_phone(body.phone, "body.phone")
    mismatches = _check_consistency(body, id_card)
    if mismatches:
        raise InvalidInput(
            "; ".join(f"{e['field']}: {e['reason']}" for e in mismatches), errors=mismatches
        )
    household = await locate_household(session, principal, body.household_id, "body.household_id")
    sealed_id = vault.seal_id_card(id_card)
    if await repository.id_card_taken(session, sealed_id.index):
        raise _duplicate()
    sealed_phone = None if phone is None else vault.seal_phone(phone)
    resident = Resident(
        household_id=household.id,
        grid_unit_id=household.grid_unit_id,
        street_id=household.street_id,
        community_id=household.community_id,
        name=body.name,
        gender=gender_of(id_card),
        birth_date=birth_date_of(id_card),
        ethnicity=body.ethnicity,
        registration=body.registration,
        care_tags=sorted(set(body.care_tags)),
        relation_to_head=body.relation_to_head,
        id_card_cipher=sealed_id.cipher,
        id_card_index=sealed_id.index,
        phone_cipher=None if sealed_phone is None else sealed_phone.cipher,
        phone_index=None if sealed_phone is None else sealed_phone.index,
        version=1,
    )
    try:
        resident = await repository.add_resident(session, resident)
    except IntegrityError as exc:
        if "id_card_index" in str(exc.orig):
            raise _duplicate() from None
        raise
    # Registering someone is their moving in, as far as the grid is concerned.
    await record_event(
        session,
        source="/weimin/grid",
        subject=str(resident.id),
        payload=ResidentMovedIn(
            resident_id=resident.id,
            household_id=resident.household_id,
            from_household_id=None,
            grid_unit_id=resident.grid_unit_id,
            registration=resident.registration,
        ),
    )
    return resident


def _duplicate() -> ResidentIdCardExists:
    return ResidentIdCardExists(
        "This identity number is already on the register",
        errors=[{"field": ID_CARD_FIELD, "reason": "already registered", "code": "duplicate"}],
    )


def correction_values(
    vault: PersonalDataVault, changes: dict[str, Any], prefix: str = "body"
) -> dict[str, Any]:
    """The column values of a correction (`ResidentUpdate`, fields left out dropped): the
    phone validated and sealed. Also what a data-subject correction request stores."""
    if not changes:
        raise InvalidInput.field(prefix, "name at least one field to change", code="empty")
    for required in ("name", "care_tags", "registration"):
        if required in changes and changes[required] is None:
            raise InvalidInput.field(f"{prefix}.{required}", "cannot be null", code="null")
    values: dict[str, Any] = {
        key: value for key, value in changes.items() if key in ("name", "registration")
    }
    if "care_tags" in changes:
        values["care_tags"] = sorted(set(changes["care_tags"]))
    if "phone" in changes:
        phone = changes["phone"]
        sealed = (
            None if phone is None else vault.seal_phone(normalised_phone(phone, f"{prefix}.phone"))
        )
        values["phone_cipher"] = None if sealed is None else sealed.cipher
        values["phone_index"] = None if sealed is None else sealed.index
    return values


async def correct_resident(
    session: AsyncSession,
    principal: Principal,
    vault: PersonalDataVault,
    resident_id: uuid.UUID,
    if_match: str | None,
    body: ResidentUpdate,
) -> Resident:
    ensure_role(principal, *WRITING_ROLES)
    resident = await locate_resident(session, principal, resident_id)
    version = parse_if_match(if_match)
    values = correction_values(vault, body.model_dump(exclude_unset=True))
    ensure_not_anonymised(resident)
    if not await repository.update_resident_if_version(session, resident.id, version, values):
        raise VersionMismatch(
            f"Version {version} is stale; read the resident again and reapply your change"
        )
    await session.refresh(resident)
    return resident
