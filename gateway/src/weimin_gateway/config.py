from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

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
    # Below uvicorn's 5 s keep-alive so we never reuse a connection the upstream is closing.
    upstream_keepalive_seconds: float = Field(default=4.0, gt=0)

    # Proxies (e.g. an ingress) whose X-Forwarded-For uvicorn believes; "*" trusts all.
    forwarded_allow_ips: str = "127.0.0.1"

    openapi_cache_seconds: float = Field(default=10.0, ge=0)
    spa_dir: Path = REPO_ROOT / "frontend" / "dist"

    def upstream_urls(self) -> dict[str, str]:
        return {
            "org-registry": self.org_registry_url.rstrip("/"),
            "grid": self.grid_url.rstrip("/"),
            "wishes": self.wishes_url.rstrip("/"),
            "volunteers": self.volunteers_url.rstrip("/"),
        }

    @property
    def signing_keys_url(self) -> str:
        """The org-registry's JWKS unless one was configured explicitly."""
        if "jwks_url" in self.model_fields_set:
            return self.jwks_url
        return self.org_registry_url.rstrip("/") + "/.well-known/jwks.json"
