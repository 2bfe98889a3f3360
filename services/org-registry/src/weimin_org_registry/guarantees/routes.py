import uuid
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request, Response

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_org_registry.config import Settings
from weimin_org_registry.guarantees import service
from weimin_org_registry.guarantees.schemas import ComplianceReport, GuaranteeRead, GuaranteeWrite
from weimin_org_registry.guarantees.workbook import XLSX_MEDIA_TYPE

router = APIRouter(prefix="/v1/resource-guarantees", tags=["resource-guarantees"])
Year = Annotated[int, Path(ge=2000, le=2100)]
YearQuery = Annotated[int, Query(ge=2000, le=2100)]


def _settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.get("")
async def list_guarantees(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    year: Annotated[int | None, Query(ge=2000, le=2100)] = None,
    community_id: uuid.UUID | None = None,
) -> Page[GuaranteeRead]:
    return await service.list_guarantees(session, principal, page, year, community_id)


@router.get("/compliance")
async def compliance_report(
    request: Request, session: SessionDep, principal: CurrentPrincipal, year: YearQuery
) -> ComplianceReport:
    return await service.compliance_report(session, principal, _settings(request), year)


@router.get("/compliance.csv", response_class=Response)
async def compliance_export(
    request: Request, session: SessionDep, principal: CurrentPrincipal, year: YearQuery
) -> Response:
    report = await service.compliance_report(session, principal, _settings(request), year)
    return Response(
        service.compliance_csv(report),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="resource-guarantees-{year}.csv"'},
    )


@router.get(
    "/compliance.xlsx",
    response_class=Response,
    responses={200: {"content": {XLSX_MEDIA_TYPE: {}}, "description": "the report as .xlsx"}},
)
async def compliance_workbook(
    request: Request, session: SessionDep, principal: CurrentPrincipal, year: YearQuery
) -> Response:
    content = await service.compliance_workbook(session, principal, _settings(request), year)
    return Response(
        content,
        media_type=XLSX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="resource-guarantees-{year}.xlsx"'},
    )


@router.put("/{community_id}/{year}")
async def record_guarantee(
    community_id: uuid.UUID,
    year: Year,
    body: GuaranteeWrite,
    response: Response,
    session: SessionDep,
    principal: CurrentPrincipal,
) -> GuaranteeRead:
    guarantee, created = await service.record_guarantee(
        session, principal, community_id, year, body
    )
    response.status_code = 201 if created else 200
    return GuaranteeRead.model_validate(guarantee)
