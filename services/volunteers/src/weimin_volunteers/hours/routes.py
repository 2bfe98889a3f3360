import uuid

from fastapi import APIRouter, Request, Response

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.pagination import PageDep
from weimin_volunteers.hours import service
from weimin_volunteers.hours.schemas import (
    HoursEntryRead,
    HoursSummary,
    ManualCredit,
    ReversalCreate,
)

router = APIRouter(tags=["hours"])


@router.get("/v1/volunteers/{volunteer_id}/hours")
async def get_hours(
    volunteer_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    request: Request,
) -> HoursSummary:
    thresholds = request.app.state.settings.star_thresholds_hours
    return await service.summarise(session, principal, volunteer_id, page, thresholds)


@router.post("/v1/volunteers/{volunteer_id}/hours", status_code=201)
async def credit_hours(
    volunteer_id: uuid.UUID,
    body: ManualCredit,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> HoursEntryRead:
    entry = await service.credit_manually(session, principal, volunteer_id, body, now)
    return HoursEntryRead.model_validate(entry)


@router.post("/v1/hours-entries/{entry_id}/reversal", status_code=201)
async def reverse_hours_entry(
    entry_id: uuid.UUID,
    body: ReversalCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
) -> HoursEntryRead:
    entry = await service.reverse_entry(session, principal, entry_id, body.reason, now)
    return HoursEntryRead.model_validate(entry)


@router.get(
    "/v1/volunteers/{volunteer_id}/service-certificate",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def print_service_certificate(
    volunteer_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    request: Request,
    now: Now,
) -> Response:
    settings = request.app.state.settings
    document = await service.service_certificate(
        session,
        principal,
        volunteer_id,
        settings.star_thresholds_hours,
        settings.certificate_font_path,
        now,
    )
    return Response(
        document,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'inline; filename="service-certificate-{volunteer_id}.pdf"',
            "Cache-Control": "no-store",
        },
    )
