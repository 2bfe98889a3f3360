"""Signing up for shifts: capacity, waitlist and its promotion, approval, overlap.

A place is taken by a conditional UPDATE of the shift's `taken` counter, so concurrent
sign-ups never overfill a shift; whoever finds it full goes on the waitlist, and the first
on the waitlist is promoted when a place frees. One volunteer's sign-ups are serialised
(row lock) so two overlapping shifts cannot both be accepted."""

import uuid
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.payloads import ShiftSignedUp, ShiftSignup, ShiftSignupCancelled
from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageParams, paginate
from weimin_volunteers import events, notice_texts
from weimin_volunteers.activities import repository
from weimin_volunteers.activities.errors import (
    AlreadySignedUp,
    ShiftClosed,
    ShiftOverlap,
    SignupNotChangeable,
)
from weimin_volunteers.activities.models import Activity, Shift, Signup
from weimin_volunteers.activities.planning import ensure_organiser, locate_shift
from weimin_volunteers.activities.schemas import (
    SignupRead,
)
from weimin_volunteers.registry import repository as volunteer_repository
from weimin_volunteers.registry import service as registry


async def _record(session: AsyncSession, signup: Signup, model: type[ShiftSignup]) -> None:
    """A place confirmed or given up: notifications schedules (or cancels) the reminders.
    Only confirmed places are told; a waitlisted or pending sign-up has no shift to go to."""
    await events.record(
        session,
        signup.shift_id,
        model(
            signup_id=signup.id,
            volunteer_id=signup.volunteer_id,
            account_id=await events.account_of(session, signup.volunteer_id),
            activity_id=signup.activity_id,
            shift_id=signup.shift_id,
            starts_at=signup.starts_at,
            ends_at=signup.ends_at,
        ),
    )


async def sign_up(
    session: AsyncSession, principal: Principal, shift_id: uuid.UUID, now: datetime
) -> Signup:
    volunteer = await registry.my_volunteer(session, principal)
    await repository.lock_volunteer(session, volunteer.id)
    shift, activity = await locate_shift(session, shift_id)
    if shift.starts_at <= now:
        raise ShiftClosed("Sign-ups close when the shift starts")
    existing = await repository.signup_for(session, shift.id, volunteer.id)
    if existing is not None and existing.status in repository.ACTIVE:
        raise AlreadySignedUp(f"Your sign-up is {existing.status}")
    clash = await repository.overlapping_signup(session, volunteer.id, shift)
    if clash is not None:
        raise ShiftOverlap(
            f"You are signed up for shift {clash.shift_id} from {clash.starts_at.isoformat()} "
            f"to {clash.ends_at.isoformat()}",
            errors=[
                {
                    "field": "shift_id",
                    "reason": f"overlaps shift {clash.shift_id}",
                    "code": "shift-overlap",
                }
            ],
            extra={"overlapping_shift_id": str(clash.shift_id)},
        )
    if activity.requires_approval:
        status = "pending"
    else:
        status = "confirmed" if await repository.take_place(session, shift.id) else "waitlisted"
    if existing is not None:  # signed up before and cancelled: the same row comes back
        existing.status = status
        existing.updated_at = now
        await session.flush()
        if status == "confirmed":
            await _record(session, existing, ShiftSignedUp)
        return existing
    signup = Signup(
        shift_id=shift.id,
        activity_id=activity.id,
        volunteer_id=volunteer.id,
        starts_at=shift.starts_at,
        ends_at=shift.ends_at,
        status=status,
        created_at=now,
        updated_at=now,
    )
    await repository.add(session, signup)
    if status == "confirmed":
        await _record(session, signup, ShiftSignedUp)
    return signup


async def _promote_from_waitlist(session: AsyncSession, shift: Shift, now: datetime) -> None:
    while (candidate := await repository.first_waitlisted(session, shift.id)) is not None:
        if not await repository.take_place(session, shift.id):
            return
        if await repository.change_signup_if(
            session,
            candidate.id,
            Signup.status == "waitlisted",
            {"status": "confirmed", "updated_at": now},
        ):
            await _record(session, candidate, ShiftSignedUp)
            await repository.notify(
                session,
                [candidate.volunteer_id],
                kind="promoted",
                subject_id=shift.id,
                text=notice_texts.PLACE_FREED,
                now=now,
            )
            return
        await repository.release_place(session, shift.id)


async def _locate_signup(
    session: AsyncSession, principal: Principal, signup_id: uuid.UUID
) -> tuple[Signup, Shift, Activity, bool]:
    """The sign-up with its shift and activity, and whether the caller is its volunteer."""
    signup = await repository.get_signup(session, signup_id)
    if signup is None:
        raise NotFound("No such sign-up")
    shift, activity = await locate_shift(session, signup.shift_id)
    volunteer = await volunteer_repository.get_volunteer(session, signup.volunteer_id)
    own = volunteer is not None and registry.is_self(principal, volunteer)
    if not own:
        await ensure_organiser(session, principal, activity)
    return signup, shift, activity, own


async def cancel(
    session: AsyncSession, principal: Principal, signup_id: uuid.UUID, now: datetime
) -> Signup:
    signup, shift, _, _ = await _locate_signup(session, principal, signup_id)
    if shift.starts_at <= now:
        raise ShiftClosed("A sign-up cannot be cancelled once the shift has started")
    held_place = signup.status == "confirmed"
    if not await repository.change_signup_if(
        session,
        signup.id,
        Signup.status.in_(repository.ACTIVE),
        {"status": "cancelled", "updated_at": now},
    ):
        raise SignupNotChangeable(f"The sign-up is {signup.status}")
    if held_place:
        await _record(session, signup, ShiftSignupCancelled)
        await repository.release_place(session, shift.id)
        await _promote_from_waitlist(session, shift, now)
    await session.refresh(signup)
    return signup


async def decide(
    session: AsyncSession, principal: Principal, signup_id: uuid.UUID, approve: bool, now: datetime
) -> Signup:
    signup, shift, activity, _ = await _locate_signup(session, principal, signup_id)
    await ensure_organiser(session, principal, activity)
    if signup.status != "pending":
        raise SignupNotChangeable(
            f"Only pending sign-ups are approved or declined; this is {signup.status}"
        )
    if approve:
        status = "confirmed" if await repository.take_place(session, shift.id) else "waitlisted"
    else:
        status = "declined"
    if not await repository.change_signup_if(
        session, signup.id, Signup.status == "pending", {"status": status, "updated_at": now}
    ):
        raise SignupNotChangeable("Someone else decided this sign-up first")
    await session.refresh(signup)
    if signup.status == "confirmed":
        await _record(session, signup, ShiftSignedUp)
    return signup


async def my_signups(
    session: AsyncSession, principal: Principal, page: PageParams
) -> Page[SignupRead]:
    volunteer = await registry.my_volunteer(session, principal)
    return await paginate(
        session,
        repository.signups_of_volunteer(volunteer.id),
        Signup.id,
        page,
        SignupRead.model_validate,
        parse_key=uuid.UUID,
        newest_first=True,
    )
