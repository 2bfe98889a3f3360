"""The TOTP second factor: enrolment with a QR code and recovery codes, the two-step
sign-in, replays refused, recovery codes good once, and the kit's enforcement on reveal
and account administration."""

from typing import Any

import httpx
import jwt
import pyotp
import pytest
from factories import person_body
from fastapi import FastAPI
from org_registry_world import PASSWORD, FakeClock, World

LOGIN = "/v1/auth/login"
SECOND = "/v1/auth/second-factor"
ENROL = "/v1/accounts/me/second-factor"


def _amr(tokens: dict[str, Any]) -> list[str]:
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    amr: list[str] = claims["amr"]
    return amr


def _code(secret: str, clock: FakeClock) -> str:
    return pyotp.TOTP(secret).at(clock.now)


async def _enrol(
    world: World, client: httpx.AsyncClient, clock: FakeClock, username: str
) -> tuple[str, list[str]]:
    """Enrol `username`; its secret and recovery codes. The clock then moves to the next
    step, so the code used to confirm is not the current one."""
    headers = await world.headers(username)
    started = await client.post(ENROL, headers=headers)
    assert started.status_code == 201, started.text
    secret = started.json()["secret"]
    confirmed = await client.post(
        f"{ENROL}/confirm", json={"code": _code(secret, clock)}, headers=headers
    )
    assert confirmed.status_code == 200, confirmed.text
    clock.advance(seconds=30)
    codes: list[str] = confirmed.json()["recovery_codes"]
    return secret, codes


async def _challenge(client: httpx.AsyncClient, username: str) -> str:
    response = await client.post(LOGIN, json={"username": username, "password": PASSWORD})
    assert response.status_code == 401, response.text
    assert response.json()["code"] == "second-factor-required"
    challenge: str = response.json()["challenge"]
    return challenge


async def test_enrolment_shows_secret_uri_and_qr_and_confirming_gives_recovery_codes(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["community_secretary"], [world.scope("community", "A1")])
    headers = await world.headers("alice")
    assert (await client.get(ENROL, headers=headers)).json() == {
        "enabled": False,
        "required": False,  # the suite's settings switch the demand off
    }
    started = (await client.post(ENROL, headers=headers)).json()
    assert len(started["secret"]) == 32
    assert started["otpauth_uri"] == (
        f"otpauth://totp/Weimin:alice?secret={started['secret']}&issuer=Weimin"
    )
    assert started["qr_svg"].startswith("<svg")

    wrong = await client.post(f"{ENROL}/confirm", json={"code": "000000"}, headers=headers)
    assert wrong.status_code == 422
    assert wrong.json()["code"] == "second-factor-code-wrong"
    assert wrong.json()["errors"][0]["field"] == "body.code"

    confirmed = await client.post(
        f"{ENROL}/confirm", json={"code": _code(started["secret"], clock)}, headers=headers
    )
    assert confirmed.status_code == 200
    body = confirmed.json()
    assert len(body["recovery_codes"]) == 10
    assert len(set(body["recovery_codes"])) == 10
    assert all(len(c) == 11 and c[5] == "-" for c in body["recovery_codes"])
    assert _amr(body["tokens"]) == ["pwd", "otp"]
    assert (await client.get(ENROL, headers=headers)).json()["enabled"] is True
    again = await client.post(ENROL, headers=headers)
    assert again.status_code == 409
    assert again.json()["code"] == "second-factor-already-enabled"


async def test_an_enrolled_account_signs_in_with_its_code_and_a_code_works_once(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["admin"])
    secret, _ = await _enrol(world, client, clock, "alice")
    challenge = await _challenge(client, "alice")
    code = _code(secret, clock)
    done = await client.post(SECOND, json={"challenge": challenge, "code": code})
    assert done.status_code == 200, done.text
    assert _amr(done.json()) == ["pwd", "otp"]

    replay = await client.post(
        SECOND, json={"challenge": await _challenge(client, "alice"), "code": code}
    )
    assert replay.status_code == 401
    assert replay.json()["code"] == "invalid-second-factor-code"
    # The same challenge cannot finish a second sign-in either.
    clock.advance(seconds=30)
    reused = await client.post(SECOND, json={"challenge": challenge, "code": _code(secret, clock)})
    assert reused.status_code == 401
    assert reused.json()["code"] == "invalid-second-factor-challenge"


async def test_refresh_keeps_the_second_factor_in_amr(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["admin"])
    secret, _ = await _enrol(world, client, clock, "alice")
    challenge = await _challenge(client, "alice")
    tokens = (
        await client.post(SECOND, json={"challenge": challenge, "code": _code(secret, clock)})
    ).json()
    refreshed = await client.post(
        "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
    )
    assert refreshed.status_code == 200
    assert _amr(refreshed.json()) == ["pwd", "otp"]


async def test_a_recovery_code_works_once(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["admin"])
    _, codes = await _enrol(world, client, clock, "alice")
    first = await client.post(
        SECOND, json={"challenge": await _challenge(client, "alice"), "code": codes[3].upper()}
    )
    assert first.status_code == 200
    assert _amr(first.json()) == ["pwd", "otp"]
    second = await client.post(
        SECOND, json={"challenge": await _challenge(client, "alice"), "code": codes[3]}
    )
    assert second.status_code == 401
    assert second.json()["code"] == "invalid-second-factor-code"


async def test_an_expired_challenge_is_refused(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["admin"])
    secret, _ = await _enrol(world, client, clock, "alice")
    challenge = await _challenge(client, "alice")
    clock.advance(seconds=301)
    late = await client.post(SECOND, json={"challenge": challenge, "code": _code(secret, clock)})
    assert late.status_code == 401
    assert late.json()["code"] == "invalid-second-factor-challenge"


async def test_wrong_codes_spend_the_challenge_and_then_wait(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("alice", ["admin"])
    secret, _ = await _enrol(world, client, clock, "alice")
    challenge = await _challenge(client, "alice")
    wrong = "000000" if _code(secret, clock) != "000000" else "111111"
    statuses = [
        (await client.post(SECOND, json={"challenge": challenge, "code": wrong})).status_code
        for _ in range(5)
    ]
    # Three free wrong codes, then the fourth makes the account's codes wait 1 s.
    assert statuses == [401, 401, 401, 401, 429]
    clock.advance(seconds=1)
    five = await client.post(SECOND, json={"challenge": challenge, "code": wrong})
    assert five.status_code == 401
    assert five.json()["code"] == "invalid-second-factor-code"
    clock.advance(seconds=2)
    # Five wrong codes used this challenge up, even with the right code now.
    spent = await client.post(SECOND, json={"challenge": challenge, "code": _code(secret, clock)})
    assert spent.json()["code"] == "invalid-second-factor-challenge"


async def test_a_manager_resets_a_lost_second_factor(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("boss", ["admin"])
    await world.add_account("alice", ["volunteer"], community="A1")
    await _enrol(world, client, clock, "alice")
    reset = await client.post(
        f"/v1/accounts/{world.ids['alice']}/second-factor/reset",
        headers=await world.headers("boss"),
    )
    assert reset.status_code == 204
    assert (await world.login("alice"))["token_type"] == "Bearer"


@pytest.fixture
def second_factor_demanded(app: FastAPI, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app.state.settings, "second_factor_required", True)


@pytest.mark.usefixtures("second_factor_demanded")
async def test_privileged_actions_need_a_sign_in_with_the_second_factor(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    await world.add_account("boss", ["admin"])
    await world.add_account("helper", ["volunteer"], community="A1")
    password_only = await world.headers("boss")
    assert (await client.get(ENROL, headers=password_only)).json() == {
        "enabled": False,
        "required": True,
    }
    new_account = {
        "username": "newbie",
        "display_name": "New",
        "password": "Fresh-Start-2026!",
        "roles": ["volunteer"],
        "community_id": str(world.ids["A1"]),
    }
    refused = await client.post("/v1/accounts", json=new_account, headers=password_only)
    assert refused.status_code == 403
    assert refused.json()["code"] == "second-factor-sign-in-required"
    person = await client.post(
        "/v1/people", json=person_body(1, world.ids["A1"]), headers=password_only
    )
    assert person.status_code == 201  # writing is not revealing
    reveal = await client.post(
        f"/v1/people/{person.json()['id']}/reveal",
        json={"reason": "home visit", "fields": ["phone"]},
        headers=password_only,
    )
    assert reveal.status_code == 403
    assert reveal.json()["code"] == "second-factor-sign-in-required"
    # A role that needs no second factor is refused for its role, as before.
    volunteer = await client.post(
        "/v1/accounts", json=new_account, headers=await world.headers("helper")
    )
    assert volunteer.json()["code"] == "forbidden"

    secret, _ = await _enrol(world, client, clock, "boss")
    challenge = await _challenge(client, "boss")
    tokens = (
        await client.post(SECOND, json={"challenge": challenge, "code": _code(secret, clock)})
    ).json()
    strong = {"Authorization": f"Bearer {tokens['access_token']}"}
    assert (await client.post("/v1/accounts", json=new_account, headers=strong)).status_code == 201
    revealed = await client.post(
        f"/v1/people/{person.json()['id']}/reveal",
        json={"reason": "home visit", "fields": ["phone"]},
        headers=strong,
    )
    assert revealed.status_code == 200
