"""Partner clients: staff create, rotate and revoke them; partners get client-credentials
tokens (RFC 6749 §4.4) for the integration audience, limited to their area."""

import base64
import logging
import uuid
from datetime import datetime, timedelta
from typing import Any

import httpx
import jwt
import pytest
from factories import outbox
from fastapi import FastAPI
from org_registry_world import FakeClock, World
from sqlalchemy import select

from weimin_events.payloads import PartnerClientRevoked
from weimin_kit.auth import INTEGRATION_AUDIENCE
from weimin_org_registry.models import Base

TOKEN = "/v1/oauth/token"
CLIENTS = "/v1/partner-clients"
SCOPES = ["integration:grid-units.read", "integration:incidents.read"]
SESSION_REVOKED = "cn.weimin.session.revoked.v1"


async def create_client(
    client: httpx.AsyncClient,
    world: World,
    headers: dict[str, str],
    area: str = "A1",
    scopes: list[str] = SCOPES,
    name: str = "公安网格系统",
) -> dict[str, Any]:
    response = await client.post(
        CLIENTS,
        json={"name": name, "scopes": scopes, "area_id": str(world.ids[area])},
        headers=headers,
    )
    assert response.status_code == 201, response.text
    assert response.headers["cache-control"] == "no-store"
    body: dict[str, Any] = response.json()
    return body


def basic(client_id: str, secret: str) -> dict[str, str]:
    encoded = base64.b64encode(f"{client_id}:{secret}".encode()).decode()
    return {"Authorization": f"Basic {encoded}"}


async def token_by_basic(
    client: httpx.AsyncClient, client_id: str, secret: str, **form: str
) -> httpx.Response:
    return await client.post(
        TOKEN,
        data={"grant_type": "client_credentials", **form},
        headers=basic(client_id, secret),
    )


def claims_of(app: FastAPI, access_token: str) -> dict[str, Any]:
    """Unverified claims (the signature is checked by the requests that use the token)."""
    claims: dict[str, Any] = jwt.decode(access_token, options={"verify_signature": False})
    return claims


def bearer(access_token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {access_token}"}


async def test_create_then_token_then_verify(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, secret = created["client_id"], created["client_secret"]
    assert client_id.startswith("pc-")
    assert created["scopes"] == SCOPES
    assert (created["area_kind"], created["area_id"]) == ("community", str(world.ids["A1"]))
    assert created["street_id"] == str(world.ids["A"])
    assert created["status"] == "active"
    assert len(created["secrets"]) == 1
    assert created["secrets"][0]["expires_at"] is None

    response = await token_by_basic(client, client_id, secret)

    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["expires_in"] == 600
    assert body["scope"] == " ".join(SCOPES)
    claims = claims_of(app, body["access_token"])
    assert claims["aud"] == INTEGRATION_AUDIENCE
    assert claims["sub"] == f"partner:{client_id}"
    assert claims["roles"] == ["partner"]
    assert claims["scopes"] == [*SCOPES, f"community:{world.ids['A1']}"]
    assert claims["exp"] - claims["iat"] == 600
    # The service verifies it for the partner exchange (kit's require_partner_scope) …
    me = await client.get(f"{CLIENTS}/me", headers=bearer(body["access_token"]))
    assert me.status_code == 200, me.text
    assert me.json()["client_id"] == client_id
    assert me.json()["scopes"] == sorted(SCOPES)
    assert me.json()["area_id"] == str(world.ids["A1"])
    # … and it is nobody's sign-in: a person's route refuses it.
    refused = await client.get("/v1/accounts/me", headers=bearer(body["access_token"]))
    assert (refused.status_code, refused.json()["code"]) == (401, "unauthenticated")
    # A person's token does not pass the partner route.
    person = await client.get(f"{CLIENTS}/me", headers=staff["sec-a"])
    assert (person.status_code, person.json()["code"]) == (401, "unauthenticated")


async def test_form_credentials_and_a_narrower_scope(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["boss"], area="B")
    response = await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": created["client_id"],
            "client_secret": created["client_secret"],
            "scope": "integration:incidents.read",
        },
    )
    assert response.status_code == 200, response.text
    assert response.json()["scope"] == "integration:incidents.read"
    claims = claims_of(app, response.json()["access_token"])
    assert claims["scopes"] == ["integration:incidents.read", f"street:{world.ids['B']}"]


async def test_rotation_overlaps_until_the_stated_time(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]], clock: FakeClock
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, old = created["client_id"], created["client_secret"]

    rotated = await client.post(f"{CLIENTS}/{client_id}/secret/rotate", headers=staff["sec-a"])

    assert rotated.status_code == 200, rotated.text
    new = rotated.json()["client_secret"]
    assert new != old
    ends = datetime.fromisoformat(rotated.json()["previous_secret_expires_at"])
    assert ends == clock.now + timedelta(hours=24)
    read = (await client.get(f"{CLIENTS}/{client_id}", headers=staff["sec-a"])).json()
    assert len(read["secrets"]) == 2
    assert (await token_by_basic(client, client_id, old)).status_code == 200
    assert (await token_by_basic(client, client_id, new)).status_code == 200

    clock.advance(hours=23, minutes=59)
    assert (await token_by_basic(client, client_id, old)).status_code == 200
    clock.advance(minutes=2)
    late = await token_by_basic(client, client_id, old)
    assert (late.status_code, late.json()["error"]) == (401, "invalid_client")
    assert (await token_by_basic(client, client_id, new)).status_code == 200
    read = (await client.get(f"{CLIENTS}/{client_id}", headers=staff["sec-a"])).json()
    assert len(read["secrets"]) == 1


async def test_rotating_twice_keeps_at_most_two_live_secrets(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, first = created["client_id"], created["client_secret"]
    path = f"{CLIENTS}/{client_id}/secret/rotate"
    second = (await client.post(path, headers=staff["sec-a"])).json()["client_secret"]
    third = (
        await client.post(
            path, json={"previous_secret_valid_seconds": 3600}, headers=staff["sec-a"]
        )
    ).json()["client_secret"]

    assert (await token_by_basic(client, client_id, first)).status_code == 401
    assert (await token_by_basic(client, client_id, second)).status_code == 200
    assert (await token_by_basic(client, client_id, third)).status_code == 200
    immediate = await client.post(
        path, json={"previous_secret_valid_seconds": 0}, headers=staff["sec-a"]
    )
    assert (await token_by_basic(client, client_id, third)).status_code == 401
    fourth = immediate.json()["client_secret"]
    assert (await token_by_basic(client, client_id, fourth)).status_code == 200
    too_long = await client.post(
        path, json={"previous_secret_valid_seconds": 8 * 24 * 3600}, headers=staff["sec-a"]
    )
    assert too_long.status_code == 422
    assert too_long.json()["errors"][0]["field"] == "body.previous_secret_valid_seconds"


async def test_revoke_refuses_new_and_issued_tokens(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, secret = created["client_id"], created["client_secret"]
    issued = (await token_by_basic(client, client_id, secret)).json()["access_token"]
    assert (await client.get(f"{CLIENTS}/me", headers=bearer(issued))).status_code == 200

    revoked = await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])

    assert revoked.status_code == 200, revoked.text
    assert revoked.json()["status"] == "revoked"
    assert revoked.json()["secrets"] == []
    refused = await client.get(f"{CLIENTS}/me", headers=bearer(issued))
    assert (refused.status_code, refused.json()["code"]) == (401, "session-revoked")
    again = await token_by_basic(client, client_id, secret)
    assert (again.status_code, again.json()["error"]) == (401, "invalid_client")
    # Every other service hears of it: the token's `sid` is the client's own id.
    [event] = await outbox(app, SESSION_REVOKED)
    sid = claims_of(app, issued)["sid"]
    assert event["data"]["session_ids"] == [sid]
    # Revoking again changes nothing; a revoked client gets no new secret.
    assert (
        await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])
    ).status_code == 200
    assert len(await outbox(app, SESSION_REVOKED)) == 1
    rotate = await client.post(f"{CLIENTS}/{client_id}/secret/rotate", headers=staff["sec-a"])
    assert (rotate.status_code, rotate.json()["code"]) == (409, "partner-client-revoked")


async def test_revoke_tells_the_grid_which_client_in_the_same_transaction(
    app: FastAPI, world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    """The event names the public client id (the grid's subscriptions know it by that) and
    the revoke's time; a refused revoke and a repeated one announce nothing."""
    created = await create_client(client, world, staff["sec-a"])
    other = await create_client(client, world, staff["sec-a"], name="另一个系统")
    client_id = created["client_id"]
    in_b = await create_client(client, world, staff["boss"], area="B1")
    hidden = await client.post(f"{CLIENTS}/{in_b['client_id']}/revoke", headers=staff["sec-a"])
    assert hidden.status_code == 404
    assert await outbox(app, PartnerClientRevoked.event_type) == []

    revoked = await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])
    assert revoked.status_code == 200, revoked.text
    again = await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])
    assert again.status_code == 200

    [event] = await outbox(app, PartnerClientRevoked.event_type)
    sent = PartnerClientRevoked.model_validate(event["data"])
    assert sent.client_id == client_id != other["client_id"]
    assert sent.revoked_at == datetime.fromisoformat(revoked.json()["revoked_at"])
    assert event["subject"] == client_id
    assert event["source"] == "/weimin/org-registry"


@pytest.mark.parametrize(
    ("case", "status", "error"),
    [
        ("wrong secret", 401, "invalid_client"),
        ("unknown client", 401, "invalid_client"),
        ("revoked client", 401, "invalid_client"),
        ("no credentials", 401, "invalid_client"),
        ("missing grant_type", 400, "invalid_request"),
        ("wrong grant_type", 400, "unsupported_grant_type"),
        ("scope not granted", 400, "invalid_scope"),
        ("unknown scope", 400, "invalid_scope"),
        ("malformed basic: not base64", 401, "invalid_client"),
        ("malformed basic: no colon", 401, "invalid_client"),
        ("malformed basic: not utf-8", 401, "invalid_client"),
        ("basic and form secret", 400, "invalid_request"),
        ("json body", 400, "invalid_request"),
        ("repeated parameter", 400, "invalid_request"),
        ("overlong secret", 401, "invalid_client"),
        ("chinese grant_type", 400, "unsupported_grant_type"),
        ("chinese scope", 400, "invalid_scope"),
        ("repeated chinese parameter", 400, "invalid_request"),
        ("body not utf-8", 400, "invalid_request"),
    ],
)
async def test_bad_token_requests_are_rfc6749_errors(
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    case: str,
    status: int,
    error: str,
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, secret = created["client_id"], created["client_secret"]
    if case == "revoked client":
        await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])
    grant = {"grant_type": "client_credentials"}
    raw_basic = {
        "malformed basic: not base64": "Basic !!!not-base64!!!",
        "malformed basic: no colon": "Basic " + base64.b64encode(client_id.encode()).decode(),
        "malformed basic: not utf-8": "Basic " + base64.b64encode(b"\xff\xfe:\xff").decode(),
    }
    request: dict[str, Any] = {"data": grant, "headers": basic(client_id, secret)}
    if case == "wrong secret":
        request["headers"] = basic(client_id, secret[:-2] + "xx")
    elif case == "unknown client":
        request["headers"] = basic("pc-00000000000000000000", secret)
    elif case == "no credentials":
        request["headers"] = {}
    elif case == "missing grant_type":
        request["data"] = {}
    elif case == "wrong grant_type":
        request["data"] = {"grant_type": "password"}
    elif case == "scope not granted":
        request["data"] = {**grant, "scope": "integration:population.write"}
    elif case == "unknown scope":
        request["data"] = {**grant, "scope": "admin"}
    elif case in raw_basic:
        request["headers"] = {"Authorization": raw_basic[case]}
    elif case == "basic and form secret":
        request["data"] = {**grant, "client_id": client_id, "client_secret": secret}
    elif case == "json body":
        request = {"json": grant, "headers": basic(client_id, secret)}
    elif case == "repeated parameter":
        request = {
            "content": "grant_type=client_credentials&grant_type=client_credentials",
            "headers": {
                **basic(client_id, secret),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        }
    elif case == "overlong secret":
        request["headers"] = basic(client_id, "x" * 5000)
    elif case == "chinese grant_type":
        request["data"] = {"grant_type": '密码"\\'}
    elif case == "chinese scope":
        request["data"] = {**grant, "scope": '网格 "all"'}
    elif case in ("repeated chinese parameter", "body not utf-8"):
        content = "范围=1&范围=2" if case.startswith("repeated") else b"grant_type=\xff\xfe"
        request = {
            "content": content,
            "headers": {
                **basic(client_id, secret),
                "Content-Type": "application/x-www-form-urlencoded",
            },
        }

    response = await client.post(TOKEN, **request)

    assert (response.status_code, response.json()["error"]) == (status, error), response.text
    assert response.headers["content-type"].startswith("application/json")
    assert response.headers["cache-control"] == "no-store"
    if status == 401:
        assert response.headers["www-authenticate"].startswith("Basic ")
    assert "access_token" not in response.json()


async def test_staff_outside_the_area_cannot_create_or_see_a_client(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    body = {"name": "派出所", "scopes": SCOPES}
    # Street A's secretary: not for street B, nor its community.
    for area in ("B", "B1"):
        refused = await client.post(
            CLIENTS, json={**body, "area_id": str(world.ids[area])}, headers=staff["sec-a"]
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "scope-not-grantable")
        assert refused.json()["errors"][0]["field"] == "body.area_id"
    # Community secretaries and others manage no partner clients.
    for who in ("sec-a1", "grid", "member"):
        refused = await client.post(
            CLIENTS, json={**body, "area_id": str(world.ids["A1"])}, headers=staff[who]
        )
        assert (refused.status_code, refused.json()["code"]) == (403, "forbidden"), who
    # Not a street or community, or no such organisation.
    for area_id in (world.ids["A1-1"], world.ids["S-A1"], uuid.uuid4()):
        unknown = await client.post(
            CLIENTS, json={**body, "area_id": str(area_id)}, headers=staff["boss"]
        )
        assert (unknown.status_code, unknown.json()["code"]) == (422, "unknown-area")
        assert unknown.json()["errors"][0]["field"] == "body.area_id"
    bad_scope = await client.post(
        CLIENTS,
        json={**body, "scopes": ["integration:everything"], "area_id": str(world.ids["A1"])},
        headers=staff["boss"],
    )
    assert bad_scope.status_code == 422
    assert bad_scope.json()["errors"][0]["field"].startswith("body.scopes")

    in_b = await create_client(client, world, staff["boss"], area="B1")
    in_a = await create_client(client, world, staff["sec-a"], area="A")
    path = f"{CLIENTS}/{in_b['client_id']}"
    for action in ("", "/changes"):
        hidden = await client.get(path + action, headers=staff["sec-a"])
        assert (hidden.status_code, hidden.json()["code"]) == (404, "not-found")
    for action in ("/secret/rotate", "/revoke"):
        hidden = await client.post(path + action, headers=staff["sec-a"])
        assert (hidden.status_code, hidden.json()["code"]) == (404, "not-found")
    listed = (await client.get(CLIENTS, headers=staff["sec-a"])).json()["items"]
    assert [c["client_id"] for c in listed] == [in_a["client_id"]]
    everything = (await client.get(CLIENTS, headers=staff["boss"])).json()["items"]
    assert {c["client_id"] for c in everything} == {in_a["client_id"], in_b["client_id"]}


async def test_changes_are_audited_and_secrets_never_shown_or_logged(
    app: FastAPI,
    world: World,
    client: httpx.AsyncClient,
    staff: dict[str, dict[str, str]],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    created = await create_client(client, world, staff["sec-a"])
    client_id = created["client_id"]
    secrets = [created["client_secret"]]
    await token_by_basic(client, client_id, secrets[0])
    await token_by_basic(client, client_id, secrets[0] + "wrong")
    await client.post(
        TOKEN,
        data={
            "grant_type": "client_credentials",
            "client_id": client_id,
            "client_secret": secrets[0],
        },
    )
    rotated = await client.post(f"{CLIENTS}/{client_id}/secret/rotate", headers=staff["sec-a"])
    secrets.append(rotated.json()["client_secret"])
    await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["boss"])

    changes = (await client.get(f"{CLIENTS}/{client_id}/changes", headers=staff["sec-a"])).json()
    assert [(c["action"], c["actor"]) for c in changes["items"]] == [
        ("revoked", str(world.ids["boss"])),
        ("secret-rotated", str(world.ids["sec-a"])),
        ("created", str(world.ids["sec-a"])),
    ]
    assert changes["items"][2]["details"]["scopes"] == SCOPES

    read = (await client.get(f"{CLIENTS}/{client_id}", headers=staff["sec-a"])).text
    listed = (await client.get(CLIENTS, headers=staff["sec-a"])).text
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert caplog.records  # requests were logged
    assert client_id in logged  # the token issue is logged by client id …
    stored = await _stored_text(app)
    for secret in secrets:
        assert secret not in logged  # … never with a secret
        assert secret not in read
        assert secret not in listed
        assert secret not in stored  # only Argon2 hashes are kept
        assert secret not in repr(changes)


async def _stored_text(app: FastAPI) -> str:
    text = []
    async with app.state.database.sessionmaker() as session:
        for name in (
            "partner_clients",
            "partner_client_secrets",
            "partner_client_changes",
            "partner_token_requests",
        ):
            table = Base.metadata.tables[name]
            text.extend(str(tuple(row)) for row in await session.execute(select(table)))
    return "\n".join(text)


async def test_token_requests_of_a_known_client_are_audited_for_staff(
    world: World, client: httpx.AsyncClient, staff: dict[str, dict[str, str]]
) -> None:
    created = await create_client(client, world, staff["sec-a"])
    client_id, secret = created["client_id"], created["client_secret"]
    await token_by_basic(client, client_id, secret, scope="integration:incidents.read")
    await token_by_basic(client, client_id, secret + "x")
    await token_by_basic(client, client_id, secret, scope="integration:addresses.write")
    await token_by_basic(client, "pc-00000000000000000000", secret)  # nobody's: not kept
    await client.post(f"{CLIENTS}/{client_id}/revoke", headers=staff["sec-a"])
    await token_by_basic(client, client_id, secret)

    response = await client.get(f"{CLIENTS}/{client_id}/token-requests", headers=staff["sec-a"])

    assert response.status_code == 200, response.text
    assert [(r["outcome"], r["scopes"]) for r in response.json()["items"]] == [
        ("revoked", []),
        ("invalid-scope", ["integration:addresses.write"]),
        ("wrong-secret", []),
        ("issued", ["integration:incidents.read"]),
    ]
    assert all(r["client_address"] for r in response.json()["items"])
    assert secret not in response.text
    hidden = await client.get(f"{CLIENTS}/{client_id}/token-requests", headers=staff["sec-b1"])
    assert hidden.status_code == 403
    elsewhere = await create_client(client, world, staff["boss"], area="B")
    out_of_street = await client.get(
        f"{CLIENTS}/{elsewhere['client_id']}/token-requests", headers=staff["sec-a"]
    )
    assert (out_of_street.status_code, out_of_street.json()["code"]) == (404, "not-found")
