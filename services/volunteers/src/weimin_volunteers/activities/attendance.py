"""Check-in, check-out and the leader's confirmation that turns attendance into hours.

Every state change is a conditional UPDATE (`checked_in_at IS NULL`, `attendance IS
NULL`), and a shift's credit has a unique ledger key, so a repeated or concurrent request
never records twice.
"""

import hmac
import uuid
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm.attributes import set_committed_value

from weimin_events.payloads import ActivityCheckedIn
from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_volunteers import events
from weimin_volunteers.activities import repository
from weimin_volunteers.activities.errors import (
    AlreadyCheckedIn,
    CheckInNotOpen,
    InvalidQrCode,
    NotCheckedIn,
    NotSignedUp,
    ShiftNotEnded,
)
from weimin_volunteers.activities.errors import OutsideCheckInRadius as OutsideRadius
from weimin_volunteers.activities.models import Activity, Shift, Signup
from weimin_volunteers.activities.planning import ensure_organiser, locate_shift
from weimin_volunteers.activities.schemas import AttendanceResult, GpsCheckIn, QrCheckIn
from weimin_volunteers.geo import distance_m
from weimin_volunteers.hours import service as hours
from weimin_volunteers.scope import account_id_of


async def _own_confirmed_signup(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID
) -> tuple[Signup, Shift, Activity]:
    account_id = account_id_of(principal)
    found = (
        None
        if account_id is None
        else await repository.attendance_context(session, shift_id, account_id)
    )
    if found is None:
        raise NotFound("No such shift")
    signup, shift, activity = found
    if signup is None or signup.status != "confirmed":
        raise NotSignedUp("Sign up (and be confirmed) before checking in")
    return signup, shift, activity


async def check_in(
    session: AsyncSession,
    principal: Principal,
    shift_id: uuid.UUID,
    proof: QrCheckIn | GpsCheckIn,
    now: datetime,
    opens_before: timedelta,
) -> Signup:
    signup, shift, activity = await _own_confirmed_signup(session, principal, shift_id)
    if now < shift.starts_at - opens_before or now >= shift.ends_at:
        raise CheckInNotOpen(
            f"Check-in is open from {(shift.starts_at - opens_before).isoformat()} "
            f"until {shift.ends_at.isoformat()}"
        )
    if isinstance(proof, QrCheckIn):
        if not hmac.compare_digest(proof.code.encode(), activity.qr_secret.encode()):
            raise InvalidQrCode(
                "body.code: not this activity's code",
                errors=[
                    {
                        "field": "body.code",
                        "reason": "not this activity's code",
                        "code": InvalidQrCode.code,
                    }
                ],
            )
    else:
        away = distance_m(proof.lon, proof.lat, activity.lon, activity.lat)
        if away > activity.checkin_radius_m:
            radius = activity.checkin_radius_m
            reason = f"{away:.0f} m from the activity; check-in needs {radius} m or less"
            raise OutsideRadius(
                f"body: {reason}",
                errors=[{"field": "body", "reason": reason, "code": OutsideRadius.code}],
                extra={"distance_m": round(away), "radius_m": activity.checkin_radius_m},
            )
    if not await repository.change_signup_if(
        session,
        signup.id,
        Signup.checked_in_at.is_(None),
        {"checked_in_at": now, "check_in_method": proof.method, "updated_at": now},
    ):
        raise AlreadyCheckedIn("You have already checked in to this shift")
    set_committed_value(signup, "checked_in_at", now)
    set_committed_value(signup, "check_in_method", proof.method)
    set_committed_value(signup, "updated_at", now)
    await events.record(
        session,
        activity.id,
        ActivityCheckedIn(
            activity_id=activity.id,
            shift_id=shift.id,
            signup_id=signup.id,
            volunteer_id=signup.volunteer_id,
            method=proof.method,
        ),
    )
    return signup


async def check_out(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, now: datetime
) -> Signup:
    signup, _, _ = await _own_confirmed_signup(session, principal, shift_id)
    if not await repository.change_signup_if(
        session,
        signup.id,
        Signup.checked_in_at.is_not(None) & Signup.checked_out_at.is_(None),
        {"checked_out_at": now, "updated_at": now},
    ):
        raise NotCheckedIn("Check in first; a shift is checked out of once")
    set_committed_value(signup, "checked_out_at", now)
    set_committed_value(signup, "updated_at", now)
    return signup


LOCAL_TIME = ZoneInfo("Asia/Shanghai")


def _local_minute(moment: datetime) -> str:
    """The shift's start as its volunteers read it: China time, to the minute."""
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(LOCAL_TIME).strftime("%Y-%m-%d %H:%M")


def credited_minutes(shift: Shift, signup: Signup) -> int:
    """Out − in, capped by the shift: time before its start or after its end does not count;
    a volunteer who never checked out is counted to the shift's end."""
    assert signup.checked_in_at is not None
    start = max(signup.checked_in_at, shift.starts_at)
    end = min(signup.checked_out_at or shift.ends_at, shift.ends_at)
    return max(0, int((end - start).total_seconds() // 60))


async def confirm_attendance(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, now: datetime
) -> AttendanceResult:
    """The leader's confirmation once the shift is over: who came is credited their hours,
    who did not is recorded as a no-show. Running it again changes nothing."""
    shift, activity = await locate_shift(session, shift_id)
    await ensure_organiser(session, principal, activity)
    if now < shift.ends_at:
        raise ShiftNotEnded(f"Confirm attendance after {shift.ends_at.isoformat()}")
    attended = no_shows = total = 0
    for signup in await repository.signups_of_shift(session, shift.id, ["confirmed"]):
        came = signup.checked_in_at is not None
        if not await repository.change_signup_if(
            session,
            signup.id,
            Signup.attendance.is_(None),
            {"attendance": "attended" if came else "no_show", "updated_at": now},
        ):
            continue
        await repository.count_attendance(session, signup.volunteer_id, attended=came)
        if not came:
            no_shows += 1
            continue
        minutes = credited_minutes(shift, signup)
        attended += 1
        total += minutes
        await hours.credit(
            session,
            volunteer_id=signup.volunteer_id,
            minutes=minutes,
            kind="shift",
            reason=f"{activity.title}（{_local_minute(shift.starts_at)}）",
            recorded_by=principal.subject[:64],
            now=now,
            signup_id=signup.id,
            credit_key=f"shift:{signup.id}",
        )
    shift.attendance_confirmed_at = now
    await session.flush()
    return AttendanceResult(attended=attended, no_shows=no_shows, credited_minutes=total)
