"""What a partner reads: the area's grid units as GeoJSON, and an incident a webhook named."""

import uuid
from typing import Any, cast

from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import IncidentState
from weimin_grid.incidents.models import Incident
from weimin_grid.integration.schemas import PartnerIncident
from weimin_grid.scope import covers
from weimin_grid.units.models import GridUnit
from weimin_grid.units.repository import grid_units_in_scope
from weimin_grid.webhooks.vocabulary import EXCHANGE_STATES, PUBLIC_SECURITY_CATEGORIES
from weimin_kit.auth import Principal
from weimin_kit.errors import NotFound


async def grid_units(
    session: AsyncSession, partner: Principal, community_id: uuid.UUID | None
) -> dict[str, Any]:
    statement = grid_units_in_scope(partner).order_by(GridUnit.code)
    if community_id is not None:
        statement = statement.where(GridUnit.community_id == community_id)
    return {
        "type": "FeatureCollection",
        "features": [_feature(unit) for unit in await session.scalars(statement)],
    }


def _feature(unit: GridUnit) -> dict[str, Any]:
    return {
        "type": "Feature",
        "id": unit.code,
        "geometry": unit.boundary,
        "properties": {
            "code": unit.code,
            "name": unit.name,
            "id": str(unit.id),
            "community_id": str(unit.community_id),
            "street_id": str(unit.street_id),
            "updated_at": unit.updated_at.isoformat(),
        },
    }


async def incident(
    session: AsyncSession, partner: Principal, incident_id: uuid.UUID
) -> PartnerIncident:
    found = await session.get(Incident, incident_id)
    if (
        found is None
        or found.category_code not in PUBLIC_SECURITY_CATEGORIES
        or not covers(
            partner, street=found.street_id, community=found.community_id, grid=found.grid_unit_id
        )
    ):
        raise NotFound("No such incident")
    unit = await session.get(GridUnit, found.grid_unit_id)
    return PartnerIncident(
        id=found.id,
        category_code=found.category_code,
        title=found.title,
        description=found.description,
        priority=found.priority,
        state=found.state,
        exchange_state=EXCHANGE_STATES[cast(IncidentState, found.state)],
        level=found.level,
        lon=found.lon,
        lat=found.lat,
        grid_unit_code=unit.code if unit else "",
        version=found.version,
        reported_at=found.created_at.isoformat(),
        due_at=found.due_at.isoformat(),
        updated_at=found.updated_at.isoformat(),
    )
