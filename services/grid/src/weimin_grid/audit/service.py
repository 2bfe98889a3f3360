import uuid
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import Role
from weimin_grid.audit import repository
from weimin_grid.audit.models import RevealAudit
from weimin_grid.audit.schemas import OwnRevealRead, RevealAuditRead
from weimin_grid.registry.models import Resident
from weimin_kit.auth import Principal, ensure_role
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_kit.requestid import current_request_id

#: Who may see a resident's identity number or phone unmasked (admin is implied), and so
#: who has a reveal history of their own to read.
REVEALING_ROLES: tuple[Role, ...] = ("community_secretary", "grid_worker")


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


async def list_own_reveals(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[OwnRevealRead]:
    """The caller's own reveals, newest first: a grid worker can account for what they read
    without reading anyone else's audit trail."""
    ensure_role(principal, *REVEALING_ROLES)
    entries = await paginate(
        session,
        repository.reveals_by(principal.subject),
        RevealAudit.id,
        page,
        RevealAuditRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
    names = await repository.resident_names_in_scope(
        session, principal, {entry.resident_id for entry in entries.items}
    )
    return Page[OwnRevealRead](
        items=[
            OwnRevealRead(
                id=entry.id,
                resident_id=entry.resident_id,
                resident_name=names.get(entry.resident_id),
                grid_unit_id=entry.grid_unit_id,
                fields=entry.fields,
                reason=entry.reason,
                at=entry.at,
            )
            for entry in entries.items
        ],
        next_cursor=entries.next_cursor,
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
