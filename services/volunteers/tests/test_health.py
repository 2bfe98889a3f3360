import httpx
from fastapi import FastAPI

from weimin_events.payloads import SessionRevoked
from weimin_kit.testing import TestKeys
from weimin_kit.testing.checks import (
    check_consumes_session_revocations,
    check_ready_at_head,
    check_unknown_path_is_a_problem,
)
from weimin_volunteers.app import MIGRATIONS_DIR


async def test_ready_when_database_is_at_head(client: httpx.AsyncClient) -> None:
    await check_ready_at_head(client, MIGRATIONS_DIR)


async def test_unknown_path_is_a_problem_document(client: httpx.AsyncClient) -> None:
    await check_unknown_path_is_a_problem(client)


async def test_a_session_revoked_by_the_issuer_is_refused(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    await check_consumes_session_revocations(
        app, client, test_keys, SessionRevoked.event_type, "/v1/skills"
    )
