"""The SPA's precompressed assets, its service worker and its manifest, through the real
app on real files in a temporary directory."""

import gzip
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings
from weimin_gateway.precompressed import accepted_encodings, choose_precompressed

SCRIPT = b"console.log('the app');" * 40
# Not valid brotli on purpose: the test reads raw bytes and must see exactly these.
BROTLI_BYTES = b"brotli copy of the app"


@pytest.fixture
def spa_dir(tmp_path: Path) -> Path:
    assets = tmp_path / "assets"
    assets.mkdir()
    (tmp_path / "index.html").write_text("<!doctype html><title>SPA</title>")
    (assets / "index-9c1e.js").write_bytes(SCRIPT)
    (assets / "index-9c1e.js.gz").write_bytes(gzip.compress(SCRIPT))
    (assets / "index-9c1e.js.br").write_bytes(BROTLI_BYTES)
    (assets / "only-gzip-77aa.css").write_text("body{color:red}")
    (assets / "only-gzip-77aa.css.gz").write_bytes(gzip.compress(b"body{color:red}"))
    (assets / "plain-12ab.js").write_text("plain")
    (tmp_path / "sw.js").write_text("self.addEventListener('fetch', () => {})")
    (tmp_path / "manifest.webmanifest").write_text('{"name": "为民"}', encoding="utf-8")
    return tmp_path


@pytest.fixture
async def spa(spa_dir: Path) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(GatewaySettings(environment="test", spa_dir=spa_dir))
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client


async def raw_get(
    client: httpx.AsyncClient, path: str, accept_encoding: str
) -> tuple[httpx.Response, bytes]:
    """The body exactly as sent (httpx would otherwise decode it)."""
    async with client.stream("GET", path, headers={"Accept-Encoding": accept_encoding}) as response:
        body = b"".join([chunk async for chunk in response.aiter_raw()])
    return response, body


def varies_by(response: httpx.Response) -> list[str]:
    return [name.strip() for name in response.headers.get("vary", "").split(",")]


async def test_brotli_is_sent_to_a_browser_that_accepts_it(spa: httpx.AsyncClient) -> None:
    response, body = await raw_get(spa, "/assets/index-9c1e.js", "gzip, deflate, br, zstd")
    assert response.status_code == 200
    assert body == BROTLI_BYTES
    assert response.headers["content-encoding"] == "br"
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "Accept-Encoding" in varies_by(response)
    assert response.headers["content-length"] == str(len(BROTLI_BYTES))
    assert response.headers["cache-control"] == "public, max-age=31536000, immutable"


async def test_gzip_is_sent_when_brotli_is_not_accepted(spa: httpx.AsyncClient) -> None:
    response, body = await raw_get(spa, "/assets/index-9c1e.js", "gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT
    assert "Accept-Encoding" in varies_by(response)


async def test_quality_values_choose_and_refuse(spa: httpx.AsyncClient) -> None:
    preferred, body = await raw_get(spa, "/assets/index-9c1e.js", "br;q=0.5, gzip;q=0.9")
    assert preferred.headers["content-encoding"] == "gzip"
    assert gzip.decompress(body) == SCRIPT
    refused, body = await raw_get(spa, "/assets/index-9c1e.js", "br;q=0, gzip;q=0")
    assert "content-encoding" not in refused.headers
    assert body == SCRIPT


async def test_identity_when_nothing_is_accepted(spa: httpx.AsyncClient) -> None:
    response, body = await raw_get(spa, "/assets/index-9c1e.js", "identity")
    assert "content-encoding" not in response.headers
    assert body == SCRIPT
    assert "Accept-Encoding" in varies_by(response)


async def test_an_existing_copy_only_is_chosen(spa: httpx.AsyncClient) -> None:
    response, body = await raw_get(spa, "/assets/only-gzip-77aa.css", "br, gzip")
    assert response.headers["content-encoding"] == "gzip"
    assert response.headers["content-type"] == "text/css; charset=utf-8"
    assert gzip.decompress(body) == b"body{color:red}"


async def test_a_file_without_copies_is_sent_as_it_is(spa: httpx.AsyncClient) -> None:
    response, body = await raw_get(spa, "/assets/plain-12ab.js", "br, gzip")
    assert body == b"plain"
    assert "content-encoding" not in response.headers
    assert "Accept-Encoding" not in varies_by(response)


async def test_head_names_the_encoding_without_a_body(spa: httpx.AsyncClient) -> None:
    response = await spa.head("/assets/index-9c1e.js", headers={"Accept-Encoding": "br"})
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "br"
    assert response.content == b""


async def test_service_worker_is_revalidated_every_time(spa: httpx.AsyncClient) -> None:
    response = await spa.get("/sw.js")
    assert response.status_code == 200
    assert response.headers["content-type"] == "text/javascript; charset=utf-8"
    assert response.headers["cache-control"] == "no-cache"
    policy = response.headers["content-security-policy"]
    assert "worker-src 'self'" in policy
    assert "manifest-src 'self'" in policy


async def test_manifest_has_its_type_and_is_revalidated(spa: httpx.AsyncClient) -> None:
    response = await spa.get("/manifest.webmanifest")
    assert response.status_code == 200
    assert response.headers["content-type"] == "application/manifest+json"
    assert response.headers["cache-control"] == "no-cache"
    assert response.json() == {"name": "为民"}


def test_accept_encoding_is_parsed_with_qualities() -> None:
    assert accepted_encodings("gzip;q=0.8, br , *;q=0.1, deflate;q=x") == {
        "gzip": 0.8,
        "br": 1.0,
        "*": 0.1,
        "deflate": 0.0,
    }
    assert accepted_encodings(None) == {}


def test_a_wildcard_accepts_the_best_copy(spa_dir: Path) -> None:
    chosen = choose_precompressed(spa_dir / "assets" / "index-9c1e.js", "*")
    assert chosen == (spa_dir / "assets" / "index-9c1e.js.br", "br")
    assert choose_precompressed(spa_dir / "assets" / "index-9c1e.js", "*, br;q=0") == (
        spa_dir / "assets" / "index-9c1e.js.gz",
        "gzip",
    )
