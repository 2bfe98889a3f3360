"""A small organisation network and accounts in it, for the org-registry's tests.

Street A has communities A1 (group A1-1) and A2 (group A2-1); street B has community B1
(group B1-1). Stationed unit "S-A1" co-builds with A1, "S-B1" with B1, two-new "T-A2B1"
with A2 and B1.
"""

import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
from fastapi import FastAPI
from sqlalchemy import insert

from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_org_registry.identity.models import Account
from weimin_org_registry.organisations.models import CoBuildingLink, Organisation

PASSWORD = "Correct-Horse-42"
STREET_OF = {"A1": "A", "A2": "A", "B1": "B"}
_PARENT = {**STREET_OF, "A1-1": "A1", "A2-1": "A2", "B1-1": "B1"}


class FakeClock:
    def __init__(self) -> None:
        self.now = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


@dataclass
class World:
    app: FastAPI
    client: httpx.AsyncClient
    ids: dict[str, uuid.UUID] = field(default_factory=dict)

    @property
    def database(self) -> Database:
        database: Database = self.app.state.database
        return database

    async def add_account(
        self,
        username: str,
        roles: list[str],
        scopes: Sequence[str] = (),
        *,
        street: str | None = None,
        community: str | None = None,
        status: str = "active",
        password: str = PASSWORD,
    ) -> uuid.UUID:
        account_id = new_id()
        street = street or STREET_OF.get(community or "")
        now = self.app.state.clock()
        async with self.database.sessionmaker() as session, session.begin():
            session.add(
                Account(
                    id=account_id,
                    username=username,
                    display_name=f"Name of {username}",
                    password_hash=await self.app.state.identity.passwords.hash(password),
                    roles=roles,
                    scopes=list(scopes),
                    street_id=self.ids[street] if street else None,
                    community_id=self.ids[community] if community else None,
                    status=status,
                    created_at=now,
                    updated_at=now,
                )
            )
        self.ids[username] = account_id
        return account_id

    async def login(self, username: str, password: str = PASSWORD) -> dict[str, Any]:
        response = await self.client.post(
            "/v1/auth/login", json={"username": username, "password": password}
        )
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    async def headers(self, username: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {(await self.login(username))['access_token']}"}

    async def headers_with_password(self, username: str, password: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {(await self.login(username, password))['access_token']}"}

    def scope(self, kind: str, name: str) -> str:
        return f"{kind}:{self.ids[name]}"


def _org(
    ids: dict[str, uuid.UUID], name: str, kind: str, parent: str | None, **extra: Any
) -> dict[str, Any]:
    ids[name] = new_id()
    now = datetime.now(UTC)
    chain = [ids[name]]
    while parent is not None:
        chain.insert(0, ids[parent])
        parent = _PARENT.get(parent)
    return {
        "id": ids[name],
        "kind": kind,
        "name": f"{name}名称",
        "code": f"code-{name}",
        "division_code": None,
        "parent_id": chain[-2] if len(chain) > 1 else None,
        "path": "/" + "".join(f"{i}/" for i in chain),
        "depth": len(chain),
        "street_id": None,
        "community_id": None,
        "level": None,
        "category": None,
        "sector": None,
        "status": "active",
        "created_at": now,
        "updated_at": now,
        **extra,
    }


async def build_world(app: FastAPI, client: httpx.AsyncClient) -> World:
    world = World(app, client)
    ids = world.ids
    rows = [_org(ids, "A", "street_committee", None), _org(ids, "B", "street_committee", None)]
    for street in ("A", "B"):
        rows[-2 if street == "A" else -1]["street_id"] = ids[street]
    for community, street in (("A1", "A"), ("A2", "A"), ("B1", "B")):
        rows.append(_org(ids, community, "community_branch", street, street_id=ids[street]))
        rows[-1]["community_id"] = ids[community]
    for community, street in (("A1", "A"), ("A2", "A"), ("B1", "B")):
        rows.append(
            _org(
                ids,
                f"{community}-1",
                "resident_group_branch",
                community,
                street_id=ids[street],
                community_id=ids[community],
            )
        )
    rows.append(_org(ids, "S-A1", "stationed_unit", None, level="city"))
    rows.append(_org(ids, "S-B1", "stationed_unit", None, level="prefecture"))
    rows.append(_org(ids, "T-A2B1", "two_new_organisation", None, category="new_social"))
    now = datetime.now(UTC)
    links = [
        {
            "organisation_id": ids[o],
            "community_id": ids[c],
            "street_id": ids[s],
            "created_at": now,
            "updated_at": now,
        }
        for o, c, s in (
            ("S-A1", "A1", "A"),
            ("S-B1", "B1", "B"),
            ("T-A2B1", "A2", "A"),
            ("T-A2B1", "B1", "B"),
        )
    ]
    async with world.database.sessionmaker() as session, session.begin():
        await session.execute(insert(Organisation), rows)
        await session.execute(insert(CoBuildingLink), links)
    return world
