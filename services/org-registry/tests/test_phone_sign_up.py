"""Sign-up, sign-in and password reset with a mobile number and a text-message code."""

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

import httpx
import pytest
import sqlalchemy as sa
from factories import create, person_body
from fastapi import FastAPI
from org_registry_world import FakeClock, World

PHONE = "13912345678"
NEW_PASSWORD = "Lantern-Harbour-2026!"
ENGLISH = {"Accept-Language": "en"}


@dataclass
class RecordingSms:
    sent: list[dict[str, Any]] = field(default_factory=list)

    async def send(self, phone: str, text: str, *, purpose: str, at: datetime) -> None:
        self.sent.append({"to": phone, "text": text, "purpose": purpose})

    def last_code(self, phone: str = PHONE) -> str:
        message = [m for m in self.sent if m["to"] == phone][-1]
        found = re.search(r"\b(\d{6})\b", message["text"])
        assert found
        return found.group(1)


@pytest.fixture
def sms(app: FastAPI) -> RecordingSms:
    recorder = RecordingSms()
    app.state.sms = recorder
    return recorder


async def ask(
    client: httpx.AsyncClient, purpose: str, phone: str = PHONE, **headers: str
) -> httpx.Response:
    return await client.post(
        "/v1/auth/phone-codes", json={"phone": phone, "purpose": purpose}, headers=headers
    )


async def register(
    client: httpx.AsyncClient, sms: RecordingSms, role: str = "resident", phone: str = PHONE
) -> httpx.Response:
    assert (await ask(client, "register", phone)).status_code == 202
    return await client.post(
        "/v1/auth/register",
        json={
            "phone": phone,
            "code": sms.last_code(phone),
            "display_name": "王小明",
            "role": role,
        },
    )


async def test_a_resident_registers_with_a_code_and_is_signed_in(
    world: World, client: httpx.AsyncClient, sms: RecordingSms
) -> None:
    sent = await ask(client, "register", "+86 139-1234-5678")
    assert sent.status_code == 202
    assert sent.json() == {"expires_in": 300, "resend_in": 60}
    assert sms.sent[0]["to"] == PHONE
    assert "注册验证码" in sms.sent[0]["text"]
    response = await client.post(
        "/v1/auth/register",
        json={
            "phone": PHONE,
            "code": sms.last_code(),
            "display_name": "王小明",
            "role": "resident",
        },
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["roles"] == ["resident"]
    assert body["member"] is None
    assert "weimin_refresh" in response.cookies
    me = await client.get(
        "/v1/accounts/me", headers={"Authorization": f"Bearer {body['access_token']}"}
    )
    assert me.json()["phone"] == "139****5678"
    assert me.json()["display_name"] == "王小明"
    assert PHONE not in me.json()["username"]


async def test_the_number_is_sealed_and_the_code_kept_only_as_a_hash(
    app: FastAPI, world: World, client: httpx.AsyncClient, sms: RecordingSms
) -> None:
    await register(client, sms, "volunteer")
    code = sms.last_code()
    async with app.state.database.sessionmaker() as session:
        account = (
            await session.execute(sa.text("SELECT * FROM accounts WHERE phone_index IS NOT NULL"))
        ).one()
        codes = (await session.execute(sa.text("SELECT * FROM phone_codes"))).all()
    assert PHONE not in str(tuple(account))
    assert "5678" not in str(tuple(account))
    assert all(code not in str(tuple(row)) and PHONE not in str(tuple(row)) for row in codes)


async def test_sign_in_with_a_code(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    await register(client, sms, "volunteer")
    clock.advance(seconds=61)
    assert (await ask(client, "sign-in")).status_code == 202
    response = await client.post(
        "/v1/auth/phone-login", json={"phone": PHONE, "code": sms.last_code()}
    )
    assert response.status_code == 200, response.text
    assert "weimin_refresh" in response.cookies
    # The code is good once.
    again = await client.post(
        "/v1/auth/phone-login", json={"phone": PHONE, "code": sms.last_code()}
    )
    assert again.status_code == 401
    assert again.json()["code"] == "invalid-phone-code"


async def test_a_code_expires_after_five_minutes(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    await ask(client, "register")
    clock.advance(seconds=301)
    response = await client.post(
        "/v1/auth/register",
        json={"phone": PHONE, "code": sms.last_code(), "display_name": "王", "role": "resident"},
    )
    assert response.status_code == 401
    assert response.json()["errors"][0]["field"] == "body.code"


async def test_five_wrong_guesses_spend_the_code(
    world: World, client: httpx.AsyncClient, sms: RecordingSms
) -> None:
    await ask(client, "register")
    code = sms.last_code()
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    body = {"phone": PHONE, "display_name": "王", "role": "resident"}
    for _ in range(5):
        response = await client.post("/v1/auth/register", json={**body, "code": wrong})
        assert response.status_code == 401
    response = await client.post("/v1/auth/register", json={**body, "code": code})
    assert response.status_code == 401  # the right code, too late


async def test_a_code_is_for_its_purpose_and_only_the_newest_counts(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    await ask(client, "sign-in")
    sign_in_code = sms.last_code()
    body = {"phone": PHONE, "display_name": "王", "role": "resident"}
    response = await client.post("/v1/auth/register", json={**body, "code": sign_in_code})
    assert response.status_code == 401
    clock.advance(seconds=61)
    await ask(client, "register")
    first = sms.last_code()
    clock.advance(seconds=61)
    await ask(client, "register")
    if first != sms.last_code():
        response = await client.post("/v1/auth/register", json={**body, "code": first})
        assert response.status_code == 401


async def test_codes_are_limited_per_number(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    assert (await ask(client, "register")).status_code == 202
    again = await ask(client, "sign-in")
    assert again.status_code == 429
    assert 1 <= int(again.headers["retry-after"]) <= 61
    for _ in range(4):
        clock.advance(seconds=61)
        assert (await ask(client, "register")).status_code == 202
    clock.advance(seconds=61)
    sixth = await ask(client, "register")
    assert sixth.status_code == 429
    assert int(sixth.headers["retry-after"]) > 60
    # Another number is not held up by this one.
    assert (await ask(client, "register", "13800001111")).status_code == 202
    assert len(sms.sent) == 6


async def test_codes_are_limited_per_client_address(
    app: FastAPI, world: World, client: httpx.AsyncClient, sms: RecordingSms
) -> None:
    app.state.identity.settings.phone_code_hourly_per_client = 3
    try:
        for n in range(3):
            assert (await ask(client, "register", f"1380000{n:04d}")).status_code == 202
        refused = await ask(client, "register", "13800009999")
        assert refused.status_code == 429
        assert refused.json()["code"] == "rate-limited"
    finally:
        app.state.identity.settings.phone_code_hourly_per_client = 20


@pytest.mark.parametrize(
    ("phone", "zh"),
    [("12345678901", "手机号"), ("1391234567", "手机号"), ("139-1234-567a", "手机号")],
)
async def test_a_bad_number_is_refused_naming_the_field_in_both_languages(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, phone: str, zh: str
) -> None:
    response = await ask(client, "register", phone)
    assert response.status_code == 422
    assert response.headers["content-type"].startswith("application/problem+json")
    (error,) = response.json()["errors"]
    assert error["field"] == "body.phone"
    assert error["code"] == "invalid-phone"
    assert zh in error["reason"]
    english = await ask(client, "register", phone, **ENGLISH)
    assert "mobile number" in english.json()["errors"][0]["reason"]
    assert sms.sent == []


async def test_bad_input_names_the_field(
    world: World, client: httpx.AsyncClient, sms: RecordingSms
) -> None:
    response = await client.post(
        "/v1/auth/register",
        json={"phone": PHONE, "code": "12ab56", "display_name": "王", "role": "admin"},
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert fields == {"body.code", "body.role"}
    unknown = await ask(client, "everything")
    assert unknown.json()["errors"][0]["field"] == "body.purpose"


async def test_member_is_granted_only_when_a_member_record_holds_the_number(
    world: World,
    client: httpx.AsyncClient,
    sms: RecordingSms,
    staff: dict[str, dict[str, str]],
    clock: FakeClock,
) -> None:
    person = await create(client, "/v1/people", person_body(7, world.ids["A1"]), staff["sec-a1"])
    await create(
        client,
        "/v1/party-members",
        {
            "person_id": person["id"],
            "organisation_id": str(world.ids["A1-1"]),
            "standing": "formal",
            "joined_on": "2020-07-01",
        },
        staff["sec-a1"],
    )
    matched = await register(client, sms, "member", phone="19900000007")
    assert matched.status_code == 201
    assert (matched.json()["roles"], matched.json()["member"]) == (["member"], "granted")
    own = await client.get(
        f"/v1/people/{person['id']}",
        headers={"Authorization": f"Bearer {matched.json()['access_token']}"},
    )
    assert own.status_code == 200  # linked: the member reads their own record

    unmatched = await register(client, sms, "member", phone="13700001234")
    assert (unmatched.json()["roles"], unmatched.json()["member"]) == (["resident"], "pending")
    me = await client.get(
        "/v1/accounts/me", headers={"Authorization": f"Bearer {unmatched.json()['access_token']}"}
    )
    assert me.json()["member_pending"] is True
    # The admin settles it by setting the roles.
    await world.add_account("root", ["admin"])
    settled = await client.patch(
        f"/v1/accounts/{unmatched.json()['account_id']}",
        json={"roles": ["member"]},
        headers=await world.headers("root"),
    )
    assert settled.status_code == 200, settled.text
    assert settled.json()["member_pending"] is False


async def test_a_number_registers_once_and_signs_in_only_when_registered(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    await ask(client, "sign-in")
    unknown = await client.post(
        "/v1/auth/phone-login", json={"phone": PHONE, "code": sms.last_code()}
    )
    assert unknown.status_code == 401
    assert unknown.json()["code"] == "phone-not-registered"
    clock.advance(seconds=61)
    assert (await register(client, sms)).status_code == 201
    clock.advance(seconds=61)
    second = await register(client, sms)
    assert second.status_code == 409
    assert second.json()["code"] == "phone-already-registered"


async def test_password_reset_by_code_then_sign_in_with_the_number_and_password(
    world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    registered = (await register(client, sms)).json()
    clock.advance(seconds=61)
    await ask(client, "reset-password")
    weak = await client.post(
        "/v1/auth/password-reset",
        json={"phone": PHONE, "code": sms.last_code(), "new_password": "short"},
    )
    assert weak.status_code == 422
    assert weak.json()["errors"][0]["field"] == "body.new_password"
    response = await client.post(
        "/v1/auth/password-reset",
        json={"phone": PHONE, "code": sms.last_code(), "new_password": NEW_PASSWORD},
    )
    assert response.status_code == 204
    # The sign-in made at registration has ended.
    old = await client.post("/v1/auth/refresh", json={"refresh_token": registered["refresh_token"]})
    assert old.status_code == 401
    login = await client.post("/v1/auth/login", json={"username": PHONE, "password": NEW_PASSWORD})
    assert login.status_code == 200, login.text


async def test_codes_never_reach_the_logs(
    world: World,
    client: httpx.AsyncClient,
    sms: RecordingSms,
    clock: FakeClock,
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.DEBUG)
    await register(client, sms)
    codes = [sms.last_code()]
    clock.advance(seconds=61)
    await ask(client, "sign-in")
    codes.append(sms.last_code())
    await client.post("/v1/auth/phone-login", json={"phone": PHONE, "code": "000000"})
    await client.post("/v1/auth/phone-login", json={"phone": PHONE, "code": codes[-1]})
    logged = caplog.text + "".join(str(r.__dict__) for r in caplog.records)
    assert caplog.records  # requests were logged
    for code in codes:
        assert code not in logged
    assert PHONE not in logged


async def test_code_rows_are_swept_a_day_after_they_expire(
    app: FastAPI, world: World, client: httpx.AsyncClient, sms: RecordingSms, clock: FakeClock
) -> None:
    from weimin_org_registry.retention import sweep_once

    await ask(client, "register")
    clock.advance(seconds=61)
    await ask(client, "sign-in")
    settings = app.state.settings
    assert (await sweep_once(app.state.database, settings, clock()))["phone_codes_purged"] == 0
    later = clock() + timedelta(days=1, minutes=6)
    assert (await sweep_once(app.state.database, settings, later))["phone_codes_purged"] == 2
