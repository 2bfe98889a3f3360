"""Residents moving out of and into households: floating population moving on, families
moving house. Each move is a versioned change (If-Match) with an event."""

import uuid
from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events import payloads
from weimin_grid.registry import repository
from weimin_grid.registry.changes import WRITING_ROLES
from weimin_grid.registry.errors import VersionMismatch
from weimin_grid.registry.models import Resident
from weimin_grid.registry.schemas import MoveIn, MoveOut
from weimin_grid.registry.service import (
    ensure_not_anonymised,
    locate_household,
    locate_resident,
)
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.errors import Conflict, InvalidInput
from weimin_kit.outbox import record_event
from weimin_kit.versioning import parse_if_match

SOURCE = "/weimin/grid"


class ResidentMovedOut(Conflict):
    code = "resident-moved-out"
    title = "The resident has already moved out"
    title_zh = "该居民已迁出"


async def _apply(
    session: AsyncSession, resident: Resident, if_match: str | None, values: dict[str, object]
) -> Resident:
    version = parse_if_match(if_match)
    if not await repository.update_resident_if_version(session, resident.id, version, values):
        raise VersionMismatch(f"Version {version} is stale; read the resident again")
    await session.refresh(resident)
    return resident


async def move_out(
    session: AsyncSession,
    principal: Principal,
    resident_id: uuid.UUID,
    if_match: str | None,
    body: MoveOut,
    now: datetime,
) -> Resident:
    ensure_role(principal, *WRITING_ROLES)
    resident = await locate_resident(session, principal, resident_id)
    # A resident anonymised on a deletion request while still living here has nothing
    # left to record: a reason written now would put free text back on the row.
    ensure_not_anonymised(resident)
    if resident.moved_out_at is not None:
        raise ResidentMovedOut("Move the resident in again before moving them out")
    moved_at = body.moved_at or now
    if moved_at.tzinfo is None or moved_at > now + timedelta(minutes=5):
        raise InvalidInput.field("body.moved_at", "a past time with a time zone offset")
    resident = await _apply(
        session,
        resident,
        if_match,
        {"moved_out_at": moved_at, "move_out_reason": body.reason, "move_out_cause": body.cause},
    )
    await record_event(
        session,
        source=SOURCE,
        subject=str(resident.id),
        payload=payloads.ResidentMovedOut(
            resident_id=resident.id,
            household_id=resident.household_id,
            grid_unit_id=resident.grid_unit_id,
            registration=resident.registration,
        ),
    )
    return resident


async def move_in(
    session: AsyncSession,
    principal: Principal,
    resident_id: uuid.UUID,
    if_match: str | None,
    body: MoveIn,
) -> Resident:
    """Into another household (or back into the same one after moving out): the new
    household must lie within the caller's scope too."""
    ensure_role(principal, *WRITING_ROLES)
    resident = await locate_resident(session, principal, resident_id)
    ensure_not_anonymised(resident)
    household = await locate_household(session, principal, body.household_id, "body.household_id")
    if household.id == resident.household_id and resident.moved_out_at is None:
        raise InvalidInput.field("body.household_id", "the resident already lives there", "same")
    previous = resident.household_id
    resident = await _apply(
        session,
        resident,
        if_match,
        {
            "household_id": household.id,
            "grid_unit_id": household.grid_unit_id,
            "street_id": household.street_id,
            "community_id": household.community_id,
            "moved_out_at": None,
            "move_out_reason": None,
            "move_out_cause": None,
        },
    )
    await record_event(
        session,
        source=SOURCE,
        subject=str(resident.id),
        payload=payloads.ResidentMovedIn(
            resident_id=resident.id,
            household_id=household.id,
            from_household_id=previous,
            grid_unit_id=household.grid_unit_id,
            registration=resident.registration,
        ),
    )
    return resident
