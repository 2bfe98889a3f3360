"""Setting up the volunteers benchmark: the city loaded by the service's own `prepare`,
and the tasks to rank written beside it."""

import json
import random
import subprocess
import sys
import time
import uuid
from typing import Any

from sqlalchemy import select

from bench.gateway import REPO
from weimin_kit.db import Database
from weimin_volunteers.dispatch.models import Task
from weimin_volunteers.registry.models import Skill
from weimin_volunteers.stations.models import Station

TASKS = 200
RADII_M = (1_000, 3_000, 5_000)
MIN_VOLUNTEERS = 50_000


def load_city(env: dict[str, str]) -> dict[str, Any]:
    command = [sys.executable, "-m", "weimin_volunteers", "prepare", "--demo-size", "city"]
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=REPO, capture_output=True, text=True, check=False)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"prepare failed:\n{done.stdout}\n{done.stderr}")
    lines = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    loaded: dict[str, int] = next(line["loaded"] for line in lines if "loaded" in line)
    if loaded.get("volunteers", 0) < MIN_VOLUNTEERS:
        raise RuntimeError(f"the city dataset is too small: {loaded}")
    return {
        "command": " ".join(["python", *command[1:]]),
        "seconds": round(seconds, 1),
        "loaded": loaded,
    }


async def write_tasks(database: Database) -> list[Task]:
    """Tasks around each community's station (up to ~1 km off), every skill and none in
    turn, radii of 1, 3 and 5 km: open, to be assigned, so ranking is all they need."""
    rng = random.Random(6)
    async with database.sessionmaker() as session:
        stations = list(await session.scalars(select(Station).order_by(Station.id)))
        codes: list[str | None] = [*sorted(await session.scalars(select(Skill.code)))]
        codes.append(None)
        tasks = [
            Task(
                id=uuid.UUID(int=rng.getrandbits(128)),
                kind="incident",
                title=f"bench task {n}",
                description="",
                skill_code=codes[n % len(codes)],
                street_id=(s := stations[n % len(stations)]).street_id,
                community_id=s.community_id,
                lon=round(s.lon + rng.uniform(-0.01, 0.01), 5),
                lat=round(s.lat + rng.uniform(-0.008, 0.008), 5),
                radius_m=RADII_M[n % len(RADII_M)],
                mode="assign",
                team_id=None,
                offer_k=3,
                offer_timeout_seconds=300,
                status="open",
            )
            for n in range(TASKS)
        ]
        session.add_all(tasks)
        await session.commit()
    return tasks


async def write_tasks_to(database_url: str) -> list[Task]:
    database = Database.from_url(database_url)
    try:
        return await write_tasks(database)
    finally:
        await database.dispose()
