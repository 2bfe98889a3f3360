"""The service a reporting member did, as other services tell it (a fulfilled wish).

Counted on the member's report (`services_done`, the reported `service_minutes`, and
`services_unreported` for those whose time nobody reported) and kept one row per wish, so
the member and their community can see what the figures are made of.
"""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_org_registry.members import repository
from weimin_org_registry.members.models import MemberReport, MemberService


async def record_wish_service(
    session: AsyncSession,
    report: MemberReport,
    *,
    wish_id: uuid.UUID,
    claim_id: uuid.UUID,
    community_id: uuid.UUID,
    claimer_type: str,
    minutes: int | None,
    fulfilled_at: datetime,
    now: datetime,
) -> MemberService | None:
    """None when this wish is already counted: the same fulfilment told again under
    another event id must not count twice."""
    if await repository.service_for_wish(session, wish_id) is not None:
        return None
    service = MemberService(
        report_id=report.id,
        wish_id=wish_id,
        claim_id=claim_id,
        community_id=community_id,
        claimer_type=claimer_type[:32],
        minutes=minutes,
        fulfilled_at=fulfilled_at,
        recorded_at=now,
        created_at=now,
        updated_at=now,
    )
    session.add(service)
    await session.flush()
    await repository.add_to_report_totals(session, report.id, minutes)
    return service
