"""The browser's sign-in through the real gateway: the refresh token travels only in an
HttpOnly, SameSite=Strict cookie on /api/v1/auth (Secure over https), the page proves a
refresh or logout is its own with the CSRF cookie's value in X-CSRF-Token, and requests
from another site are refused (docs/security.md, "The browser's session")."""

import asyncio
from http.cookies import SimpleCookie

import httpx
from platform_support import DEMO_PASSWORD, Platform


async def _sign_in(client: httpx.AsyncClient, **headers: str) -> httpx.Response:
    """grid001's sign-in, waiting out the per-address limit other tests may have used."""
    for _ in range(3):
        response = await client.post(
            "/api/v1/auth/login",
            json={"username": "grid001", "password": DEMO_PASSWORD},
            headers=headers,
        )
        if response.status_code != 429:
            break
        await asyncio.sleep(int(response.headers.get("retry-after", "10")) + 1)
    assert response.status_code == 200, response.text
    # The cookies are sent by hand below, so each request says exactly what it carries.
    client.cookies.clear()
    return response


def _set_cookies(response: httpx.Response) -> dict[str, SimpleCookie]:
    jar: dict[str, SimpleCookie] = {}
    for header in response.headers.get_list("set-cookie"):
        cookie: SimpleCookie = SimpleCookie()
        cookie.load(header)
        jar.update(dict.fromkeys(cookie, cookie))
    return jar


def _page(platform: Platform, response: httpx.Response, *, csrf: bool = True) -> dict[str, str]:
    """The headers our own page's fetch() sends to /api/v1/auth after `response`."""
    jar = _set_cookies(response)
    refresh = jar["weimin_refresh"]["weimin_refresh"].value
    token = jar["weimin_csrf"]["weimin_csrf"].value
    headers = {
        "Cookie": f"weimin_refresh={refresh}; weimin_csrf={token}",
        "Origin": platform.url,
        "Sec-Fetch-Site": "same-origin",
    }
    if csrf:
        headers["X-CSRF-Token"] = token
    return headers


async def test_the_gateway_passes_the_cookies_with_its_security_headers(
    client: httpx.AsyncClient,
) -> None:
    response = await _sign_in(client)
    jar = _set_cookies(response)
    refresh = jar["weimin_refresh"]["weimin_refresh"]
    assert refresh.value == response.json()["refresh_token"]
    assert (refresh["httponly"], refresh["samesite"], refresh["path"]) == (
        True,
        "strict",
        "/api/v1/auth",
    )
    assert jar["weimin_csrf"]["weimin_csrf"]["path"] == "/"
    assert response.headers["cache-control"] == "no-store"
    assert response.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'none'" in response.headers["content-security-policy"]


async def test_cookies_are_secure_when_the_client_came_over_https(
    client: httpx.AsyncClient,
) -> None:
    # The test client is on loopback, a trusted proxy of the gateway, like an ingress.
    response = await _sign_in(client, **{"X-Forwarded-Proto": "https"})
    jar = _set_cookies(response)
    assert jar["weimin_refresh"]["weimin_refresh"]["secure"] is True
    assert jar["weimin_csrf"]["weimin_csrf"]["secure"] is True
    assert "strict-transport-security" in response.headers


async def test_refresh_by_cookie_needs_the_csrf_header(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    login = await _sign_in(client)
    refused = await client.post("/api/v1/auth/refresh", headers=_page(platform, login, csrf=False))
    assert refused.status_code == 403
    assert refused.json()["code"] == "cross-site-request-refused"
    renewed = await client.post("/api/v1/auth/refresh", headers=_page(platform, login))
    assert renewed.status_code == 200, renewed.text
    me = await client.get(
        "/api/v1/accounts/me",
        headers={"Authorization": f"Bearer {renewed.json()['access_token']}"},
    )
    assert me.json()["username"] == "grid001"


async def test_another_site_cannot_use_the_cookie(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    login = await _sign_in(client)
    for forged in ({"Origin": "https://evil.example"}, {"Sec-Fetch-Site": "cross-site"}):
        response = await client.post(
            "/api/v1/auth/refresh", headers=_page(platform, login) | forged
        )
        assert response.status_code == 403, forged
        assert response.json()["code"] == "cross-site-request-refused"
    # Nor may its script send the CSRF header: the preflight names no allowed origin.
    preflight = await client.options(
        "/api/v1/auth/refresh",
        headers={
            "Origin": "https://evil.example",
            "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "x-csrf-token",
        },
    )
    assert "access-control-allow-origin" not in preflight.headers
    assert "access-control-allow-credentials" not in preflight.headers


async def test_logout_clears_the_cookies_and_the_old_cookie_is_refused(
    client: httpx.AsyncClient, platform: Platform
) -> None:
    login = await _sign_in(client)
    page = _page(platform, login)
    logout = await client.post("/api/v1/auth/logout", headers=page)
    assert logout.status_code == 204
    cleared = _set_cookies(logout)
    assert cleared["weimin_refresh"]["weimin_refresh"].value == ""
    assert cleared["weimin_refresh"]["weimin_refresh"]["path"] == "/api/v1/auth"
    assert int(cleared["weimin_csrf"]["weimin_csrf"]["max-age"]) == 0
    again = await client.post("/api/v1/auth/refresh", headers=page)
    assert again.status_code == 401
    assert again.json()["code"] == "invalid-refresh-token"


async def test_the_login_page_learns_it_runs_the_demo_city_without_a_token(
    client: httpx.AsyncClient,
) -> None:
    hints = await client.get("/api/v1/auth/hints")
    assert hints.status_code == 200
    assert hints.json() == {"demo_city": True, "demo_grid_worker": "grid001"}
