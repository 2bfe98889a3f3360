import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response
from fastapi.responses import StreamingResponse

from weimin_grid.registry.protection import VaultDep
from weimin_grid.transfer import exports, service
from weimin_grid.transfer.schemas import ImportRunRead
from weimin_kit.auth import CurrentPrincipal, SecondFactorPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep, WriteSessionDep
from weimin_kit.errors import InvalidInput

imports = APIRouter(prefix="/v1/imports", tags=["imports"])
exports_router = APIRouter(prefix="/v1/exports", tags=["exports"])

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@imports.post("/{kind}", status_code=201)
async def import_rows(
    kind: service.Kind,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    vault: VaultDep,
    now: Now,
) -> ImportRunRead:
    """The body is the file itself: `text/csv` (UTF-8, header row) or an .xlsx workbook
    (first sheet, header row). Columns per kind are listed in the README."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip()
    if content_type not in ("text/csv", XLSX):
        raise InvalidInput.field(
            "header.content-type", f"send text/csv or {XLSX}", "unsupported-media-type"
        )
    file = await service.spool(request.stream())
    try:
        run = await service.run_import(
            session,
            principal,
            vault,
            kind,
            "csv" if content_type == "text/csv" else "xlsx",
            file,
            now,
        )
    finally:
        file.close()
    return ImportRunRead.model_validate(run)


@imports.get("/{run_id}")
async def get_import(
    run_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> ImportRunRead:
    return ImportRunRead.model_validate(await service.locate_run(session, principal, run_id))


@imports.get("/{run_id}/errors.csv", response_class=Response)
async def download_import_errors(
    run_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> Response:
    run = await service.locate_run(session, principal, run_id)
    return Response(
        service.error_report_csv(run),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="import-{run.id}-errors.csv"'},
    )


@exports_router.get("/{kind}", response_class=StreamingResponse)
async def export_register(
    kind: service.Kind,
    request: Request,
    # A GET that writes (the export audit row): it takes the write lock up front.
    session: WriteSessionDep,
    principal: SecondFactorPrincipal,
    vault: VaultDep,
    now: Now,
    format: Annotated[service.FileFormat, Query()] = "csv",
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> StreamingResponse:
    audit = await exports.audit_export(session, principal, kind, format, grid_unit_id, now)
    rows = exports.export_rows(request.app.state.database, principal, vault, kind, grid_unit_id)
    name = f"{kind}-{now:%Y%m%d%H%M}.{format}"
    headers = {
        "Content-Disposition": f'attachment; filename="{name}"',
        "Cache-Control": "no-store",
        "X-Export-Audit-Id": str(audit.id),
    }
    if format == "xlsx":
        file = await exports.xlsx_file(rows)
        return StreamingResponse(file, media_type=XLSX, headers=headers)
    return StreamingResponse(
        exports.csv_chunks(rows), media_type="text/csv; charset=utf-8", headers=headers
    )
