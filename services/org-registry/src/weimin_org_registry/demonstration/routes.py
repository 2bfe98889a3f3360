import uuid
from datetime import date
from typing import Literal

from fastapi import APIRouter

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.pagination import Page, PageDep
from weimin_kit.types import utcnow
from weimin_org_registry.demonstration import service
from weimin_org_registry.demonstration.schemas import (
    PublicSite,
    SiteCreate,
    SiteFeatureCollection,
    SiteRead,
    SiteRevoke,
)

SiteKind = Literal["business", "service_post"]
router = APIRouter(prefix="/v1/demonstration-sites", tags=["demonstration-sites"])
# Needs no sign-in: the gateway lists these two paths as public.
directory = APIRouter(prefix="/v1/demonstration-directory", tags=["demonstration-directory"])


@router.post("", status_code=201)
async def designate(body: SiteCreate, session: SessionDep, principal: CurrentPrincipal) -> SiteRead:
    return SiteRead.model_validate(await service.designate(session, principal, body))


@router.get("")
async def list_sites(
    session: SessionDep,
    principal: CurrentPrincipal,
    page: PageDep,
    kind: SiteKind | None = None,
    community_id: uuid.UUID | None = None,
) -> Page[SiteRead]:
    return await service.list_sites(session, principal, page, kind, community_id)


@router.get("/{site_id}")
async def get_site(
    site_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> SiteRead:
    return SiteRead.model_validate(await service.site(session, principal, site_id))


@router.post("/{site_id}/revoke")
async def revoke(
    site_id: uuid.UUID, body: SiteRevoke, session: SessionDep, principal: CurrentPrincipal
) -> SiteRead:
    return SiteRead.model_validate(await service.revoke(session, principal, site_id, body.reason))


@directory.get("")
async def public_directory(
    session: SessionDep,
    page: PageDep,
    kind: SiteKind | None = None,
    community_id: uuid.UUID | None = None,
    on: date | None = None,
) -> Page[PublicSite]:
    return await service.list_public(session, page, on or utcnow().date(), kind, community_id)


@directory.get("/map")
async def public_map(
    session: SessionDep,
    kind: SiteKind | None = None,
    community_id: uuid.UUID | None = None,
    on: date | None = None,
) -> SiteFeatureCollection:
    """Every site in force, for a map (119 in the demo city: small enough for one answer)."""
    sites = await service.public_sites(session, on or utcnow().date(), kind, community_id)
    return SiteFeatureCollection(features=[service.feature(s) for s in sites])
