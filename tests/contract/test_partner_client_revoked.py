"""`partner_client.revoked` between org-registry and the grid, each a real service on its
own database: staff revoke a partner client through org-registry's API, and the event its
outbox then holds, applied by the handlers the grid wires at startup, disables that
client's webhook subscriptions, found by the client id its tokens carry, and no other
client's.
"""

from datetime import datetime
from typing import Any

import httpx
from fastapi import FastAPI
from org_registry_world import build_world
from sqlalchemy import select

from contract.conftest import client_of
from weimin_events.payloads import PartnerClientRevoked
from weimin_kit.auth import INTEGRATION_AUDIENCE, PARTNER_ROLE, PARTNER_SUBJECT_PREFIX
from weimin_kit.events.envelope import event_from_row
from weimin_kit.events.inbox import apply_event
from weimin_kit.testing import TestKeys
from weimin_org_registry.models import Base as OrgRegistryBase

RECEIVE = "integration:events.receive"


def partner_headers(keys: TestKeys, client: dict[str, Any]) -> dict[str, str]:
    """The client's token as org-registry issues it: `sub` is `partner:<client_id>`."""
    return keys.headers(
        aud=INTEGRATION_AUDIENCE,
        roles=[PARTNER_ROLE],
        scopes=[RECEIVE, f"{client['area_kind']}:{client['area_id']}"],
        subject=PARTNER_SUBJECT_PREFIX + client["client_id"],
    )


async def subscriptions_of(grid: httpx.AsyncClient, headers: dict[str, str]) -> list[Any]:
    listed = await grid.get("/integration/v1/webhooks", headers=headers)
    assert listed.status_code == 200, listed.text
    found: list[Any] = listed.json()
    return found


async def test_a_revoke_in_org_registry_disables_that_clients_subscriptions_in_the_grid(
    org_registry_app: FastAPI, grid_app: FastAPI, test_keys: TestKeys
) -> None:
    async with client_of(org_registry_app) as org, client_of(grid_app) as grid:
        world = await build_world(org_registry_app, org)
        await world.add_account("boss", ["admin"])
        boss = await world.headers("boss")
        clients = []
        for name in ("公安网格系统", "城管系统"):
            created = await org.post(
                "/v1/partner-clients",
                json={"name": name, "scopes": [RECEIVE], "area_id": str(world.ids["A"])},
                headers=boss,
            )
            assert created.status_code == 201, created.text
            clients.append(created.json())
        revoked, kept = clients
        for partner in clients:
            subscribed = await grid.post(
                "/integration/v1/webhooks",
                json={"url": "https://partner.example/hook"},
                headers=partner_headers(test_keys, partner),
            )
            assert subscribed.status_code == 201, subscribed.text

        answer = await org.post(f"/v1/partner-clients/{revoked['client_id']}/revoke", headers=boss)
        assert answer.status_code == 200, answer.text
        outbox = OrgRegistryBase.metadata.tables["outbox_events"]
        async with org_registry_app.state.database.sessionmaker() as session:
            row = (
                await session.execute(
                    select(outbox).where(outbox.c.type == PartnerClientRevoked.event_type)
                )
            ).one()
        event = event_from_row(row)
        handlers = grid_app.state.event_handlers
        assert await apply_event(grid_app.state.database, handlers, event) == "applied"

        [stopped] = await subscriptions_of(grid, partner_headers(test_keys, revoked))
        revoked_at = datetime.fromisoformat(answer.json()["revoked_at"])
        assert datetime.fromisoformat(stopped["disabled_at"]) == revoked_at
        [going] = await subscriptions_of(grid, partner_headers(test_keys, kept))
        assert going["disabled_at"] is None
