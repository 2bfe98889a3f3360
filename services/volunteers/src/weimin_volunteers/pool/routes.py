import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_volunteers.pool import service
from weimin_volunteers.pool.schemas import PoolMemberRead

router = APIRouter(prefix="/v1/community-pool", tags=["community-pool"])


@router.get("")
async def list_community_pool(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[PoolMemberRead]:
    return await service.list_pool(session, principal, page, community_id)
