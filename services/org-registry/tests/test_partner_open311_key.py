"""A partner client's Open311 API key: staff issue it once to a client holding
`open311:requests.write`; it is a year-long token for the Open311 audience, recorded among
the client's changes, and revoking the client refuses it for as long as it lives."""

from datetime import UTC, datetime, timedelta

import httpx
import jwt
import pytest
from factories import outbox
from fastapi import FastAPI
from org_registry_world import FakeClock, World
from test_partner_clients import CLIENTS, SESSION_REVOKED, create_client

from weimin_kit.auth import OPEN311_AUDIENCE, is_partner
from weimin_kit.errors import SessionRevoked, Unauthenticated

OPEN311 = ["open311:requests.write"]
YEAR = 365 * 24 * 3600


async def test_staff_issue_a_year_long_key_for_the_open311_audience(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"], scopes=OPEN311)
    client_id = created["client_id"]

    response = await client.post(f"{CLIENTS}/{client_id}/open311-key", headers=staff["sec-a"])

    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    api_key = body["api_key"]
    claims = jwt.decode(api_key, options={"verify_signature": False})
    assert claims["aud"] == OPEN311_AUDIENCE
    assert claims["sub"] == f"partner:{client_id}"
    assert claims["roles"] == ["partner"]
    assert claims["scopes"] == [*OPEN311, f"community:{world.ids['A1']}"]
    assert claims["exp"] - claims["iat"] == YEAR
    assert datetime.fromisoformat(body["expires_at"]) == datetime.fromtimestamp(
        claims["exp"], tz=UTC
    )
    # Signed with the service's key: verified for the Open311 audience only.
    verifier = app.state.token_verifier
    principal = await verifier.verify(api_key, audience=OPEN311_AUDIENCE)
    assert is_partner(principal, OPEN311_AUDIENCE)
    assert principal.session_id == claims["sid"]
    with pytest.raises(Unauthenticated):
        await verifier.verify(api_key, audience="weimin-integration")
    # The change history names the key by its id and end, never the key itself.
    changes = (await client.get(f"{CLIENTS}/{client_id}/changes", headers=staff["sec-a"])).json()
    latest = changes["items"][0]
    assert latest["action"] == "open311-key"
    assert latest["details"]["key_id"] == claims["jti"]
    assert api_key not in str(changes)


@pytest.mark.parametrize(
    ("case", "status", "code"),
    [
        ("client without the scope", 409, "open311-scope-not-granted"),
        ("another street's community secretary", 403, "forbidden"),
        ("unknown client", 404, "not-found"),
        ("revoked client", 409, "partner-client-revoked"),
    ],
)
async def test_a_key_is_refused(
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    case: str,
    status: int,
    code: str,
) -> None:
    scopes = ["integration:incidents.read"] if case == "client without the scope" else OPEN311
    client_id = (await create_client(client, world, staff["sec-a"], scopes=scopes))["client_id"]
    headers = staff["sec-b1"] if case.startswith("another") else staff["sec-a"]
    if case == "unknown client":
        client_id = "pc-" + "0" * 20
    if case == "revoked client":
        await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])

    response = await client.post(f"{CLIENTS}/{client_id}/open311-key", headers=headers)

    assert (response.status_code, response.json()["code"]) == (status, code), response.text


async def test_revoking_the_client_refuses_its_key_for_as_long_as_the_key_lives(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    clock: FakeClock,
) -> None:
    client_id = (await create_client(client, world, staff["sec-a"], scopes=OPEN311))["client_id"]
    api_key = (
        await client.post(f"{CLIENTS}/{client_id}/open311-key", headers=staff["sec-a"])
    ).json()["api_key"]
    principal = await app.state.token_verifier.verify(api_key, audience=OPEN311_AUDIENCE)
    await app.state.revocations.ensure_not_revoked(principal)

    revoked = await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])

    assert revoked.status_code == 200, revoked.text
    with pytest.raises(SessionRevoked):
        await app.state.revocations.ensure_not_revoked(principal)
    # Every service is told to keep refusing it for the key's year, not an access token's
    # quarter hour (the consumers' revocation_keep_seconds).
    [event] = await outbox(app, SESSION_REVOKED)
    keep_until = datetime.fromisoformat(event["data"]["keep_until"])
    assert keep_until - clock.now >= timedelta(seconds=YEAR - 60)
