"""Errors are part of the contract: every route declares the problem codes it can answer
with, and problems speak zh-CN or English as the caller asks."""

import httpx
from wish_world import Callers, wish_body

from weimin_kit.testing.problem_codes import declaration_faults
from weimin_wishes.app import create_app


def test_every_route_declares_the_problems_it_raises() -> None:
    assert declaration_faults(create_app(), "weimin_wishes") == []


async def _too_long_title(client: httpx.AsyncClient, callers: Callers, language: str) -> dict:
    response = await client.post(
        "/v1/wishes",
        json=wish_body(callers.world, "A", title="长" * 61),
        headers={**callers.grid_worker("A"), "Accept-Language": language},
    )
    assert response.status_code == 422
    return {"language": response.headers["content-language"], **response.json()}


async def test_a_validation_problem_in_chinese_names_the_field_and_the_reason(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    problem = await _too_long_title(client, callers, "zh-CN,zh;q=0.9,en;q=0.8")
    assert problem["language"] == "zh-CN"
    assert problem["title"] == "输入无效"
    assert problem["detail"] == "body.title：不能超过 60 个字符"
    assert problem["errors"] == [
        {"field": "body.title", "reason": "不能超过 60 个字符", "code": "string_too_long"}
    ]


async def test_the_same_problem_in_english_for_a_partner_asking_for_it(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    problem = await _too_long_title(client, callers, "en-GB,en;q=0.9")
    assert problem["language"] == "en"
    assert problem["title"] == "Invalid input"
    assert problem["detail"] == "body.title: at most 60 characters"
    assert problem["code"] == "validation-failed"
    assert problem["errors"][0]["field"] == "body.title"


async def test_without_accept_language_a_problem_is_in_chinese(
    client: httpx.AsyncClient, callers: Callers
) -> None:
    response = await client.get(
        "/v1/wishes/00000000-0000-0000-0000-000000000000", headers=callers.admin()
    )
    assert response.status_code == 404
    assert response.headers["content-language"] == "zh-CN"
    assert (response.json()["code"], response.json()["title"]) == ("wish-not-found", "没有此心愿")
    english = await client.get(
        "/v1/wishes/00000000-0000-0000-0000-000000000000",
        headers={**callers.admin(), "Accept-Language": "en"},
    )
    assert english.json()["title"] == "No such wish"
