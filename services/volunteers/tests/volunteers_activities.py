from datetime import timedelta
from typing import Any

import httpx
from volunteer_world import START, World, ok

VENUE = (100.2300, 25.6000)


def shift(hours_from_start: float, length_hours: float = 2, capacity: int = 10) -> dict[str, Any]:
    starts = START + timedelta(hours=hours_from_start)
    return {
        "starts_at": starts.isoformat(),
        "ends_at": (starts + timedelta(hours=length_hours)).isoformat(),
        "capacity": capacity,
    }


async def make_activity(
    client: httpx.AsyncClient,
    world: World,
    *shifts: dict[str, Any],
    headers: dict[str, str] | None = None,
    **overrides: Any,
) -> dict[str, Any]:
    body = {
        "title": "洱海边捡垃圾",
        "team_id": str(world.teams["T1"]),
        "lon": VENUE[0],
        "lat": VENUE[1],
        **world.place("C1"),
        "shifts": list(shifts) or [shift(24)],
        **overrides,
    }
    created: dict[str, Any] = ok(
        await client.post("/v1/activities", json=body, headers=headers or world.headers("ann")), 201
    )
    return created
