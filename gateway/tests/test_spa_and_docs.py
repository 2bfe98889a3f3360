from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>SPA</title>")
    (tmp_path / "assets" / "app-3f9a1c.js").write_text("console.log('app')")
    (tmp_path / "favicon.ico").write_bytes(b"icon")
    return tmp_path


@pytest.fixture
async def spa(spa_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(GatewaySettings(environment="test", spa_dir=spa_dir))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client


async def test_hashed_assets_are_cached_for_a_year(spa: httpx.AsyncClient) -> None:
    response = await spa.get("/assets/app-3f9a1c.js")
    assert response.status_code == 200
    assert response.text == "console.log('app')"
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_index_and_page_paths_are_never_cached(spa: httpx.AsyncClient) -> None:
    for path in ("/", "/wishes/123", "/me/settings"):
        response = await spa.get(path)
        assert response.status_code == 200, path
        assert response.text == "<!doctype html><title>SPA</title>"
        assert response.headers["cache-control"] == "no-cache"


async def test_other_files_are_served_as_they_are(spa: httpx.AsyncClient) -> None:
    response = await spa.get("/favicon.ico")
    assert response.content == b"icon"
    assert response.headers["cache-control"] == "no-cache"


async def test_missing_asset_and_reserved_paths_are_not_the_spa(spa: httpx.AsyncClient) -> None:
    for path in ("/assets/app-old.js", "/api/nothing", "/.well-known/other", "/api"):
        response = await spa.get(path)
        assert response.status_code == 404, path
        assert response.json()["code"] == "not-found"


async def test_paths_outside_the_spa_directory_are_not_served(
    spa: httpx.AsyncClient, spa_dir: Path
) -> None:
    (spa_dir.parent / "secret.txt").write_text("secret")
    response = await spa.get("/%2e%2e/secret.txt")
    assert "secret" not in response.text


async def test_unbuilt_spa_answers_a_plain_page(tmp_path: Path) -> None:
    app = create_app(GatewaySettings(environment="test", spa_dir=tmp_path / "missing"))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        response = await client.get("/")
    assert response.status_code == 200
    assert "not built yet" in response.text


async def test_docs_page_works_offline(spa: httpx.AsyncClient) -> None:
    page = await spa.get("/api/docs")
    assert page.status_code == 200
    assert "/api/docs/assets/swagger-ui-bundle.js" in page.text
    assert "http" not in page.text.replace("/api/", "")  # nothing from another host
    bundle = await spa.get("/api/docs/assets/swagger-ui-bundle.js")
    assert bundle.status_code == 200
    assert len(bundle.content) > 100_000
    init = await spa.get("/api/docs/assets/weimin-docs.js")
    assert "/api/openapi.json" in init.text
