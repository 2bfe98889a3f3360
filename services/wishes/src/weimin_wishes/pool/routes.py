import uuid
from typing import Annotated

from fastapi import APIRouter, Query

from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_wishes.pool import service
from weimin_wishes.pool.schemas import PoolMemberRead
from weimin_wishes.scope import Staff

router = APIRouter(prefix="/v1/claimer-pool", tags=["claimer-pool"])


@router.get("")
async def list_claimer_pool(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[PoolMemberRead]:
    """Members reported to the communities in the caller's scope; another community's
    members are absent, as if the pool were empty."""
    return await service.list_pool(session, principal, page, community_id)
