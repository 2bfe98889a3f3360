from fastapi import APIRouter, Request

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import InvalidInput, NotFound
from weimin_kit.problems import problems
from weimin_notifications.deps import SealerDep
from weimin_notifications.push import service
from weimin_notifications.push.schemas import (
    PublicKey,
    PushSubscriptionCreate,
    PushSubscriptionEnd,
)

router = APIRouter(prefix="/v1/push", tags=["push"])


@router.get("/public-key", responses=problems(NotFound))
async def push_public_key(request: Request, principal: CurrentPrincipal) -> PublicKey:
    """The `applicationServerKey` a browser subscribes with; 404 where browser push is not
    set up (the app then offers the other channels)."""
    return service.public_key(request.app.state.settings)


@router.post("/subscriptions", status_code=204, responses=problems(InvalidInput))
async def subscribe(
    body: PushSubscriptionCreate,
    request: Request,
    session: SessionDep,
    principal: CurrentPrincipal,
    sealer: SealerDep,
    now: Now,
) -> None:
    """This browser receives the caller's notices (the same endpoint again replaces its
    keys). Web push is a bonus channel: most phones in China cannot reach a push service,
    so alarms never rely on it."""
    await service.subscribe(session, principal, sealer, request.app.state.settings, body, now)


@router.delete("/subscriptions/current", status_code=204, responses=problems(NotFound))
async def unsubscribe(
    body: PushSubscriptionEnd, session: SessionDep, principal: CurrentPrincipal, sealer: SealerDep
) -> None:
    """This browser (named by its endpoint) no longer receives the caller's notices."""
    await service.unsubscribe(session, principal, sealer, str(body.endpoint))
