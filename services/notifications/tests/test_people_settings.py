"""Preferences, contacts and browser subscriptions: each person's own, bad input answered
with the field and the reason in the person's language, addresses never shown whole."""

import uuid

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from weimin_kit.testing import TestKeys
from weimin_notifications.channels.webpush import generate_vapid_keys

ZH = {"Accept-Language": "zh-CN"}


async def test_defaults_suit_a_grid_worker(client: httpx.AsyncClient, test_keys: TestKeys) -> None:
    response = await client.get("/v1/notification-preferences/me", headers=test_keys.headers())
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["saved"] is False
    assert body["language"] == "zh-CN"
    assert body["channels"]["sms"] == "urgent"  # alarms only: texts cost and interrupt
    assert body["channels"]["wecom"] == "all"
    assert (body["quiet_start"], body["quiet_end"]) == ("18:00:00", "08:30:00")
    assert "sms" in body["available_channels"]


async def test_a_change_keeps_what_it_does_not_name(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    headers = test_keys.headers()
    first = await client.put(
        "/v1/notification-preferences/me",
        json={"channels": {"sms": "all"}, "quiet_start": "22:00:00", "quiet_end": "07:00:00"},
        headers=headers,
    )
    assert first.status_code == 200, first.text
    second = await client.put(
        "/v1/notification-preferences/me", json={"language": "en"}, headers=headers
    )
    body = second.json()
    assert (body["language"], body["channels"]["sms"], body["saved"]) == ("en", "all", True)
    assert (body["quiet_start"], body["quiet_end"]) == ("22:00:00", "07:00:00")
    never = await client.put(
        "/v1/notification-preferences/me", json={"never_quiet": True}, headers=headers
    )
    assert (never.json()["quiet_start"], never.json()["quiet_end"]) == (None, None)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"quiet_start": "22:00:00"}, "body"),
        ({"channels": {"sms": "sometimes"}}, "body.channels.sms"),
        ({"channels": {"fax": "all"}}, "body.channels.fax"),
        ({"language": "fr"}, "body.language"),
        ({"colour": "red"}, "body.colour"),
    ],
)
async def test_bad_preferences_are_refused_naming_the_field(
    client: httpx.AsyncClient, test_keys: TestKeys, body: dict[str, object], field: str
) -> None:
    headers = test_keys.headers()
    response = await client.put("/v1/notification-preferences/me", json=body, headers=headers)
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    assert any(e["field"].startswith(field) for e in response.json()["errors"]), response.text
    # Nothing was half-written.
    after = await client.get("/v1/notification-preferences/me", headers=headers)
    assert after.json()["saved"] is False


async def test_a_phone_is_sealed_and_shown_masked(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    headers = test_keys.headers()
    added = await client.post(
        "/v1/notification-contacts",
        json={"channel": "sms", "address": "+86 139-1234-5678", "label": "工作手机"},
        headers=headers,
    )
    assert added.status_code == 201, added.text
    assert added.json()["address"] == "139****5678"
    again = await client.post(
        "/v1/notification-contacts", json={"channel": "sms", "address": "13912345678"},
        headers=headers,
    )  # fmt: skip
    assert again.json()["id"] == added.json()["id"]  # the same number is the same contact
    async with app.state.database.sessionmaker() as session:
        from sqlalchemy import select

        from weimin_notifications.preferences.models import ContactPoint

        stored = await session.scalar(
            select(ContactPoint.address_cipher).where(
                ContactPoint.id == uuid.UUID(added.json()["id"])
            )
        )
    assert stored is not None
    assert "13912345678" not in stored


async def test_a_bad_number_is_refused_in_the_callers_language(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await client.post(
        "/v1/notification-contacts",
        json={"channel": "sms", "address": "12345"},
        headers={**test_keys.headers(), **ZH},
    )
    assert response.status_code == 422, response.text
    [error] = response.json()["errors"]
    assert error["field"] == "address"
    assert error["reason"] == "不是有效的大陆手机号"


async def test_nobody_sees_or_removes_anothers_contacts(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    owner, other = test_keys.headers(), test_keys.headers()
    added = await client.post(
        "/v1/notification-contacts", json={"channel": "wecom", "address": "zhangsan"},
        headers=owner,
    )  # fmt: skip
    assert (await client.get("/v1/notification-contacts", headers=other)).json() == []
    removed = await client.delete(f"/v1/notification-contacts/{added.json()['id']}", headers=other)
    assert removed.status_code == 404
    for_someone = await client.post(
        "/v1/notification-contacts",
        json={"channel": "wecom", "address": "lisi", "subject": str(uuid.uuid4())},
        headers=other,
    )
    assert for_someone.status_code == 403
    [mine] = (await client.get("/v1/notification-contacts", headers=owner)).json()
    assert mine["address"] == "zh****an"


async def test_nobody_reads_anothers_inbox(client: httpx.AsyncClient, test_keys: TestKeys) -> None:
    stranger = test_keys.headers()
    missing = uuid.uuid4()
    for response in (
        await client.post(f"/v1/notifications/{missing}/read", headers=stranger),
        await client.get(f"/v1/notifications/{missing}/deliveries", headers=stranger),
    ):
        assert response.status_code == 404, response.text
    log = await client.get("/v1/notification-deliveries", headers=stranger)
    assert log.status_code == 403


async def test_browser_push_needs_a_key_and_a_known_push_service(
    app: FastAPI, client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    headers = test_keys.headers()
    assert (await client.get("/v1/push/public-key", headers=headers)).status_code == 404
    private, public = generate_vapid_keys()
    app.state.settings.web_push_vapid_private_key = SecretStr(private)
    answer = await client.get("/v1/push/public-key", headers=headers)
    assert answer.json() == {"public_key": public}
    subscription = {
        "endpoint": "https://evil.example/push/1",
        "keys": {"p256dh": "B" * 87, "auth": "A" * 22},
    }
    refused = await client.post("/v1/push/subscriptions", json=subscription, headers=headers)
    assert refused.status_code == 422
    assert refused.json()["errors"][0]["field"] == "endpoint"
    subscription["endpoint"] = "https://fcm.googleapis.com/fcm/send/abc"
    taken = await client.post("/v1/push/subscriptions", json=subscription, headers=headers)
    assert taken.status_code == 204, taken.text
    renewed = await client.post(
        "/v1/push/subscriptions",
        json={**subscription, "keys": {"p256dh": "C" * 87, "auth": "D" * 22}},
        headers=headers,
    )
    assert renewed.status_code == 204
    [contact] = (await client.get("/v1/notification-contacts", headers=headers)).json()
    assert contact["channel"] == "web_push"
    ended = await client.request(
        "DELETE", "/v1/push/subscriptions/current",
        json={"endpoint": subscription["endpoint"]}, headers=headers,
    )  # fmt: skip
    assert ended.status_code == 204
    assert (await client.get("/v1/notification-contacts", headers=headers)).json() == []
