"""The hours ledger: credits, reversing corrections, totals and star levels.

Lines are only ever appended. The running total moves by an arithmetic UPDATE in the same
transaction as its line, so it is exact however many credits land at once and always
equals the sum of the lines (`recount_minutes`).
"""

import bisect
import uuid
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import HoursCredited
from weimin_kit.auth import Principal
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import PageParams, paginate
from weimin_volunteers import events
from weimin_volunteers.hours import repository
from weimin_volunteers.hours.certificate import find_font, render_certificate
from weimin_volunteers.hours.errors import EntryAlreadyReversed, ReversalNotReversible
from weimin_volunteers.hours.models import HoursEntry
from weimin_volunteers.hours.schemas import HoursEntryRead, HoursSummary, ManualCredit
from weimin_volunteers.registry import service as registry
from weimin_volunteers.registry.models import Volunteer
from weimin_volunteers.scope import manager_covers

#: Ledger lines printed on a certificate.
CERTIFICATE_LINES = 15


def stars_for(minutes: int, thresholds_hours: Sequence[int]) -> tuple[int, int | None]:
    """(stars, hours needed for the next star or None at the top)."""
    hours = minutes / 60
    stars = bisect.bisect_right(list(thresholds_hours), hours)
    following = thresholds_hours[stars] if stars < len(thresholds_hours) else None
    return stars, following


async def credit(
    session: AsyncSession,
    *,
    volunteer_id: uuid.UUID,
    minutes: int,
    kind: str,
    reason: str,
    recorded_by: str,
    now: datetime,
    signup_id: uuid.UUID | None = None,
    credit_key: str | None = None,
    reverses_entry_id: uuid.UUID | None = None,
    minutes_reported: bool = True,
) -> uuid.UUID:
    entry_id = await repository.append(
        session,
        volunteer_id=volunteer_id,
        minutes=minutes,
        kind=kind,
        reason=reason,
        recorded_by=recorded_by,
        now=now,
        signup_id=signup_id,
        credit_key=credit_key,
        reverses_entry_id=reverses_entry_id,
        minutes_reported=minutes_reported,
    )
    await events.record(
        session,
        volunteer_id,
        HoursCredited(
            volunteer_id=volunteer_id,
            entry_id=entry_id,
            minutes=minutes,
            kind=kind,
            account_id=await events.account_of(session, volunteer_id),
        ),
    )
    return entry_id


async def summarise(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    page: PageParams,
    thresholds_hours: Sequence[int],
) -> HoursSummary:
    volunteer = await registry.locate_volunteer(session, principal, volunteer_id)
    minutes = await repository.total_minutes(session, volunteer.id)
    stars, following = stars_for(minutes, thresholds_hours)
    entries = await paginate(
        session,
        repository.entries_of(volunteer.id),
        HoursEntry.id,
        page,
        HoursEntryRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
    return HoursSummary(
        volunteer_id=volunteer.id,
        confirmed_minutes=minutes,
        confirmed_hours=round(minutes / 60, 2),
        stars=stars,
        next_star_at_hours=following,
        entries=entries,
    )


def _ensure_manages(principal: Principal, volunteer: Volunteer) -> None:
    if not manager_covers(principal, street=volunteer.street_id, community=volunteer.community_id):
        raise Forbidden("Only the volunteer's community or street staff change their hours")


async def credit_manually(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    body: ManualCredit,
    now: datetime,
) -> HoursEntry:
    volunteer = await registry.locate_volunteer(session, principal, volunteer_id)
    _ensure_manages(principal, volunteer)
    key = None if body.credit_key is None else f"manual:{volunteer.id}:{body.credit_key}"
    if key is not None:
        earlier = await repository.credit_key_used(session, key)
        if earlier is not None:
            return earlier
    entry_id = await credit(
        session,
        volunteer_id=volunteer.id,
        minutes=body.minutes,
        kind="manual",
        reason=body.reason,
        recorded_by=principal.subject[:64],
        now=now,
        credit_key=key,
    )
    return await _entry(session, entry_id)


async def reverse_entry(
    session: AsyncSession, principal: Principal, entry_id: uuid.UUID, reason: str, now: datetime
) -> HoursEntry:
    entry = await repository.get_entry(session, entry_id)
    if entry is None:
        raise NotFound("No such ledger entry")
    volunteer = await registry.locate_volunteer(session, principal, entry.volunteer_id)
    _ensure_manages(principal, volunteer)
    if entry.kind == "reversal":
        raise ReversalNotReversible("Credit the hours again instead of reversing a reversal")
    if await repository.reversal_of(session, entry.id) is not None:
        raise EntryAlreadyReversed("Each entry can be reversed once")
    reversal_id = await credit(
        session,
        volunteer_id=entry.volunteer_id,
        minutes=-entry.minutes,
        kind="reversal",
        reason=reason,
        recorded_by=principal.subject[:64],
        now=now,
        reverses_entry_id=entry.id,
    )
    return await _entry(session, reversal_id)


async def _entry(session: AsyncSession, entry_id: uuid.UUID) -> HoursEntry:
    entry = await repository.get_entry(session, entry_id)
    assert entry is not None  # written in this transaction
    return entry


async def service_certificate(
    session: AsyncSession,
    principal: Principal,
    volunteer_id: uuid.UUID,
    thresholds_hours: Sequence[int],
    font_path: str | None,
    now: datetime,
) -> bytes:
    """The PDF certificate; whoever may see the volunteer's hours may print it."""
    font = find_font(font_path)
    volunteer = await registry.locate_volunteer(session, principal, volunteer_id)
    minutes = await repository.total_minutes(session, volunteer.id)
    stars, _ = stars_for(minutes, thresholds_hours)
    latest = await repository.latest_entries(session, volunteer.id, CERTIFICATE_LINES)
    return render_certificate(volunteer, minutes, stars, latest, now, font)
