from pathlib import Path
from typing import Literal

from pydantic import Field, field_validator
from pydantic_settings import SettingsConfigDict

from weimin_gateway.map_tiles import MapTiles
from weimin_kit.settings import ServiceSettings

REPO_ROOT = Path(__file__).resolve().parents[3]


class GatewaySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_GATEWAY_", extra="ignore")

    service_name: str = "gateway"
    port: int = 8000
    # The gateway owns no data; the inherited database settings are unused.

    org_registry_url: str = "http://127.0.0.1:8001"
    grid_url: str = "http://127.0.0.1:8002"
    wishes_url: str = "http://127.0.0.1:8003"
    volunteers_url: str = "http://127.0.0.1:8004"
    notifications_url: str = "http://127.0.0.1:8005"

    cors_origins: list[str] = Field(
        default_factory=lambda: [
            "http://localhost:8000",
            "http://127.0.0.1:8000",
            "http://localhost:5173",
            "http://127.0.0.1:5173",
        ]
    )

    # Per client (token subject, or IP on public routes): a token bucket.
    rate_limit_per_second: float = Field(default=50.0, gt=0)
    rate_limit_burst: int = Field(default=100, ge=1)

    upstream_connect_timeout: float = Field(default=3.0, gt=0)
    # Idle time allowed between reads of an upstream response; streaming routes have none.
    upstream_read_timeout: float = Field(default=30.0, gt=0)
    upstream_max_connections: int = Field(default=256, ge=1)
    # Streams (the wall, alarms) hold their upstream connection for hours: they have a pool
    # of their own, so a hall full of kiosks never starves ordinary requests of connections.
    upstream_max_streams: int = Field(default=10_000, ge=1)
    # Below uvicorn's 5 s keep-alive so we never reuse a connection the upstream is closing.
    upstream_keepalive_seconds: float = Field(default=4.0, gt=0)

    # `trusted_proxies` (inherited): the ingress in front of the gateway, if any.

    # Bodies: `max_body_bytes` (inherited, 1 MiB) except on the file routes
    # (routing.UPLOAD_PREFIXES), which the services stream and check more finely.
    max_upload_bytes: int = Field(default=512 * 1024 * 1024, ge=1024)

    # Security headers (headers.py). Hosts that images and map tiles may come from, as CSP
    # sources ("https://tiles.example.org"); origins allowed to frame the app (kiosks;
    # empty: nobody); HSTS "auto" when the client came over https, "on" always, or "off".
    csp_image_hosts: list[str] = Field(default_factory=list)
    frame_ancestors: list[str] = Field(default_factory=list)
    hsts: Literal["auto", "on", "off"] = "auto"
    hsts_max_age_seconds: int = Field(default=365 * 24 * 3600, ge=0)

    # The map's base tiles (map_tiles.py), e.g. WEIMIN_GATEWAY_MAP_TILES='{"url": "https://
    # t{s}.tianditu.gov.cn/…", "subdomains": ["t0", "t1"], "crs": "wgs84"}'; by default none.
    # Their hosts are added to the CSP's img-src (image_hosts()).
    map_tiles: MapTiles = Field(default_factory=MapTiles)

    openapi_cache_seconds: float = Field(default=10.0, ge=0)
    spa_dir: Path = REPO_ROOT / "frontend" / "dist"

    @field_validator("csp_image_hosts", "frame_ancestors")
    @classmethod
    def _csp_sources(cls, values: list[str]) -> list[str]:
        # One source each: a space, semicolon or comma would smuggle in more of a policy.
        for value in values:
            if not value or any(c in value for c in " ;,\t\r\n"):
                raise ValueError(f"{value!r} is not one CSP source such as https://host")
        return values

    def image_hosts(self) -> list[str]:
        """img-src sources: the configured image hosts and the map tiles' hosts."""
        hosts = list(self.csp_image_hosts)
        return hosts + [origin for origin in self.map_tiles.origins() if origin not in hosts]

    def upstream_urls(self) -> dict[str, str]:
        return {
            "org-registry": self.org_registry_url.rstrip("/"),
            "grid": self.grid_url.rstrip("/"),
            "wishes": self.wishes_url.rstrip("/"),
            "volunteers": self.volunteers_url.rstrip("/"),
            "notifications": self.notifications_url.rstrip("/"),
        }

    @property
    def signing_keys_url(self) -> str:
        """The org-registry's JWKS unless one was configured explicitly."""
        if "jwks_url" in self.model_fields_set:
            return self.jwks_url
        return self.org_registry_url.rstrip("/") + "/.well-known/jwks.json"
