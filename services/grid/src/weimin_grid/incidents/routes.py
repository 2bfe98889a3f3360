import uuid
from typing import Annotated, Literal

from fastapi import APIRouter, Header, Query, Response

from weimin_grid.geo.service import IndexCacheDep, PointOutsideGrid
from weimin_grid.incidents import reading, satisfaction, service
from weimin_grid.incidents.catalogue import CATEGORIES
from weimin_grid.incidents.errors import (
    EscalationExhausted,
    IllegalTransition,
    IncidentVersionMismatch,
    LevelTooLow,
    OwnReportNeedsConfirmation,
    ReturnVisitExists,
    UnknownCategory,
)
from weimin_grid.incidents.schemas import (
    CategoryRead,
    ChoiceRead,
    DuplicateCandidate,
    ExtraFieldRead,
    IncidentCreate,
    IncidentRead,
    ReturnVisitRequest,
    SatisfactionAnswer,
    TimelineEntry,
    TransitionRequest,
)
from weimin_grid.incidents.states import State
from weimin_grid.notifications import service as notifications
from weimin_grid.notifications.schemas import OverdueNotice
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_kit.versioning import version_etag

categories = APIRouter(prefix="/v1/incident-categories", tags=["incident-categories"])
incidents = APIRouter(prefix="/v1/incidents", tags=["incidents"])


@categories.get("")
async def list_categories(principal: CurrentPrincipal) -> list[CategoryRead]:
    return [
        CategoryRead(
            code=c.code,
            name=c.name,
            name_en=c.name_en,
            major_code=c.major_code,
            major_name=c.major_name,
            major_name_en=c.major_name_en,
            extension=c.extension,
            sla_hours=dict(c.sla_hours),
            fields=[
                ExtraFieldRead(
                    name=f.name,
                    type=f.type,
                    label=f.label,
                    label_en=f.label_en,
                    required=f.required,
                    choices=list(f.values),
                    choice_labels=[
                        ChoiceRead(value=o.value, label=o.label, label_en=o.label_en)
                        for o in f.choices
                    ],
                    minimum=f.minimum,
                    maximum=f.maximum,
                )
                for f in c.fields
            ],
        )
        for c in CATEGORIES.values()
    ]


@incidents.post(
    "", status_code=201, responses=problems(Forbidden, PointOutsideGrid, UnknownCategory)
)
async def report_incident(
    body: IncidentCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    cache: IndexCacheDep,
    now: Now,
    response: Response,
) -> IncidentRead:
    incident = await service.report_incident(session, principal, cache, body, now)
    response.headers["Location"] = f"/v1/incidents/{incident.id}"
    response.headers["ETag"] = version_etag(incident.version)
    return reading.incident_read(incident, now)


@incidents.get("", responses=problems(Forbidden))
async def list_incidents(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    now: Now,
    state: Annotated[State | None, Query()] = None,
    category_code: Annotated[str | None, Query(pattern=r"^\d{4}$")] = None,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
    assignee: Annotated[str | None, Query(max_length=255)] = None,
    overdue: Annotated[bool, Query()] = False,
    q: Annotated[str | None, Query(min_length=1, max_length=50)] = None,
) -> Page[IncidentRead]:
    where = reading.IncidentFilter(
        state=state,
        category_code=category_code,
        grid_unit_id=grid_unit_id,
        community_id=community_id,
        assignee=assignee,
        overdue_at=now if overdue else None,
        text=q,
    )
    return await reading.list_incidents(session, principal, page, where, now)


@incidents.get("/mine", responses=problems(Forbidden))
async def list_my_reports(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep, now: Now
) -> Page[IncidentRead]:
    return await reading.list_my_reports(session, principal, page, now)


@incidents.get("/duplicate-candidates", responses=problems(UnknownCategory))
async def find_duplicate_candidates(
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    category_code: Annotated[str, Query(pattern=r"^\d{4}$")],
    lon: Annotated[float, Query(ge=-180, le=180)],
    lat: Annotated[float, Query(ge=-90, le=90)],
    crs: Annotated[Literal["wgs84", "gcj02"], Query()] = "wgs84",
    radius_m: Annotated[float, Query(gt=0, le=2000)] = 150,
) -> list[DuplicateCandidate]:
    return await reading.duplicate_candidates(
        session, principal, category_code, lon, lat, crs, radius_m, now
    )


@incidents.post("/escalations", responses=problems(Forbidden))
async def escalate_overdue(
    session: SessionDep, principal: CurrentPrincipal, now: Now
) -> list[IncidentRead]:
    escalated = await service.escalate_overdue(session, principal, now)
    return [reading.incident_read(incident, now) for incident in escalated]


@incidents.post("/overdue-notices", responses=problems(Forbidden))
async def notify_overdue(
    session: SessionDep, principal: CurrentPrincipal, now: Now
) -> list[OverdueNotice]:
    """Tell the supervisors of each overdue incident in scope, once per overdue period."""
    return await notifications.notify_overdue(session, principal, now)


@incidents.get("/{incident_id}", responses=problems(Forbidden, NotFound))
async def get_incident(
    incident_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    response: Response,
) -> IncidentRead:
    incident = await service.locate_incident(session, principal, incident_id)
    response.headers["ETag"] = version_etag(incident.version)
    return reading.incident_detail(incident, principal, now)


@incidents.get("/{incident_id}/timeline", responses=problems(NotFound))
async def get_incident_timeline(
    incident_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> list[TimelineEntry]:
    return await reading.incident_timeline(session, principal, incident_id)


@incidents.post(
    "/{incident_id}/transitions",
    responses=problems(
        NotFound,
        EscalationExhausted,
        IllegalTransition,
        LevelTooLow,
        IncidentVersionMismatch,
        OwnReportNeedsConfirmation,
    ),
)
async def transition_incident(
    incident_id: uuid.UUID,
    body: TransitionRequest,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> IncidentRead:
    """One workflow step. `verify` and `close` are refused to the incident's own reporter
    (403 `own-report-needs-confirmation`): community staff confirm on a return visit."""
    incident = await service.transition_incident(
        session, principal, incident_id, if_match, body, now
    )
    response.headers["ETag"] = version_etag(incident.version)
    return reading.incident_detail(incident, principal, now)


@incidents.post(
    "/{incident_id}/return-visit",
    responses=problems(NotFound, IllegalTransition, ReturnVisitExists, OwnReportNeedsConfirmation),
)
async def record_return_visit(
    incident_id: uuid.UUID,
    body: ReturnVisitRequest,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> IncidentRead:
    incident = await satisfaction.record_return_visit(
        session, principal, incident_id, if_match, body, now
    )
    response.headers["ETag"] = version_etag(incident.version)
    return reading.incident_read(incident, now)


@incidents.post(
    "/{incident_id}/satisfaction",
    responses=problems(NotFound, IllegalTransition, ReturnVisitExists, IncidentVersionMismatch),
)
async def answer_satisfaction(
    incident_id: uuid.UUID,
    body: SatisfactionAnswer,
    session: SessionDep,
    principal: CurrentPrincipal,
    now: Now,
    response: Response,
    if_match: Annotated[str | None, Header()] = None,
) -> IncidentRead:
    """The reporter's own answer to the satisfaction question, once, after resolution."""
    incident = await satisfaction.answer_satisfaction(
        session, principal, incident_id, if_match, body, now
    )
    response.headers["ETag"] = version_etag(incident.version)
    return reading.incident_read(incident, now)
