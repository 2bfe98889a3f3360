"""Sign-in against the real platform: no lockout and no username oracle, room for an office
behind one address, an audit staff can read; and the TOTP second factor for those who can
reveal, export or administer.

It runs on a platform of its own: enrolling the demo admin's second factor changes how the
admin signs in, which the other security tests on the shared platform must not see.
"""

import asyncio
import time
from collections.abc import AsyncIterator
from typing import Any

import httpx
import jwt
import pyotp
import pytest
import pytest_asyncio
from platform_support import ADMIN_PASSWORD, DEMO_PASSWORD, Platform, running_platform

LOGIN = "/api/v1/auth/login"
SECOND_FACTOR = "/api/v1/auth/second-factor"
ENROL = "/api/v1/accounts/me/second-factor"
ACCOUNT_PASSWORD = "Lantern-Harbour-2027!"


@pytest_asyncio.fixture(scope="module")
async def own_platform(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[Platform]:
    # Waits start at 10 s rather than 1 s, so that a slow machine hashing passwords cannot
    # outlast a wait between two attempts.
    async with running_platform(
        tmp_path_factory.mktemp("sign-in-platform"),
        {"WEIMIN_ORG_REGISTRY_LOGIN_DELAY_BASE_SECONDS": "10"},
        second_factor_required=True,
    ) as started:
        yield started


@pytest_asyncio.fixture
async def gateway(own_platform: Platform) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=own_platform.url, timeout=30.0) as client:
        yield client


class Admin:
    """The demo admin, enrolled in a second factor on first use (through the API, as a
    person would with an authenticator app); its strong headers are kept (15 min)."""

    secret: str | None = None
    strong: dict[str, str] | None = None

    @classmethod
    async def headers(cls, client: httpx.AsyncClient) -> dict[str, str]:
        if cls.strong is None:
            weak = await _password_only(client, "admin", ADMIN_PASSWORD)
            started = await client.post(ENROL, headers=weak)
            if started.status_code == 404:
                # A platform without second factors (as before this suite's change): the
                # sign-in tests below still get their accounts, and fail on their own.
                cls.strong = weak
                return weak
            assert started.status_code == 201, started.text
            cls.secret = started.json()["secret"]
            code = pyotp.TOTP(cls.secret).now()
            _USED[cls.secret] = {code}
            confirmed = await client.post(f"{ENROL}/confirm", json={"code": code}, headers=weak)
            assert confirmed.status_code == 200, confirmed.text
            assert _amr(confirmed.json()["tokens"]) == ["pwd", "otp"]
            cls.strong = _bearer(confirmed.json()["tokens"])
        return cls.strong


def _bearer(tokens: dict[str, Any]) -> dict[str, str]:
    return {"Authorization": f"Bearer {tokens['access_token']}"}


def _amr(tokens: dict[str, Any]) -> list[str]:
    claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
    amr: list[str] = claims.get("amr", [])
    return amr


async def _password_only(client: httpx.AsyncClient, username: str, password: str) -> dict[str, str]:
    response = await client.post(LOGIN, json={"username": username, "password": password})
    assert response.status_code == 200, response.text
    return _bearer(response.json())


async def _next_code(secret: str, used: set[str]) -> str:
    """A code not used before: a code is good once. The server also takes the next 30 s
    step's code (a phone clock a little ahead), so that one serves before waiting for it."""
    totp = pyotp.TOTP(secret)
    for ahead in (0, 30):
        code = totp.at(time.time() + ahead)
        if code not in used:
            used.add(code)
            return code
    await asyncio.sleep(30 - time.time() % 30 + 0.5)
    code = totp.at(time.time() + 30)
    assert code not in used
    used.add(code)
    return code


_USED: dict[str, set[str]] = {}


async def _with_code(
    client: httpx.AsyncClient, username: str, password: str, secret: str
) -> dict[str, Any]:
    first = await client.post(LOGIN, json={"username": username, "password": password})
    assert first.status_code == 401, first.text
    assert first.json()["code"] == "second-factor-required"
    code = await _next_code(secret, _USED[secret])
    done = await client.post(
        SECOND_FACTOR, json={"challenge": first.json()["challenge"], "code": code}
    )
    assert done.status_code == 200, done.text
    tokens: dict[str, Any] = done.json()
    return tokens


async def _new_account(client: httpx.AsyncClient, username: str) -> None:
    response = await client.post(
        "/api/v1/accounts",
        json={
            "username": username,
            "display_name": username,
            "password": ACCOUNT_PASSWORD,
            "roles": ["volunteer"],
        },
        headers=await Admin.headers(client),
    )
    assert response.status_code == 201, response.text


async def _attempt(client: httpx.AsyncClient, username: str, password: str) -> httpx.Response:
    return await client.post(LOGIN, json={"username": username, "password": password})


# Item 10 first: the later tests create accounts, which needs the admin's second factor.


async def test_privileged_actions_need_the_second_factor_and_the_admin_can_enrol_one(
    gateway: httpx.AsyncClient,
) -> None:
    weak = await _password_only(gateway, "admin", ADMIN_PASSWORD)
    people = (await gateway.get("/api/v1/people", params={"limit": 1}, headers=weak)).json()
    person_id = people["items"][0]["id"]
    reveal_body = {"reason": "security check", "fields": ["phone"]}
    refused = await gateway.post(
        f"/api/v1/people/{person_id}/reveal", json=reveal_body, headers=weak
    )
    assert refused.status_code == 403
    assert refused.json()["code"] == "second-factor-sign-in-required"
    worker = await _password_only(gateway, "grid001", DEMO_PASSWORD)
    export = await gateway.get("/api/v1/exports/residents", headers=worker)
    assert export.status_code == 403
    assert export.json()["code"] == "second-factor-sign-in-required"

    strong = await Admin.headers(gateway)  # enrols: that sign-in counts both factors
    revealed = await gateway.post(
        f"/api/v1/people/{person_id}/reveal", json=reveal_body, headers=strong
    )
    assert revealed.status_code == 200, revealed.text
    # From now on the admin's password alone is not a sign-in: the code finishes it.
    assert Admin.secret is not None
    tokens = await _with_code(gateway, "admin", ADMIN_PASSWORD, Admin.secret)
    assert _amr(tokens) == ["pwd", "otp"]


async def test_a_second_factor_code_is_good_once(gateway: httpx.AsyncClient) -> None:
    await Admin.headers(gateway)
    assert Admin.secret is not None
    assert _USED[Admin.secret]
    for code in sorted(_USED[Admin.secret]):  # the enrolment's and the sign-ins' codes
        first = await gateway.post(LOGIN, json={"username": "admin", "password": ADMIN_PASSWORD})
        replay = await gateway.post(
            SECOND_FACTOR, json={"challenge": first.json()["challenge"], "code": code}
        )
        assert replay.status_code == 401, replay.text
        assert replay.json()["code"] == "invalid-second-factor-code"


# Item 4.


async def test_unknown_username_and_wrong_password_look_the_same_and_nothing_locks(
    gateway: httpx.AsyncClient,
) -> None:
    await _new_account(gateway, "sign-in-target")
    answers: dict[str, list[tuple[int, str]]] = {}
    bodies: dict[str, set[str]] = {}
    timings: dict[str, list[float]] = {}
    for username in ("sign-in-target", "sign-in-nobody"):
        answers[username], bodies[username], timings[username] = [], set(), []
        for _ in range(5):
            started = time.perf_counter()
            response = await _attempt(gateway, username, "Not-The-Password-1")
            elapsed = time.perf_counter() - started
            answers[username].append((response.status_code, response.json()["code"]))
            if response.status_code == 401:
                timings[username].append(elapsed)
                bodies[username].add(
                    str({k: v for k, v in response.json().items() if k != "request_id"})
                )
    # Three free failures, a fourth that starts a wait, then a wait: no lockout (423), and
    # the same for a username that does not exist.
    expected = [(401, "invalid-credentials")] * 4 + [(429, "rate-limited")]
    assert answers["sign-in-target"] == answers["sign-in-nobody"] == expected
    assert bodies["sign-in-target"] == bodies["sign-in-nobody"]
    assert len(bodies["sign-in-target"]) == 1
    existing, unknown = min(timings["sign-in-target"]), min(timings["sign-in-nobody"])
    assert abs(existing - unknown) <= max(existing, unknown) / 2, (existing, unknown)
    # The guesses did not lock the account: its owner gets in, at worst after the short
    # wait (which may be over already: the unknown username's attempts took a while).
    owner = await _attempt(gateway, "sign-in-target", ACCOUNT_PASSWORD)
    if owner.status_code == 429:
        assert int(owner.headers["retry-after"]) <= 10
        await asyncio.sleep(int(owner.headers["retry-after"]))
        owner = await _attempt(gateway, "sign-in-target", ACCOUNT_PASSWORD)
    assert owner.status_code == 200, owner.text


async def test_an_office_behind_one_address_all_signs_in(gateway: httpx.AsyncClient) -> None:
    names = [f"office-{n:02d}" for n in range(25)]
    for name in names:
        await _new_account(gateway, name)
    statuses = []
    for name in names:  # one typo each, then the right password, within a minute or two
        statuses.append((await _attempt(gateway, name, "Typo-Password-2027!")).status_code)
        statuses.append((await _attempt(gateway, name, ACCOUNT_PASSWORD)).status_code)
    assert statuses == [401, 200] * 25


async def test_staff_read_the_sign_in_audit(gateway: httpx.AsyncClient) -> None:
    await _attempt(gateway, "audit-nobody", "Whatever-Password-1")
    response = await gateway.get(
        "/api/v1/sign-in-events",
        params={"username": "audit-nobody"},
        headers=await Admin.headers(gateway),
    )
    assert response.status_code == 200, response.text
    (event,) = response.json()["items"]
    assert (event["username"], event["outcome"], event["account_id"]) == (
        "audit-nobody",
        "wrong-password",
        None,
    )
