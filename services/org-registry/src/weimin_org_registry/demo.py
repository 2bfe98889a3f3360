"""The org-registry's part of the demonstration city: the organisation network and the
demo accounts, all sharing one password: street01, community01, volunteer01 and a grid
worker for every grid unit (`weimin_democity.accounts.grid_workers`: grid001 and grid002
for the first community's first two grids, `grid-CC-GG` for the others)."""

import os
import uuid
from typing import Any

from sqlalchemy import insert, select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_democity import City, generate

# Re-exported for the seed command (cli.py): only seed modules import the generator.
from weimin_democity.accounts import DEMO_USERNAMES as DEMO_USERNAMES
from weimin_democity.accounts import demo_account_id, grid_workers
from weimin_democity.model import Size
from weimin_kit.db import Database, insert_in_batches
from weimin_kit.types import utcnow
from weimin_org_registry.config import Settings
from weimin_org_registry.demo_network import load_network
from weimin_org_registry.identity.models import Account
from weimin_org_registry.identity.passwords import (
    Passwords,
    generate_password,
    password_problems,
)
from weimin_org_registry.organisations import repository
from weimin_org_registry.organisations.models import CoBuildingLink, Organisation

DEMO_PASSWORD_ENV = "WEIMIN_DEMO_PASSWORD"  # noqa: S105 - a variable name, not a secret
BATCH = 1_000


def demo_password_from_env() -> str | None:
    return os.environ.get(DEMO_PASSWORD_ENV) or None


async def load_demo(database: Database, settings: Settings, size: str) -> dict[str, int]:
    """Load when empty; without WEIMIN_DEMO_PASSWORD the accounts get a generated password
    nobody learns (the CLI generates and prints one instead)."""
    password = demo_password_from_env() or generate_password("")
    return await load_demo_city(database, settings, size, password)


async def load_demo_city(
    database: Database, settings: Settings, size: str, password: str
) -> dict[str, int]:
    city = generate(_size(size))
    usernames = (*DEMO_USERNAMES, *grid_workers(city).values())
    problems = [
        reason for username in usernames for _, reason in password_problems(password, username)
    ]
    if problems:
        raise ValueError(f"{DEMO_PASSWORD_ENV}: password {'; '.join(sorted(set(problems)))}")
    async with database.sessionmaker() as session, session.begin():
        counts = (
            await _load_organisations(session, city)
            if await repository.is_empty(session)
            else dict.fromkeys(_ORGANISATION_COUNTS, 0)
        )
        counts.update(await load_network(session, settings, city))
        counts["accounts"] = await _load_accounts(session, settings, city, password)
    return counts


_ORGANISATION_COUNTS = (
    "streets",
    "communities",
    "resident_groups",
    "stationed_organisations",
    "co_building_links",
)


def _size(size: str) -> Size:
    if size not in ("demo", "city"):
        raise ValueError(f"unknown size {size!r}")
    return "demo" if size == "demo" else "city"


def _path(*ids: uuid.UUID) -> str:
    return "/" + "".join(f"{i}/" for i in ids)


async def _load_organisations(session: AsyncSession, city: City) -> dict[str, int]:
    now = utcnow()
    common = {
        "status": "active",
        "created_at": now,
        "updated_at": now,
        "level": None,
        "category": None,
        "sector": None,
    }
    street_of = {c.id: c.street_id for c in city.communities}
    streets = [
        {
            **common,
            "id": s.id,
            "kind": "street_committee",
            "name": s.name,
            "code": s.code,
            "division_code": s.division_code,
            "parent_id": None,
            "path": _path(s.id),
            "depth": 1,
            "street_id": s.id,
            "community_id": None,
        }
        for s in city.streets
    ]
    communities = [
        {
            **common,
            "id": c.id,
            "kind": "community_branch",
            "name": c.name,
            "code": c.code,
            "division_code": c.division_code,
            "parent_id": c.street_id,
            "path": _path(c.street_id, c.id),
            "depth": 2,
            "street_id": c.street_id,
            "community_id": c.id,
        }
        for c in city.communities
    ]
    groups = [
        {
            **common,
            "id": g.id,
            "kind": "resident_group_branch",
            "name": g.name,
            "code": g.code,
            "division_code": None,
            "parent_id": g.community_id,
            "path": _path(street_of[g.community_id], g.community_id, g.id),
            "depth": 3,
            "street_id": street_of[g.community_id],
            "community_id": g.community_id,
        }
        for g in city.resident_groups
    ]
    stationed = [
        {
            **common,
            "id": o.id,
            "kind": "two_new_organisation" if o.level == "two_new" else "stationed_unit",
            "name": o.name,
            "code": f"CB{n:05d}",
            "division_code": None,
            "parent_id": None,
            "path": _path(o.id),
            "depth": 1,
            "street_id": None,
            "community_id": None,
            "level": None if o.level == "two_new" else o.level,
            "category": o.kind,
            "sector": o.sector,
        }
        for n, o in enumerate(city.stationed_organisations, start=1)
    ]
    links = [
        {
            "organisation_id": o.id,
            "community_id": c,
            "street_id": street_of[c],
            "created_at": now,
            "updated_at": now,
        }
        for o in city.stationed_organisations
        for c in o.community_ids
    ]
    # Parents first: the parent_id foreign key is checked row by row.
    for rows in (streets, communities, groups, stationed):
        await insert_in_batches(session, Organisation, rows, BATCH)
    await insert_in_batches(session, CoBuildingLink, links, BATCH)
    return {
        "streets": len(streets),
        "communities": len(communities),
        "resident_groups": len(groups),
        "stationed_organisations": len(stationed),
        "co_building_links": len(links),
    }


async def _load_accounts(
    session: AsyncSession, settings: Settings, city: City, password: str
) -> int:
    street, community = city.streets[0], city.communities[0]
    first_grid = next(g for g in city.grid_units if g.community_id == community.id)
    street_of = {c.id: c.street_id for c in city.communities}
    name_of = {g.id: g.name for g in city.grid_units}
    placed = {"street_id": street.id, "community_id": community.id}
    unit_community = {g.id: g.community_id for g in city.grid_units}
    wanted: list[dict[str, Any]] = [
        {
            "username": "street01",
            "display_name": f"{street.name}书记",
            "roles": ["street_secretary"],
            "scopes": [f"street:{street.id}"],
            "street_id": street.id,
            "community_id": None,
        },
        {
            "username": "community01",
            "display_name": f"{community.name}书记",
            "roles": ["community_secretary"],
            "scopes": [f"community:{community.id}"],
            **placed,
        },
        *(
            {
                "username": username,
                "display_name": f"{name_of[grid_id]}网格员",
                "roles": ["grid_worker"],
                "scopes": [f"grid:{grid_id}"],
                "street_id": street_of[unit_community[grid_id]],
                "community_id": unit_community[grid_id],
            }
            for grid_id, username in grid_workers(city).items()
        ),
        {
            "username": "volunteer01",
            "display_name": f"{community.name}志愿者",
            "roles": ["volunteer"],
            "scopes": [],
            **placed,
        },
        {
            # A member of grid001's joint-defence group (the grid's demo data names this
            # account), who raises the alarms the grid worker's phone receives.
            "username": "neighbour01",
            "display_name": f"{first_grid.name}居民",
            "roles": ["resident"],
            "scopes": [],
            **placed,
        },
    ]
    existing = set(
        await session.scalars(
            select(Account.username).where(Account.username.in_([w["username"] for w in wanted]))
        )
    )
    missing = [w for w in wanted if w["username"] not in existing]
    if not missing:
        return 0
    # One Argon2id hash for every demo account, not one each: 430 hashes at 64 MiB and three
    # passes would add minutes to the first `make run`. The hash string carries its own salt,
    # so every demo account shares that salt and their stored hashes are equal: whoever
    # reads the database sees they share a password. Acceptable for demo accounts only,
    # whose password is shared and printed anyway; real accounts are hashed one by one.
    shared_hash = await Passwords(settings).hash(password)
    now = utcnow()
    await session.execute(
        insert(Account),
        [
            {
                **w,
                # Deterministic, so other services' demo data can refer to these accounts
                # (the volunteers service makes volunteer01 a volunteer).
                "id": demo_account_id(city.seed, w["username"]),
                "password_hash": shared_hash,
                "status": "active",
                "created_at": now,
                "updated_at": now,
            }
            for w in missing
        ],
    )
    return len(missing)
