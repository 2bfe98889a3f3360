from fastapi import APIRouter

from weimin_kit.auth import CurrentPrincipal
from weimin_kit.db import SessionDep
from weimin_kit.errors import NotFound
from weimin_kit.pagination import Page, PageDep
from weimin_kit.problems import problems
from weimin_volunteers.alarms import service
from weimin_volunteers.alarms.schemas import AlarmAlertRead

mine = APIRouter(prefix="/v1/volunteers/me", tags=["me"])


@mine.get("/alarm-alerts", responses=problems(NotFound))
async def list_my_alarm_alerts(
    session: SessionDep, principal: CurrentPrincipal, page: PageDep
) -> Page[AlarmAlertRead]:
    return await service.my_alarm_alerts(session, principal, page)
