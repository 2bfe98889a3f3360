import uuid
from datetime import timedelta
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_volunteers.activities import attendance, notices, planning
from weimin_volunteers.activities import signups as signups_service
from weimin_volunteers.activities.errors import (
    AlreadyCheckedIn,
    AlreadySignedUp,
    CheckInNotOpen,
    InvalidQrCode,
    NotCheckedIn,
    NotSignedUp,
    OutsideCheckInRadius,
    ShiftClosed,
    ShiftNotEnded,
    ShiftOverlap,
    SignupNotChangeable,
)
from weimin_volunteers.activities.schemas import (
    ActivityCreate,
    ActivityQr,
    ActivityRead,
    AttendanceResult,
    CheckIn,
    Delivery,
    MessageCreate,
    NearbyActivities,
    NotificationRead,
    ReminderRun,
    SignupRead,
)
from weimin_volunteers.config import Settings

activities = APIRouter(prefix="/v1/activities", tags=["activities"])
shifts = APIRouter(prefix="/v1/shifts", tags=["shifts"])
signups = APIRouter(prefix="/v1/signups", tags=["signups"])
mine = APIRouter(prefix="/v1/volunteers/me", tags=["me"])
reminders = APIRouter(prefix="/v1/reminders", tags=["reminders"])


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@activities.post("", status_code=201, responses=problems(NotFound))
async def create_activity(
    body: ActivityCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    request: Request,
    response: Response,
) -> ActivityRead:
    radius = _settings(request).default_checkin_radius_m
    activity = await planning.create_activity(session, principal, body, radius)
    response.headers["Location"] = f"/v1/activities/{activity.id}"
    return await planning.activity_read(session, activity)


@activities.get("")
async def list_activities(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
    team_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[ActivityRead]:
    return await planning.list_activities(session, page, community_id, team_id)


@activities.get("/nearby")
async def nearby_activities(
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    lon: Annotated[float, Query(ge=-180, le=180, description="where the person is (WGS-84)")],
    lat: Annotated[float, Query(ge=-90, le=90)],
    within_km: Annotated[float, Query(gt=0, le=50)] = 10,
    limit: Annotated[int, Query(ge=1, le=50)] = 20,
) -> NearbyActivities:
    """Activities near a point whose shifts are not all over, nearest first, each with its
    distance: "activities near me" on the volunteer's phone."""
    return await planning.nearby_activities(session, lon, lat, within_km * 1000, limit, now)


@activities.get("/{activity_id}")
async def get_activity(
    activity_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ActivityRead:
    activity = await planning.locate_activity(session, activity_id)
    return await planning.activity_read(session, activity)


@activities.get("/{activity_id}/qr", responses=problems(NotFound))
async def get_activity_qr(
    activity_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, response: Response
) -> ActivityQr:
    activity = await planning.locate_activity(session, activity_id)
    await planning.ensure_organiser(session, principal, activity)
    response.headers["Cache-Control"] = "no-store"
    return ActivityQr(activity_id=activity.id, qr_code=activity.qr_secret)


@activities.post("/{activity_id}/messages", status_code=201, responses=problems(NotFound))
async def message_everyone(
    activity_id: uuid.UUID,
    body: MessageCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> Delivery:
    notified = await notices.message_everyone(session, principal, activity_id, body.text, now)
    return Delivery(notified=notified)


@shifts.post(
    "/{shift_id}/signups",
    status_code=201,
    responses=problems(NotFound, AlreadySignedUp, ShiftClosed, ShiftOverlap),
)
async def sign_up(
    shift_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> SignupRead:
    return SignupRead.model_validate(
        await signups_service.sign_up(session, principal, shift_id, now)
    )


@shifts.get("/{shift_id}/signups")
async def list_shift_signups(
    shift_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[SignupRead]:
    signups = await planning.shift_signups(session, principal, shift_id)
    return [SignupRead.model_validate(s) for s in signups]


@shifts.post(
    "/{shift_id}/check-in",
    responses=problems(
        AlreadyCheckedIn, CheckInNotOpen, NotSignedUp, InvalidQrCode, OutsideCheckInRadius
    ),
)
async def check_in(
    shift_id: uuid.UUID,
    body: CheckIn,
    session: SessionDep,
    principal: CurrentPrincipal,
    request: Request,
    now: Now,
) -> SignupRead:
    opens = timedelta(minutes=_settings(request).checkin_opens_minutes_before)
    signup = await attendance.check_in(session, principal, shift_id, body, now, opens)
    return SignupRead.model_validate(signup)


@shifts.post("/{shift_id}/check-out", responses=problems(NotCheckedIn))
async def check_out(
    shift_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> SignupRead:
    return SignupRead.model_validate(await attendance.check_out(session, principal, shift_id, now))


@shifts.post("/{shift_id}/attendance", responses=problems(NotFound, ShiftNotEnded))
async def confirm_attendance(
    shift_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> AttendanceResult:
    return await attendance.confirm_attendance(session, principal, shift_id, now)


@signups.post("/{signup_id}/cancellation")
async def cancel_signup(
    signup_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> SignupRead:
    return SignupRead.model_validate(
        await signups_service.cancel(session, principal, signup_id, now)
    )


@signups.post("/{signup_id}/approval", responses=problems(NotFound, SignupNotChangeable))
async def approve_signup(
    signup_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> SignupRead:
    signup = await signups_service.decide(session, principal, signup_id, approve=True, now=now)
    return SignupRead.model_validate(signup)


@signups.post("/{signup_id}/decline")
async def decline_signup(
    signup_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> SignupRead:
    signup = await signups_service.decide(session, principal, signup_id, approve=False, now=now)
    return SignupRead.model_validate(signup)


@mine.get("/signups")
async def list_my_signups(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[SignupRead]:
    return await signups_service.my_signups(session, principal, page)


@mine.get("/notifications")
async def list_my_notifications(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[NotificationRead]:
    return await notices.my_notifications(session, principal, page)


@reminders.post("")
async def send_reminders(
    body: ReminderRun, session: SessionDep, principal: CurrentPrincipal, now: Now
) -> Delivery:
    return Delivery(
        notified=await notices.send_reminders(session, principal, body.within_hours, now)
    )
