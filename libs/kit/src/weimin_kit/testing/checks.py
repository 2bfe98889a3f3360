"""Checks every service runs against itself, so each proves the kit is wired in."""

import uuid
from pathlib import Path

import httpx
from fastapi import FastAPI

from weimin_kit.events.envelope import CloudEvent
from weimin_kit.events.inbox import apply_event
from weimin_kit.migrations import head_revision
from weimin_kit.testing.tokens import TestKeys
from weimin_kit.types import utcnow


async def check_ready_at_head(client: httpx.AsyncClient, migrations_dir: Path) -> None:
    response = await client.get("/readyz")
    assert response.status_code == 200, response.text
    head = head_revision(migrations_dir)
    assert head is not None
    assert response.json()["checks"]["schema"] == {"current": head, "head": head}


async def check_unknown_path_is_a_problem(client: httpx.AsyncClient) -> None:
    response = await client.get("/v1/nothing-here")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "not-found"


async def check_consumes_session_revocations(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys, event_type: str, path: str
) -> None:
    """The service applies the issuer's revocation event (`event_type`) and then refuses
    the revoked session's tokens on `path` (any GET an admin may call), and no other's."""
    revoked, alive = str(uuid.uuid4()), str(uuid.uuid4())
    event = CloudEvent(
        specversion="1.0",
        id=str(uuid.uuid4()),
        source="/weimin/org-registry",
        type=event_type,
        subject=str(uuid.uuid4()),
        data={
            "account_id": str(uuid.uuid4()),
            "session_ids": [revoked],
            "reason": "logout",
            "revoked_at": utcnow().isoformat(),
        },
    )
    assert await apply_event(app.state.database, app.state.event_handlers, event) == "applied"
    refused = await client.get(path, headers=test_keys.headers(roles=["admin"], sid=revoked))
    assert refused.status_code == 401, refused.text
    assert refused.json()["code"] == "session-revoked"
    other = await client.get(path, headers=test_keys.headers(roles=["admin"], sid=alive))
    assert other.status_code == 200, other.text
