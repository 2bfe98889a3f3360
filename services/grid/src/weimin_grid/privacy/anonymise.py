"""Anonymising a resident (PIPL art. 47, art. 73(4)): what identifies the person is
replaced by placeholders that derive from nothing, what could be decrypted or matched is
removed, and the row stays for statistics."""

import uuid
from datetime import date, datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.privacy import audit, repository
from weimin_grid.registry.models import Resident
from weimin_kit.auth import Principal

#: Placeholders: the same for everyone, so nothing can be recovered from them.
ANONYMISED_NAME = "已匿名"
ANONYMISED_TEXT = "-"
#: What anonymisation removes or replaces, as named in the audit entry.
ANONYMISED_FIELDS = [
    "birth_date",
    "care_tags",
    "ethnicity",
    "household_id",
    "id_card_number",
    "move_out_reason",
    "name",
    "phone",
    "relation_to_head",
]


def anonymised_values(birth_date: date, now: datetime) -> dict[str, Any]:
    """Kept: gender, registration, the grid unit's ancestry, the moved-out date and
    cause, and the birth year (1 January) for age bands."""
    return {
        "name": ANONYMISED_NAME,
        "id_card_cipher": None,
        "id_card_index": None,
        "phone_cipher": None,
        "phone_index": None,
        "household_id": None,
        "birth_date": date(birth_date.year, 1, 1),
        "ethnicity": ANONYMISED_TEXT,
        "relation_to_head": ANONYMISED_TEXT,
        "care_tags": [],
        "move_out_reason": None,
        "anonymised_at": now,
    }


async def anonymise(
    session: AsyncSession,
    resident: Resident,
    now: datetime,
    principal: Principal | None,
    data_request_id: uuid.UUID | None = None,
) -> bool:
    """Anonymise `resident` and audit it, in the caller's transaction; False (and no
    audit entry) when it was already anonymised, by another sweep or request."""
    values = anonymised_values(resident.birth_date, now)
    if not await repository.update_resident_unless_anonymised(session, resident.id, values):
        return False
    await repository.clear_pending_changes(session, resident.id)
    await audit.record(
        session,
        "resident.anonymised",
        resident,
        principal,
        at=now,
        fields=ANONYMISED_FIELDS,
        data_request_id=data_request_id,
    )
    await session.refresh(resident)
    return True
