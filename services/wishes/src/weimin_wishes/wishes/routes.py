import uuid
from typing import Annotated

from fastapi import APIRouter, Query, Request, Response

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import ClockDep
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_wishes.config import Settings
from weimin_wishes.scope import Staff
from weimin_wishes.wishes import claims, mine, service
from weimin_wishes.wishes.errors import (
    ClaimRuleNotMet,
    NotAllowedToConfirm,
    NotTheClaimer,
    WishAlreadyClaimed,
    WishNotFound,
    WishTransitionNotAllowed,
)
from weimin_wishes.wishes.lifecycle import State
from weimin_wishes.wishes.schemas import (
    CancelRequest,
    ClaimRead,
    ClaimRequest,
    ConfirmRequest,
    FulfilRequest,
    ReviewRequest,
    WishCreate,
    WishRead,
)

router = APIRouter(prefix="/v1/wishes", tags=["wishes"])


def settings_of(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


@router.post("", status_code=201, responses=problems(Forbidden))
async def submit_wish(
    body: WishCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    request: Request,
    response: Response,
) -> WishRead:
    wish = await service.submit_wish(session, principal, settings_of(request), clock(), body)
    response.headers["Location"] = f"/v1/wishes/{wish.id}"
    return service.wish_read(wish)


@router.get("")
async def list_wishes(
    session: SessionDep,
    principal: Staff,
    page: PageDep,
    state: Annotated[State | None, Query()] = None,
    community_id: Annotated[uuid.UUID | None, Query()] = None,
    grid_unit_id: Annotated[uuid.UUID | None, Query()] = None,
) -> Page[WishRead]:
    where = service.WishFilter(state=state, community_id=community_id, grid_unit_id=grid_unit_id)
    return await service.list_wishes(session, principal, page, where)


@router.post("/release-overdue")
async def release_overdue(
    session: SessionDep, principal: Staff, clock: ClockDep, request: Request
) -> dict[str, int]:
    """Release overdue claims now (the service also does this by itself every minute)."""
    released = await claims.release_overdue_claims(session, settings_of(request), clock())
    return {"released": released}


@router.get("/mine")
async def my_wishes(
    session: SessionDep,
    principal: CurrentPrincipal,
    request: Request,
    relation: Annotated[mine.Relation, Query()] = "claimed",
) -> list[mine.MyWish]:
    """The caller's own wishes, newest first (at most 100): those they claimed and hold
    now, or those they submitted. Any signed-in person; public cards only."""
    return await mine.my_wishes(session, principal, relation, settings_of(request).public_base_url)


@router.get("/mine/{wish_id}", responses=problems(WishNotFound))
async def my_wish(
    wish_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal, request: Request
) -> mine.MyWish:
    """One wish the caller claimed or submitted; `404 wish-not-found` for anyone else's."""
    found = await mine.my_wish_by_id(
        session, principal, wish_id, settings_of(request).public_base_url
    )
    if found is None:
        raise WishNotFound()
    return found


@router.get("/{wish_id}", responses=problems(WishNotFound))
async def get_wish(wish_id: uuid.UUID, session: SessionDep, principal: Staff) -> WishRead:
    return service.wish_read(await service.locate_wish(session, principal, wish_id))


@router.get("/{wish_id}/claims", responses=problems(WishNotFound))
async def list_claims(wish_id: uuid.UUID, session: SessionDep, principal: Staff) -> list[ClaimRead]:
    return await service.list_claims(session, principal, wish_id)


@router.post("/{wish_id}/review", responses=problems(WishNotFound, WishTransitionNotAllowed))
async def review_wish(
    wish_id: uuid.UUID,
    body: ReviewRequest,
    session: SessionDep,
    principal: Staff,
    clock: ClockDep,
    request: Request,
) -> WishRead:
    wish = await service.review_wish(
        session, principal, settings_of(request), clock(), wish_id, body
    )
    return service.wish_read(wish)


@router.post("/{wish_id}/cancel", responses=problems(WishNotFound, WishTransitionNotAllowed))
async def cancel_wish(
    wish_id: uuid.UUID,
    body: CancelRequest,
    session: SessionDep,
    principal: Staff,
    clock: ClockDep,
    request: Request,
) -> WishRead:
    wish = await service.cancel_wish(
        session, principal, settings_of(request), clock(), wish_id, body
    )
    return service.wish_read(wish)


@router.post(
    "/{wish_id}/claim",
    status_code=201,
    responses=problems(ClaimRuleNotMet, Forbidden, WishNotFound, WishAlreadyClaimed),
)
async def claim_wish(
    wish_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    request: Request,
    body: ClaimRequest | None = None,
) -> ClaimRead:
    claim = await claims.claim_wish(
        session, principal, settings_of(request), clock(), wish_id, body or ClaimRequest()
    )
    return ClaimRead.model_validate(claim)


@router.post("/{wish_id}/claim/approve", responses=problems(WishNotFound, WishTransitionNotAllowed))
async def approve_claim(
    wish_id: uuid.UUID, session: SessionDep, principal: Staff, clock: ClockDep, request: Request
) -> WishRead:
    wish = await claims.decide_claim(
        session, principal, settings_of(request), clock(), wish_id, approve=True
    )
    return service.wish_read(wish)


@router.post("/{wish_id}/claim/decline", responses=problems(WishNotFound, WishTransitionNotAllowed))
async def decline_claim(
    wish_id: uuid.UUID, session: SessionDep, principal: Staff, clock: ClockDep, request: Request
) -> WishRead:
    wish = await claims.decide_claim(
        session, principal, settings_of(request), clock(), wish_id, approve=False
    )
    return service.wish_read(wish)


@router.post(
    "/{wish_id}/claim/withdraw",
    status_code=204,
    responses=problems(NotTheClaimer, WishNotFound, WishTransitionNotAllowed),
)
async def withdraw_claim(
    wish_id: uuid.UUID,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    request: Request,
) -> None:
    await claims.withdraw_claim(session, principal, settings_of(request), clock(), wish_id)


@router.post(
    "/{wish_id}/fulfil",
    status_code=204,
    responses=problems(NotTheClaimer, WishNotFound, WishTransitionNotAllowed),
)
async def fulfil_wish(
    wish_id: uuid.UUID,
    body: FulfilRequest,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    request: Request,
) -> None:
    await claims.fulfil_wish(session, principal, settings_of(request), clock(), wish_id, body)


@router.post(
    "/{wish_id}/confirm",
    responses=problems(NotAllowedToConfirm, WishNotFound, WishTransitionNotAllowed),
)
async def confirm_wish(
    wish_id: uuid.UUID,
    body: ConfirmRequest,
    session: SessionDep,
    principal: CurrentPrincipal,
    clock: ClockDep,
    request: Request,
) -> WishRead:
    wish = await service.confirm_wish(
        session, principal, settings_of(request), clock(), wish_id, body
    )
    return service.wish_read(wish)
