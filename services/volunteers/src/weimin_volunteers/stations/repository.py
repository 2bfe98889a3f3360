import uuid
from collections.abc import Sequence

from sqlalchemy import Select, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_kit.auth import Principal
from weimin_volunteers.scope import account_id_of, scope_condition
from weimin_volunteers.stations.models import ServiceItem, ServiceRequest, Station


async def add(session: AsyncSession, row: object) -> None:
    session.add(row)
    await session.flush()


async def items(session: AsyncSession) -> Sequence[ServiceItem]:
    return (await session.scalars(select(ServiceItem).order_by(ServiceItem.code))).all()


async def items_by_code(session: AsyncSession, codes: Sequence[str]) -> dict[str, ServiceItem]:
    rows = await session.scalars(select(ServiceItem).where(ServiceItem.code.in_(list(codes))))
    return {item.code: item for item in rows}


async def get_station(session: AsyncSession, station_id: uuid.UUID) -> Station | None:
    return await session.get(Station, station_id)


async def station_of_community(session: AsyncSession, community_id: uuid.UUID) -> Station | None:
    return await session.scalar(select(Station).where(Station.community_id == community_id))


def stations(community_id: uuid.UUID | None) -> Select[Station]:
    statement = select(Station)
    if community_id is not None:
        statement = statement.where(Station.community_id == community_id)
    return statement


async def get_request(session: AsyncSession, request_id: uuid.UUID) -> ServiceRequest | None:
    return await session.get(ServiceRequest, request_id)


def requests_visible_to(principal: Principal) -> Select[ServiceRequest]:
    """Staff: their scope; anyone: the requests they made themselves."""
    condition = scope_condition(
        principal, street=ServiceRequest.street_id, community=ServiceRequest.community_id
    )
    statement = select(ServiceRequest)
    if condition is None:
        return statement
    account_id = account_id_of(principal)
    if account_id is not None:
        condition = condition | (ServiceRequest.requester_account_id == account_id)
    return statement.where(condition)
