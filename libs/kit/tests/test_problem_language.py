"""Problems are told in zh-CN unless the caller's Accept-Language prefers English."""

import httpx
import pytest

from weimin_kit.problem_language import negotiate_language
from weimin_kit.testing import TestKeys


@pytest.mark.parametrize(
    ("header", "language"),
    [
        (None, "zh-CN"),
        ("", "zh-CN"),
        ("fr-FR", "zh-CN"),
        ("not a header;;q=", "zh-CN"),
        ("en", "en"),
        ("en-US,en;q=0.9", "en"),
        ("zh-CN,zh;q=0.9,en;q=0.8", "zh-CN"),
        ("zh-TW", "zh-CN"),
        ("fr, en;q=0.5, zh;q=0.4", "en"),
        ("zh;q=0.2, en;q=0.8", "en"),
        ("en;q=0, zh;q=0.1", "zh-CN"),
        ("de, en;q=0", "zh-CN"),
    ],
)
def test_the_language_is_negotiated_with_chinese_as_the_default(
    header: str | None, language: str
) -> None:
    assert negotiate_language(header) == language


async def _bad_note(
    client: httpx.AsyncClient, keys: TestKeys, language: str | None
) -> httpx.Response:
    headers = keys.headers(roles=["admin"])
    if language:
        headers["Accept-Language"] = language
    return await client.post("/v1/notes", json={"title": "", "count": 99}, headers=headers)


async def test_validation_reasons_are_in_chinese_by_default(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await _bad_note(client, test_keys, None)
    assert response.headers["content-language"] == "zh-CN"
    body = response.json()
    assert body["title"] == "输入无效"
    reasons = {e["field"]: e["reason"] for e in body["errors"]}
    assert reasons["body.area"] == "必填"
    assert reasons["body.count"] == "不能大于 10"
    assert "body.count：不能大于 10" in body["detail"]


async def test_validation_reasons_are_in_english_when_asked(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    response = await _bad_note(client, test_keys, "en")
    assert response.headers["content-language"] == "en"
    body = response.json()
    assert body["title"] == "Invalid input"
    reasons = {e["field"]: e["reason"] for e in body["errors"]}
    assert reasons["body.area"] == "Field required"
    assert reasons["body.count"] == "Input should be less than or equal to 10"
    assert all("reason_zh" not in e for e in body["errors"])


async def test_a_domain_problem_has_its_chinese_title_and_keeps_an_english_only_detail(
    client: httpx.AsyncClient, test_keys: TestKeys
) -> None:
    note = {"title": "t", "area": "a"}
    headers = test_keys.headers(roles=["admin"])
    await client.post("/v1/notes", json=note, headers=headers)
    chinese = (await client.post("/v1/notes", json=note, headers=headers)).json()
    assert (chinese["code"], chinese["title"], chinese["detail"]) == (
        "note-exists",
        "已有同名笔记",
        "'t' exists",
    )
    english = await client.post(
        "/v1/notes", json=note, headers={**headers, "Accept-Language": "en"}
    )
    assert english.json()["title"] == "A note with this title exists"


async def test_an_unauthenticated_call_is_told_in_the_callers_language(
    client: httpx.AsyncClient,
) -> None:
    chinese = await client.get("/v1/notes/admin-only")
    assert (chinese.json()["code"], chinese.json()["title"]) == ("unauthenticated", "需要登录")
    english = await client.get("/v1/notes/admin-only", headers={"Accept-Language": "en-GB"})
    assert english.json()["title"] == "Authentication required"
