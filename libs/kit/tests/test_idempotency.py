import asyncio
import uuid
from datetime import UTC, datetime

import httpx
from fastapi import FastAPI

from weimin_kit.revocation import Revocation, record_revocation
from weimin_kit.testing import TestKeys


def keyed(keys: TestKeys, key: str, subject: str = "phone-1") -> dict[str, str]:
    return {**keys.headers(roles=["admin"], subject=subject), "Idempotency-Key": key}


async def test_same_key_same_body_replays_the_first_response(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    key = str(uuid.uuid4())
    note = {"title": "offline report", "area": "a1"}
    first = await client.post("/v1/notes", json=note, headers=keyed(test_keys, key))
    # a new token for the same caller, as after a refresh: still the same caller
    second = await client.post("/v1/notes", json=note, headers=keyed(test_keys, key))
    assert first.status_code == second.status_code == 201
    assert second.json() == first.json()
    assert second.headers["idempotent-replayed"] == "true"
    listed = await client.get("/v1/notes", headers=test_keys.headers(roles=["admin"]))
    assert len(listed.json()["items"]) == 1


async def test_same_key_different_body_is_422(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    key = str(uuid.uuid4())
    await client.post("/v1/notes", json={"title": "a", "area": "a1"}, headers=keyed(test_keys, key))
    second = await client.post(
        "/v1/notes", json={"title": "b", "area": "a1"}, headers=keyed(test_keys, key)
    )
    assert (second.status_code, second.json()["code"]) == (422, "idempotency-key-reused")


async def test_keys_belong_to_their_caller(client: httpx.AsyncClient, test_keys: TestKeys) -> None:
    key = "shared-key-1"
    one = await client.post(
        "/v1/notes", json={"title": "one", "area": "a1"}, headers=keyed(test_keys, key, "u1")
    )
    two = await client.post(
        "/v1/notes", json={"title": "two", "area": "a1"}, headers=keyed(test_keys, key, "u2")
    )
    assert one.status_code == two.status_code == 201
    assert one.json()["id"] != two.json()["id"]


async def test_failed_request_is_not_replayed_so_a_retry_runs_again(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    key = str(uuid.uuid4())
    admin = test_keys.headers(roles=["admin"])
    await client.post("/v1/notes", json={"title": "taken", "area": "a1"}, headers=admin)
    failed = await client.post(
        "/v1/notes", json={"title": "taken", "area": "a1"}, headers=keyed(test_keys, key)
    )
    assert failed.status_code == 409
    retried = await client.post(
        "/v1/notes", json={"title": "taken", "area": "a1"}, headers=keyed(test_keys, key)
    )
    assert "idempotent-replayed" not in retried.headers


async def test_invalid_key_is_400(client: httpx.AsyncClient, test_keys: TestKeys) -> None:
    response = await client.post(
        "/v1/notes",
        json={"title": "x", "area": "a1"},
        headers=keyed(test_keys, "bad key with spaces"),
    )
    assert (response.status_code, response.json()["code"]) == (400, "idempotency-key-invalid")


async def test_concurrent_duplicates_create_one_note(
    live_app: FastAPI, test_keys: TestKeys
) -> None:
    key = str(uuid.uuid4())
    headers = keyed(test_keys, key)
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        responses = await asyncio.gather(
            *[
                client.post("/v1/notes", json={"title": "once", "area": "a1"}, headers=headers)
                for _ in range(10)
            ]
        )
        statuses = sorted(r.status_code for r in responses)
        assert all(s in (201, 409) for s in statuses), statuses
        assert statuses.count(201) >= 1
        ids = {r.json()["id"] for r in responses if r.status_code == 201}
        assert len(ids) == 1  # replays carry the same note
        in_progress = [r.json()["code"] for r in responses if r.status_code == 409]
        assert set(in_progress) <= {"idempotency-request-in-progress"}
        listed = await client.get("/v1/notes", headers=test_keys.headers(roles=["admin"]))
        assert [n["title"] for n in listed.json()["items"]] == ["once"]


async def test_concurrent_writers_on_one_database_all_succeed(
    live_app: FastAPI, test_keys: TestKeys
) -> None:
    """BEGIN IMMEDIATE on SQLite: 40 simultaneous writers queue instead of failing."""
    admin = test_keys.headers(roles=["admin"])
    transport = httpx.ASGITransport(app=live_app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        responses = await asyncio.gather(
            *[
                client.post("/v1/notes", json={"title": f"n{i}", "area": "a1"}, headers=admin)
                for i in range(40)
            ]
        )
        assert [r.status_code for r in responses] == [201] * 40
        listed = await client.get("/v1/notes?limit=200", headers=admin)
        assert len(listed.json()["items"]) == 40


async def test_a_no_store_answer_is_not_kept_so_a_retry_runs_again(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    key = str(uuid.uuid4())
    first = await client.post(
        "/v1/notes/secret",
        json={"title": "shown once", "area": "a1"},
        headers=keyed(test_keys, key),
    )
    retry = await client.post(
        "/v1/notes/secret",
        json={"title": "shown once", "area": "a1"},
        headers=keyed(test_keys, key),
    )
    assert first.status_code == 201
    assert "idempotent-replayed" not in retry.headers
    assert (retry.status_code, retry.json()["code"]) == (409, "note-exists")


async def test_a_revoked_sign_in_cannot_replay_what_it_stored(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    key, sid = str(uuid.uuid4()), uuid.uuid4().hex
    headers = {
        **test_keys.headers(roles=["admin"], subject="phone-7", sid=sid),
        "Idempotency-Key": key,
    }
    note = {"title": f"before sign-out {sid[:6]}", "area": "a1"}
    assert (await client.post("/v1/notes", json=note, headers=headers)).status_code == 201
    async with app.state.database.sessionmaker() as session, session.begin():
        await record_revocation(
            session,
            Revocation(reason="logout", revoked_at=datetime.now(UTC), session_ids=[sid]),
            keep_seconds=960,
            now=datetime.now(UTC),
        )
    replay = await client.post("/v1/notes", json=note, headers=headers)
    assert (replay.status_code, replay.json()["code"]) == (401, "session-revoked")
