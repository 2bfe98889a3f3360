"""The SPA's run-time settings (/api/app-config): the map's tiles, and their hosts in CSP."""

from collections.abc import AsyncIterator

import httpx
import pytest
from pydantic import ValidationError

from weimin_gateway.app import create_app
from weimin_gateway.config import GatewaySettings
from weimin_gateway.map_tiles import MapTiles

TIANDITU = {
    "url": "https://t{s}.tianditu.gov.cn/vec_w/wmts?T=vec_w&x={x}&y={y}&l={z}&tk=browser-key",
    "label_url": "https://t{s}.tianditu.gov.cn/cva_w/wmts?T=cva_w&x={x}&y={y}&l={z}&tk=k",
    "subdomains": ["0", "1"],
    "crs": "wgs84",
    "attribution": "天地图",
}


async def _client(settings: GatewaySettings) -> AsyncIterator[httpx.AsyncClient]:
    transport = httpx.ASGITransport(app=create_app(settings))
    async with httpx.AsyncClient(transport=transport, base_url="http://gateway.test") as client:
        yield client


@pytest.fixture
async def plain() -> AsyncIterator[httpx.AsyncClient]:
    async for client in _client(GatewaySettings(environment="test")):
        yield client


@pytest.fixture
async def tiled() -> AsyncIterator[httpx.AsyncClient]:
    settings = GatewaySettings(
        environment="test",
        map_tiles=MapTiles.model_validate(TIANDITU),
        csp_image_hosts=["https://photos.example.org"],
    )
    async for client in _client(settings):
        yield client


def image_sources(response: httpx.Response) -> list[str]:
    policy = response.headers["content-security-policy"]
    directive = next(d.strip() for d in policy.split(";") if d.strip().startswith("img-src"))
    return directive.split()[1:]


async def test_by_default_the_map_has_no_tiles_and_img_src_no_tile_host(
    plain: httpx.AsyncClient,
) -> None:
    response = await plain.get("/api/app-config")
    assert response.status_code == 200
    assert response.headers["cache-control"] == "no-cache"
    tiles = response.json()["map"]
    assert (tiles["url"], tiles["label_url"], tiles["crs"]) == ("", "", "wgs84")
    assert image_sources(await plain.get("/")) == ["'self'", "data:", "blob:"]


async def test_configured_tiles_reach_the_spa_and_their_hosts_the_policy(
    tiled: httpx.AsyncClient,
) -> None:
    tiles = (await tiled.get("/api/app-config")).json()["map"]
    assert tiles["url"] == TIANDITU["url"]
    assert tiles["subdomains"] == ["0", "1"]
    assert tiles["attribution"] == "天地图"
    assert image_sources(await tiled.get("/")) == [
        "'self'",
        "data:",
        "blob:",
        "https://photos.example.org",
        "https://t0.tianditu.gov.cn",
        "https://t1.tianditu.gov.cn",
    ]


def test_tiles_come_from_the_environment_as_json(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(
        "WEIMIN_GATEWAY_MAP_TILES",
        '{"url": "https://webrd0{s}.is.autonavi.com/appmaptile?x={x}&y={y}&z={z}",'
        ' "subdomains": ["1", "2"], "crs": "gcj02"}',
    )
    settings = GatewaySettings(environment="test")
    assert settings.map_tiles.crs == "gcj02"
    assert settings.image_hosts() == [
        "https://webrd01.is.autonavi.com",
        "https://webrd02.is.autonavi.com",
    ]


@pytest.mark.parametrize(
    ("tiles", "reason"),
    [
        ({"url": "ftp://tiles.example.org/{z}/{x}/{y}.png"}, r"not an http\(s\) tile URL"),
        ({"url": "https://tiles.example.org/tile.png"}, "placeholders"),
        ({"url": "https://tiles.example.org/{z}/{x}/{y}.png; script-src *"}, "CSP source"),
        ({"url": "https://{s}.tiles.example.org/{z}/{x}/{y}.png"}, "needs subdomains"),
        ({"url": "https://{s}.t.example.org/{z}/{x}/{y}.png", "subdomains": ["a b"]}, "label"),
        ({"label_url": "https://tiles.example.org/{z}/{x}/{y}.png"}, "needs base tiles"),
        ({"crs": "bd09"}, "wgs84"),
    ],
)
def test_a_bad_tile_setting_stops_start_up_naming_why(
    tiles: dict[str, object], reason: str
) -> None:
    with pytest.raises(ValidationError, match=reason):
        GatewaySettings(environment="test", map_tiles=tiles)
