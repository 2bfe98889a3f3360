from typing import Any

import httpx

from sample.app import create_app
from weimin_kit.settings import ServiceSettings

PRODUCTION_SECRETS = {
    "field_active_key_id": "k1",
    "field_keys": "k1:cHJvZHVjdGlvbi1saWtlLWtleS0zMi1ieXRlcyEhISE=",
    "blind_index_key": "cHJvZHVjdGlvbi1saWtlLWJsaW5kLWtleS0zMmJ5dGVz",
    "events_secret": "whsec_cHJvZHVjdGlvbi1saWtlLWV2ZW50cy1rZXktMzJi",
}


async def _get(path: str, client: str = "127.0.0.1", **settings: Any) -> httpx.Response:
    app = create_app(ServiceSettings(database_url="sqlite+aiosqlite://", **settings))
    transport = httpx.ASGITransport(app=app, client=(client, 5000))  # type: ignore[arg-type]
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as http:
        headers = {"Authorization": settings["auth"]} if "auth" in settings else {}
        return await http.get(path, headers=headers)


async def test_metrics_without_a_token_answer_loopback_only() -> None:
    assert (await _get("/metrics", environment="test")).status_code == 200
    remote = await _get("/metrics", client="203.0.113.5", environment="test")
    assert remote.status_code == 403
    assert remote.json()["code"] == "forbidden"


async def test_metrics_with_a_token_need_it_from_everyone() -> None:
    token = {"environment": "test", "ops_token": "s3cret-ops"}
    assert (await _get("/metrics", **token)).status_code == 401
    assert (await _get("/metrics", auth="Bearer wrong", **token)).status_code == 401
    assert (await _get("/metrics", auth="Bearer s3cret-ops", **token)).status_code == 200
    remote = await _get("/metrics", client="203.0.113.5", auth="Bearer s3cret-ops", **token)
    assert remote.status_code == 200


async def test_production_without_a_token_serves_no_metrics() -> None:
    response = await _get("/metrics", environment="production", **PRODUCTION_SECRETS)
    assert response.status_code == 403
    assert response.json()["detail"] == (
        "Operations endpoints are closed: no ops token is configured"
    )


async def test_production_serves_no_docs_but_keeps_the_openapi_document() -> None:
    production = {"environment": "production", **PRODUCTION_SECRETS}
    assert (await _get("/docs", **production)).status_code == 404
    assert (await _get("/redoc", **production)).status_code == 404
    assert (await _get("/openapi.json", **production)).status_code == 200
    assert (await _get("/docs", environment="development")).status_code == 200
