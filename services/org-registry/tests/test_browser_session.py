"""The browser's sign-in in cookies: set at login, renewed with the CSRF header, refused
cross-site, cleared at logout, dead once revoked (identity/browser_session.py)."""

from http.cookies import SimpleCookie

import httpx
import jwt
import pyotp
from org_registry_world import PASSWORD, FakeClock, World

OWN_ORIGIN = "http://service.test"  # the base URL of the test client


def _cookies(response: httpx.Response) -> dict[str, SimpleCookie]:
    jar: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        for name in cookie:
            jar[name] = cookie
    return jar


def _browser_headers(response: httpx.Response, *, csrf: bool = True) -> dict[str, str]:
    """What the browser sends to the auth path after `response` set its cookies."""
    jar = _cookies(response)
    refresh = jar["weimin_refresh"]["weimin_refresh"].value
    token = jar["weimin_csrf"]["weimin_csrf"].value
    headers = {
        "Cookie": f"weimin_refresh={refresh}; weimin_csrf={token}",
        "Origin": OWN_ORIGIN,
        "Sec-Fetch-Site": "same-origin",
    }
    if csrf:
        headers["X-CSRF-Token"] = token
    return headers


async def _login(world: World, client: httpx.AsyncClient) -> httpx.Response:
    await world.add_account("alice", ["grid_worker"])
    response = await client.post("/v1/auth/login", json={"username": "alice", "password": PASSWORD})
    assert response.status_code == 200, response.text
    return response


async def test_login_sets_an_httponly_strict_refresh_cookie_on_the_auth_path(
    world: World, client: httpx.AsyncClient
) -> None:
    response = await _login(world, client)
    body = response.json()
    assert body["refresh_token"]  # API clients read it from the body as before
    jar = _cookies(response)
    refresh = jar["weimin_refresh"]["weimin_refresh"]
    assert refresh.value == body["refresh_token"]
    assert refresh["httponly"] is True
    assert refresh["samesite"] == "strict"
    assert refresh["path"] == "/api/v1/auth"
    assert int(refresh["max-age"]) == body["refresh_expires_in"]
    csrf = jar["weimin_csrf"]["weimin_csrf"]
    assert csrf["httponly"] == ""  # the page must read it
    assert csrf["path"] == "/"
    assert csrf.value
    assert csrf.value != body["refresh_token"]
    # Plain http in tests: not Secure (a browser would not send it back otherwise).
    assert refresh["secure"] == ""


async def test_cookies_are_secure_when_the_client_came_over_https(
    world: World, client: httpx.AsyncClient
) -> None:
    await world.add_account("alice", ["grid_worker"])
    # The test client is a trusted peer (loopback), as the gateway is.
    response = await client.post(
        "/v1/auth/login",
        json={"username": "alice", "password": PASSWORD},
        headers={"X-Forwarded-Proto": "https"},
    )
    assert response.status_code == 200, response.text
    jar = _cookies(response)
    assert jar["weimin_refresh"]["weimin_refresh"]["secure"] is True
    assert jar["weimin_csrf"]["weimin_csrf"]["secure"] is True


async def test_refresh_with_the_cookie_and_csrf_header_rotates_both(
    world: World, client: httpx.AsyncClient
) -> None:
    login = await _login(world, client)
    response = await client.post("/v1/auth/refresh", headers=_browser_headers(login))
    assert response.status_code == 200, response.text
    assert response.headers["cache-control"] == "no-store"
    renewed = _cookies(response)
    new_refresh = renewed["weimin_refresh"]["weimin_refresh"].value
    assert new_refresh == response.json()["refresh_token"] != login.json()["refresh_token"]
    me = await client.get(
        "/v1/accounts/me", headers={"Authorization": f"Bearer {response.json()['access_token']}"}
    )
    assert me.json()["username"] == "alice"
    # The renewed cookies work in turn; the old ones are spent.
    assert (
        await client.post("/v1/auth/refresh", headers=_browser_headers(response))
    ).status_code == 200


async def test_refresh_by_cookie_without_the_csrf_header_is_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    login = await _login(world, client)
    response = await client.post("/v1/auth/refresh", headers=_browser_headers(login, csrf=False))
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")
    assert response.json()["code"] == "cross-site-request-refused"
    # A header that is not the cookie's bound value is refused as well...
    forged = _browser_headers(login) | {"X-CSRF-Token": "0" * 64}
    assert (await client.post("/v1/auth/refresh", headers=forged)).status_code == 403
    # ...and so is an attacker's matching pair planted next to the real refresh cookie.
    planted = _browser_headers(login)
    refresh = planted["Cookie"].split(";")[0]
    planted["Cookie"] = f"{refresh}; weimin_csrf={'a' * 64}"
    planted["X-CSRF-Token"] = "a" * 64
    assert (await client.post("/v1/auth/refresh", headers=planted)).status_code == 403
    # Nothing was spent: the page's own request still works.
    assert (
        await client.post("/v1/auth/refresh", headers=_browser_headers(login))
    ).status_code == 200


async def test_cross_site_origin_and_fetch_metadata_are_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    login = await _login(world, client)
    for extra in (
        {"Origin": "https://evil.example"},
        {"Origin": "null"},
        {"Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Site": "same-site"},
    ):
        response = await client.post("/v1/auth/refresh", headers=_browser_headers(login) | extra)
        assert response.status_code == 403, extra
        assert response.json()["code"] == "cross-site-request-refused"
        logout = await client.post("/v1/auth/logout", headers=_browser_headers(login) | extra)
        assert logout.status_code == 403, extra
    # The session survived every attempt.
    assert (
        await client.post("/v1/auth/refresh", headers=_browser_headers(login))
    ).status_code == 200


async def test_refresh_without_body_or_cookie_is_unauthenticated(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/v1/auth/refresh", headers={"Origin": OWN_ORIGIN})
    assert response.status_code == 401
    assert response.json()["code"] == "invalid-refresh-token"


async def test_logout_by_cookie_ends_the_session_and_clears_the_cookies(
    world: World, client: httpx.AsyncClient
) -> None:
    login = await _login(world, client)
    headers = _browser_headers(login)
    response = await client.post("/v1/auth/logout", headers=headers)
    assert response.status_code == 204
    cleared = _cookies(response)
    for name, path in (("weimin_refresh", "/api/v1/auth"), ("weimin_csrf", "/")):
        assert cleared[name][name].value == ""
        assert int(cleared[name][name]["max-age"]) == 0
        assert cleared[name][name]["path"] == path
    refused = await client.post("/v1/auth/refresh", headers=headers)
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid-refresh-token"


async def test_a_revoked_sessions_cookie_is_refused(
    world: World, client: httpx.AsyncClient
) -> None:
    login = await _login(world, client)
    access = {"Authorization": f"Bearer {login.json()['access_token']}"}
    revoke = await client.post("/v1/accounts/me/sessions/revoke", headers=access)
    assert revoke.status_code == 204
    assert _cookies(revoke)["weimin_refresh"]["weimin_refresh"].value == ""
    refused = await client.post("/v1/auth/refresh", headers=_browser_headers(login))
    assert refused.status_code == 401
    assert refused.json()["code"] == "invalid-refresh-token"


async def test_sign_out_everywhere_is_mine_alone(world: World, client: httpx.AsyncClient) -> None:
    """The self endpoint revokes every sign-in of the caller's account and nobody else's;
    the manager's route stays closed to a grid worker."""
    await world.add_account("alice", ["grid_worker"])
    await world.add_account("bob", ["grid_worker"])
    phone, laptop = await world.login("alice"), await world.login("alice")
    bob = await world.login("bob")
    bob_id = (
        await client.get(
            "/v1/accounts/me", headers={"Authorization": f"Bearer {bob['access_token']}"}
        )
    ).json()["id"]
    alice = {"Authorization": f"Bearer {phone['access_token']}"}
    assert (
        await client.post(f"/v1/accounts/{bob_id}/sessions/revoke", headers=alice)
    ).status_code == 403
    assert (await client.post("/v1/accounts/me/sessions/revoke", headers=alice)).status_code == 204
    for tokens in (phone, laptop):
        refused = await client.post(
            "/v1/auth/refresh", json={"refresh_token": tokens["refresh_token"]}
        )
        assert refused.status_code == 401
    assert (await client.get("/v1/accounts/me", headers=alice)).status_code == 401
    still = await client.post("/v1/auth/refresh", json={"refresh_token": bob["refresh_token"]})
    assert still.status_code == 200


async def test_no_demo_hint_for_accounts_that_merely_share_the_demo_names(
    world: World, client: httpx.AsyncClient
) -> None:
    """Only the demo loader's shared hash marks the demo city (its load is tested in
    test_demo_and_cli); accounts set up one by one never show the hint, even named alike."""
    await world.add_account("grid001", ["grid_worker"])
    await world.add_account("community01", ["community_secretary"])
    hints = await client.get("/v1/auth/hints")
    assert hints.status_code == 200
    assert hints.json() == {"demo_city": False, "demo_grid_worker": None}


async def test_turning_the_second_factor_on_moves_the_cookie_to_the_new_sign_in(
    world: World, client: httpx.AsyncClient, clock: FakeClock
) -> None:
    """Confirming the enrolment answers with a new sign-in (password and code); the
    browser's cookie follows it, so the page's next refresh keeps the second factor."""
    login = await _login(world, client)
    access = {"Authorization": f"Bearer {login.json()['access_token']}"}
    secret = (await client.post("/v1/accounts/me/second-factor", headers=access)).json()["secret"]
    confirmed = await client.post(
        "/v1/accounts/me/second-factor/confirm",
        json={"code": pyotp.TOTP(secret).at(clock.now)},
        headers=access,
    )
    assert confirmed.status_code == 200, confirmed.text
    assert confirmed.headers["cache-control"] == "no-store"
    jar = _cookies(confirmed)
    refresh = jar["weimin_refresh"]["weimin_refresh"]
    assert refresh.value == confirmed.json()["tokens"]["refresh_token"]
    assert refresh.value != login.json()["refresh_token"]
    assert refresh["httponly"] is True
    assert refresh["path"] == "/api/v1/auth"
    assert jar["weimin_csrf"]["weimin_csrf"].value
    renewed = await client.post("/v1/auth/refresh", headers=_browser_headers(confirmed))
    assert renewed.status_code == 200, renewed.text
    claims = jwt.decode(renewed.json()["access_token"], options={"verify_signature": False})
    assert claims["amr"] == ["pwd", "otp"]
