import uuid

from fastapi import APIRouter

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.clock import Now
from weimin_kit.db import SessionDep
from weimin_kit.errors import Forbidden, InvalidInput, NotFound
from weimin_kit.problems import problems
from weimin_notifications.deps import AvailableDep, SealerDep
from weimin_notifications.preferences import service
from weimin_notifications.preferences.schemas import (
    ContactCreate,
    ContactRead,
    PreferencesRead,
    PreferencesUpdate,
)

preferences = APIRouter(prefix="/v1/notification-preferences", tags=["notification-preferences"])
contacts = APIRouter(prefix="/v1/notification-contacts", tags=["notification-contacts"])


@preferences.get("/me")
async def my_preferences(
    session: SessionDep, principal: CurrentPrincipal, available: AvailableDep
) -> PreferencesRead:
    """The caller's choices, or the defaults: alarms on every channel at any hour (SMS
    included), everything else 08:30–18:00 Beijing time, zh-CN."""
    return await service.my_preferences(session, principal, available)


@preferences.put("/me", responses=problems(InvalidInput))
async def update_my_preferences(
    body: PreferencesUpdate,
    session: SessionDep,
    principal: CurrentPrincipal,
    available: AvailableDep,
    now: Now,
) -> PreferencesRead:
    """Change what is given; the rest stays."""
    return await service.update_preferences(session, principal, body, available, now)


@contacts.get("")
async def my_contacts(
    session: SessionDep, principal: CurrentPrincipal, sealer: SealerDep
) -> list[ContactRead]:
    """Where the caller is reached, masked."""
    return await service.my_contacts(session, principal, sealer)


@contacts.post("", status_code=201, responses=problems(InvalidInput, Forbidden))
async def add_contact(
    body: ContactCreate,
    session: SessionDep,
    principal: CurrentPrincipal,
    sealer: SealerDep,
    now: Now,
) -> ContactRead:
    """A mobile number, WeCom / DingTalk user id or WeChat openid to be reached at."""
    return await service.add_contact(session, principal, sealer, body, now)


@contacts.delete("/{contact_id}", status_code=204, responses=problems(NotFound))
async def remove_contact(
    contact_id: uuid.UUID, session: SessionDep, principal: CurrentPrincipal
) -> None:
    await service.remove_contact(session, principal, contact_id)
