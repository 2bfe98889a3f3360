import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_grid.audit import service
from weimin_grid.audit.schemas import OwnRevealRead, RevealAuditRead
from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems

router = APIRouter(prefix="/v1/audit", tags=["audit"])


@router.get("/reveals", responses=problems(Forbidden))
async def list_reveals(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    resident_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[RevealAuditRead]:
    return await service.list_reveals(session, principal, page, resident_id)


@router.get("/reveals/mine", responses=problems(Forbidden))
async def list_own_reveals(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[OwnRevealRead]:
    """The caller's own reveals (grid worker, community secretary, admin), newest first."""
    return await service.list_own_reveals(session, principal, page)
