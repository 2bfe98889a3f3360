import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Response

from weimin_kit.db import SessionDep
from weimin_wishes.scope import Staff, StaffExporting
from weimin_wishes.stats import export
from weimin_wishes.stats.figures import rankings_of, statistics_of, wish_facts
from weimin_wishes.stats.schemas import Rankings, Statistics

router = APIRouter(prefix="/v1/wish-statistics", tags=["wish-statistics"])
CommunityQuery = Annotated[uuid.UUID | None, Query()]
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@router.get("")
async def wish_statistics(
    session: SessionDep, principal: Staff, community_id: CommunityQuery = None
) -> Statistics:
    return statistics_of(await wish_facts(session, principal, community_id))


@router.get("/rankings")
async def wish_rankings(
    session: SessionDep,
    principal: Staff,
    community_id: CommunityQuery = None,
    limit: Annotated[int, Query(ge=1, le=100)] = 20,
) -> Rankings:
    return rankings_of(await wish_facts(session, principal, community_id), limit)


@router.get("/export.csv", response_class=Response)
async def export_csv(
    session: SessionDep, principal: StaffExporting, community_id: CommunityQuery = None
) -> Response:
    stats = statistics_of(await wish_facts(session, principal, community_id))
    return Response(
        export.to_csv(stats),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": 'attachment; filename="wish-statistics.csv"'},
    )


@router.get("/export.xlsx", response_class=Response)
async def export_xlsx(
    session: SessionDep, principal: StaffExporting, community_id: CommunityQuery = None
) -> Response:
    facts = await wish_facts(session, principal, community_id)
    body = export.to_xlsx(statistics_of(facts), rankings_of(facts, 100))
    return Response(
        body,
        media_type=XLSX,
        headers={"Content-Disposition": 'attachment; filename="wish-statistics.xlsx"'},
    )
