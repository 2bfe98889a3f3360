"""Text that looks empty or lies, against the real platform: a reveal reason made only of
zero-width characters, and names carrying NUL or a right-to-left override (U+202E, which
makes 张三 U+202E "txt.exe" show as "张三exe.txt"), are refused with a 422 problem naming the field
at every service that takes names; the same request with a clean name is accepted."""

import itertools
from collections.abc import Awaitable, Callable
from typing import Any

import httpx
import pytest
import pytest_asyncio
from platform_support import ADMIN_PASSWORD, ENGLISH, Platform, login

from weimin_kit.pii import checksum_char

PROBLEM = "application/problem+json"
_serial = itertools.count(1)


def new_id_card() -> str:
    """A valid GB 11643 number the demo city does not hold (its numbers start 5329)."""
    body = f"11010519770707{next(_serial):03d}"
    return body + checksum_char(body)


async def first(client: httpx.AsyncClient, path: str, admin: dict[str, str]) -> dict[str, Any]:
    response = await client.get(path, params={"limit": 1}, headers=admin)
    assert response.status_code == 200, response.text
    item: dict[str, Any] = response.json()["items"][0]
    return item


Build = Callable[[httpx.AsyncClient, dict[str, str], str], Awaitable[tuple[str, dict[str, Any]]]]


async def person(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> Any:
    community = (await first(client, "/api/v1/people", admin))["community_id"]
    body = {
        "name": name,
        "gender": "female",
        "ethnicity": "白族",
        "id_card_number": new_id_card(),
        "community_id": community,
    }
    return "/api/v1/people", body


async def resident(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> Any:
    household = (await first(client, "/api/v1/households", admin))["id"]
    body = {
        "household_id": household,
        "name": name,
        "id_card_number": new_id_card(),
        "ethnicity": "白族",
        "relation_to_head": "女儿",
    }
    return "/api/v1/residents", body


async def kiosk(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> Any:
    unit = await first(client, "/api/v1/grid-units", admin)
    body = {"street_id": unit["street_id"], "community_id": unit["community_id"], "name": name}
    return "/api/v1/kiosk-devices", body


async def skill(client: httpx.AsyncClient, admin: dict[str, str], name: str) -> Any:
    return "/api/v1/skills", {"code": f"sign_language_{next(_serial)}", "name": name}


#: One create endpoint per service that takes a name (org-registry, grid, wishes, volunteers).
CREATES: dict[str, Build] = {
    "org-registry person": person,
    "grid resident": resident,
    "wishes kiosk": kiosk,
    "volunteers skill": skill,
}
LYING_NAMES = {
    "NUL": ("张\x00三", "contains a control or formatting character (U+0000)"),
    "right-to-left override": (
        "张三\u202etxt.exe",
        "contains a control or formatting character (U+202E)",
    ),
}


@pytest_asyncio.fixture(scope="module")
async def admin(platform: Platform) -> dict[str, str]:
    # Once for the module: sign-ins are rate limited per account.
    async with httpx.AsyncClient(base_url=platform.url, timeout=30.0) as gateway:
        return {**await login(gateway, "admin", ADMIN_PASSWORD), **ENGLISH}


def refusal(response: httpx.Response) -> tuple[int, str, list[dict[str, str]]]:
    return response.status_code, response.headers["content-type"], response.json().get("errors")


@pytest.mark.parametrize("create", list(CREATES), ids=list(CREATES))
@pytest.mark.parametrize("lie", list(LYING_NAMES), ids=list(LYING_NAMES))
async def test_a_name_with_nul_or_a_bidi_override_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin: dict[str, str], create: str, lie: str
) -> None:
    name, reason = LYING_NAMES[lie]
    path, body = await CREATES[create](client, admin, name)
    response = await client.post(path, json=body, headers=admin)
    assert refusal(response) == (
        422,
        PROBLEM,
        [{"field": "body.name", "reason": reason, "code": "string_forbidden_character"}],
    )


@pytest.mark.parametrize("create", list(CREATES), ids=list(CREATES))
async def test_the_same_request_with_a_clean_name_is_accepted_and_stored_composed(
    client: httpx.AsyncClient, admin: dict[str, str], create: str
) -> None:
    # "e" + U+0301 is stored as the one character "é"; the Uyghur name's middle dot stays.
    path, body = await CREATES[create](client, admin, " 阿依古丽·买买提 Rene\u0301 ")
    response = await client.post(path, json=body, headers=admin)
    assert response.status_code == 201, response.text
    assert response.json()["name"] == "阿依古丽·买买提 René"


TOO_FEW_VISIBLE = (
    "needs at least 4 visible characters (spaces and invisible characters do not count)"
)


@pytest.mark.parametrize(
    "reason",
    ["\u200b", "\u200b" * 8, "\u200b\u200c\u2060\ufeff\u200b", "核\u200b\u200b\u200b\u200b"],
    ids=["one zero-width space", "eight", "mixed zero-width", "one character padded"],
)
async def test_a_reveal_reason_of_zero_width_characters_is_refused_naming_the_field(
    client: httpx.AsyncClient, admin: dict[str, str], reason: str
) -> None:
    people = (await client.get("/api/v1/people", params={"limit": 1}, headers=admin)).json()
    person_id = people["items"][0]["id"]
    response = await client.post(
        f"/api/v1/people/{person_id}/reveal", json={"reason": reason}, headers=admin
    )
    assert refusal(response) == (
        422,
        PROBLEM,
        [{"field": "body.reason", "reason": TOO_FEW_VISIBLE, "code": "string_too_short"}],
    )
    resident_id = (await first(client, "/api/v1/residents", admin))["id"]
    response = await client.post(
        f"/api/v1/residents/{resident_id}/reveal", json={"reason": reason}, headers=admin
    )
    assert refusal(response)[2][0]["field"] == "body.reason"
    assert refusal(response)[:2] == (422, PROBLEM)
