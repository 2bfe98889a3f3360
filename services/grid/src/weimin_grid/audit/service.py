import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.audit import repository
from weimin_grid.audit.models import RevealAudit
from weimin_grid.audit.schemas import RevealAuditRead
from weimin_grid.registry.models import Resident
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.requestid import current_request_id


async def record_reveal(
    session: AsyncSession,
    principal: Principal,
    resident: Resident,
    fields: Sequence[str],
    reason: str,
) -> RevealAudit:
    """Written in the request's own transaction: no unmasked read without its audit row."""
    return await repository.add_reveal(
        session,
        RevealAudit(
            principal_subject=principal.subject,
            principal_roles=sorted(principal.roles),
            resident_id=resident.id,
            street_id=resident.street_id,
            community_id=resident.community_id,
            grid_unit_id=resident.grid_unit_id,
            fields=list(fields),
            reason=reason,
            request_id=current_request_id(),
        ),
    )


async def list_reveals(
    session: AsyncSession,
    principal: Principal,
    page: PageParams,
    resident_id: uuid.UUID | None = None,
) -> Page[RevealAuditRead]:
    """Admins read the whole log; a community secretary reads its communities' part."""
    return await paginate(
        session,
        repository.reveals(audit_readers_communities(principal), resident_id),
        RevealAudit.id,
        page,
        RevealAuditRead.model_validate,
        parse_key=uuid.UUID,
    )


def audit_readers_communities(principal: Principal) -> list[uuid.UUID] | None:
    """Whose audit rows the caller reads: None for an admin (all of them), else the
    communities a community secretary's scopes name. Anyone else is refused."""
    ensure_role(principal, "community_secretary")
    if principal.is_admin:
        return None
    communities = []
    for value in principal.scope_ids("community"):
        try:
            communities.append(uuid.UUID(value))
        except ValueError:
            continue
    return communities
