"""The personal-data audit log: who did what to whose data, when; never the values."""

import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.audit.service import audit_readers_communities
from weimin_grid.privacy import repository
from weimin_grid.privacy.models import PersonalDataAudit
from weimin_grid.privacy.schemas import PersonalDataAuditRead
from weimin_grid.registry.models import Resident
from weimin_kit.auth import Principal
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.requestid import current_request_id

#: The subject of the steps the retention sweep takes by itself.
SYSTEM_SUBJECT = "system:retention"


async def record(
    session: AsyncSession,
    action: str,
    resident: Resident,
    principal: Principal | None,
    *,
    at: datetime,
    fields: Sequence[str] = (),
    data_request_id: uuid.UUID | None = None,
) -> None:
    await repository.add(
        session,
        PersonalDataAudit(
            action=action,
            principal_subject=SYSTEM_SUBJECT if principal is None else principal.subject,
            principal_roles=[] if principal is None else sorted(principal.roles),
            resident_id=resident.id,
            street_id=resident.street_id,
            community_id=resident.community_id,
            grid_unit_id=resident.grid_unit_id,
            data_request_id=data_request_id,
            fields=sorted(fields),
            request_id=current_request_id(),
            at=at,
        ),
    )


async def list_audits(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    resident_id: uuid.UUID | None = None,
) -> Page[PersonalDataAuditRead]:
    """Like the reveal log: admins read all, a community secretary its communities'."""
    return await paginate(
        session,
        repository.audits(audit_readers_communities(principal), resident_id),
        PersonalDataAudit.id,
        page,
        PersonalDataAuditRead.model_validate,
        parse_key=uuid.UUID,
    )
