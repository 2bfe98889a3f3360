"""The queries behind Open311: public request lists, and a standard address's point."""

import unicodedata
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_grid.addresses.models import StandardAddress
from weimin_grid.incidents.models import Incident
from weimin_grid.registry.models import Building, Household
from weimin_grid.units.models import GridUnit


@dataclass(frozen=True, slots=True)
class RequestQuery:
    ids: Sequence[uuid.UUID] = ()
    codes: Sequence[str] = ()
    states: Sequence[str] = ()
    start: datetime | None = None
    end: datetime | None = None
    limit: int = 1000


async def public_requests(
    session: AsyncSession, query: RequestQuery, hidden_codes: frozenset[str]
) -> list[tuple[Incident, GridUnit]]:
    """Incidents and their grid units, newest first; never those of `hidden_codes`."""
    statement = (
        select(Incident, GridUnit)
        .join(GridUnit, GridUnit.id == Incident.grid_unit_id)
        .where(Incident.category_code.not_in(sorted(hidden_codes)))
        .order_by(Incident.created_at.desc(), Incident.id.desc())
        .limit(query.limit)
    )
    if query.ids:
        statement = statement.where(Incident.id.in_(query.ids))
    if query.codes:
        statement = statement.where(Incident.category_code.in_(query.codes))
    if query.states:
        statement = statement.where(Incident.state.in_(query.states))
    if query.start is not None:
        statement = statement.where(Incident.created_at >= query.start)
    if query.end is not None:
        statement = statement.where(Incident.created_at <= query.end)
    return [(incident, unit) for incident, unit in (await session.execute(statement)).all()]


def written_form(text: str) -> str:
    """An address as typed, compared like a stored full text: NFKC, no blanks."""
    return "".join(unicodedata.normalize("NFKC", text).split())


async def address_point(session: AsyncSession, text: str) -> tuple[float, float] | None:
    """The WGS-84 point of the standard address with this code or this full text: its
    building's (joined directly or through a home), else its grid unit's centroid."""
    written = written_form(text)
    address = await session.scalar(
        select(StandardAddress)
        .where(or_(StandardAddress.code == text.strip(), StandardAddress.full_text == written))
        .order_by(StandardAddress.code)
        .limit(1)
    )
    if address is None:
        return None
    building = await session.scalar(
        select(Building)
        .where(
            or_(
                Building.standard_address_id == address.id,
                Building.id.in_(
                    select(Household.building_id).where(Household.standard_address_id == address.id)
                ),
            )
        )
        .limit(1)
    )
    if building is not None:
        return building.lon, building.lat
    unit = await session.get(GridUnit, address.grid_unit_id)
    return None if unit is None else (unit.centroid_lon, unit.centroid_lat)
