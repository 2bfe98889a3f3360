"""Settings base shared by every service.

Each service subclasses `ServiceSettings` with its own env prefix (`WEIMIN_GRID_` …). Secrets
have development defaults so `make run` needs no hand step, and those defaults are refused
outside development so a production deployment cannot start with them.
"""

from typing import Literal

from pydantic import Field, SecretStr, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from weimin_kit.forwarded import parse_networks

Environment = Literal["development", "test", "production"]
EventTransport = Literal["http", "nats", "none"]
DEV_EVENTS_SECRET = "whsec_ZGV2LW9ubHktZXZlbnRzLXNpZ25pbmcta2V5LTMyYg=="  # noqa: S105 (dev only)

# Anything a real deployment must override starts with this marker.
PLACEHOLDER_PREFIX = "dev-only-"
DEV_FIELD_KEYS = "dev1:ZGV2LW9ubHkta2V5LWZvci1maWVsZHMtMzItYnl0ZXM="  # 32 bytes, public
DEV_BLIND_INDEX_KEY = "ZGV2LW9ubHktYmxpbmQtaW5kZXgta2V5LTMyYnl0ZXM="


class ServiceSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_", extra="ignore")

    environment: Environment = "development"
    service_name: str = "service"
    host: str = "127.0.0.1"
    port: int = 8000
    database_url: str = "sqlite+aiosqlite:///var/service.db"
    sqlite_busy_timeout_ms: int = Field(default=30_000, ge=0)
    log_level: str = "INFO"

    # Token verification: every service verifies the issuer's tokens itself.
    jwt_issuer: str = "weimin-org-registry"
    jwt_audience: str = "weimin"
    jwks_url: str = "http://127.0.0.1:8001/.well-known/jwks.json"
    #: Revoked sessions (weimin_kit.revocation) are re-read from this service's own table
    #: at most this often per process: with event delivery well under half a second, every
    #: replica refuses a revoked token within a second. 0 re-reads on every request.
    revocation_refresh_seconds: float = Field(default=0.5, ge=0, le=5)
    #: How long a revocation is kept: the longest access-token lifetime (org-registry caps
    #: it at 900 s) plus the verifier's 30 s leeway, with a margin.
    revocation_keep_seconds: int = Field(default=960, ge=60)

    # Personal-data protection: "kid:base64key,..." and the active kid.
    field_keys: SecretStr = SecretStr(PLACEHOLDER_PREFIX + DEV_FIELD_KEYS)
    field_active_key_id: str = "dev1"
    blind_index_key: SecretStr = SecretStr(PLACEHOLDER_PREFIX + DEV_BLIND_INDEX_KEY)

    # Proxies whose X-Forwarded-For / -Proto this process believes (addresses or CIDR
    # networks, JSON list): for a service the gateway, for the gateway its ingress.
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])
    # Bearer token for /metrics. Empty: loopback clients only, and nobody in production.
    ops_token: SecretStr = SecretStr("")
    # Request bodies (weimin_kit.limits): the default cap; upload routes declare larger ones.
    max_body_bytes: int = Field(default=1024 * 1024, ge=1024)
    max_json_depth: int = Field(default=32, ge=2, le=256)
    # Who must have signed in with a second factor (token `amr` has "otp") to reveal or
    # export personal data or administer accounts: the roles that can do any of these.
    second_factor_required: bool = True
    second_factor_roles: list[str] = Field(
        default_factory=lambda: [
            "admin",
            "street_secretary",
            "community_secretary",
            "grid_worker",
        ]
    )

    idempotency_ttl_seconds: int = Field(default=24 * 3600, gt=0)
    idempotency_lock_seconds: int = Field(default=60, gt=0)

    # Events (weimin_kit.events): how the outbox relay publishes and consumers receive.
    events_transport: EventTransport = "http"
    #: Run this process's outbox relay (on SQLite, exactly one relay per database).
    events_relay: bool = True
    #: HTTP transport: each consuming service's base URL, by service name.
    events_peers: dict[str, str] = Field(
        default_factory=lambda: {
            "org-registry": "http://127.0.0.1:8001",
            "grid": "http://127.0.0.1:8002",
            "wishes": "http://127.0.0.1:8003",
            "volunteers": "http://127.0.0.1:8004",
            "notifications": "http://127.0.0.1:8005",
        }
    )
    #: The service credential on HTTP deliveries (Standard Webhooks signature key).
    events_secret: SecretStr = SecretStr(PLACEHOLDER_PREFIX + DEV_EVENTS_SECRET)
    events_nats_url: str = "nats://127.0.0.1:4222"
    #: Prepended to NATS stream names, so that test runs can share one server.
    events_nats_stream_prefix: str = "WEIMIN"
    #: A message a consumer took but did not acknowledge (it died) comes back after this.
    events_nats_ack_wait_seconds: float = Field(default=10.0, gt=0)
    events_poll_seconds: float = Field(default=0.1, gt=0)
    # After a pass that found less than a full batch, wait this long before the next, so a
    # steady trickle is claimed, published and marked a handful at a time, not one by one.
    events_linger_seconds: float = Field(default=0.05, ge=0)
    events_batch_size: int = Field(default=100, ge=1, le=1000)
    #: With the cap below, about ten minutes of failures before an event is dead.
    events_max_attempts: int = Field(default=60, ge=1)
    events_backoff_base_seconds: float = Field(default=0.5, gt=0)
    #: Short, so a consumer back from a restart gets its backlog within seconds.
    events_backoff_cap_seconds: float = Field(default=10.0, gt=0)
    #: A relay that dies holding events frees them after this long.
    events_lease_seconds: float = Field(default=30.0, gt=0)
    events_delivery_timeout_seconds: float = Field(default=10.0, gt=0)
    events_keep_published_days: float = Field(default=7.0, gt=0)

    @field_validator("trusted_proxies")
    @classmethod
    def _networks(cls, values: list[str]) -> list[str]:
        parse_networks(values)  # a typo here must stop the start, not trust nobody
        return values

    @model_validator(mode="after")
    def _refuse_placeholders_outside_development(self) -> "ServiceSettings":
        if self.environment == "development" or self.environment == "test":
            return self
        for name, value in self._secret_values().items():
            if value.startswith(PLACEHOLDER_PREFIX):
                raise ValueError(
                    f"{name} still has its development placeholder; "
                    f"set {self.model_config.get('env_prefix', '')}{name.upper()}"
                )
        return self

    def _secret_values(self) -> dict[str, str]:
        return {
            name: value.get_secret_value()
            for name, value in self.__dict__.items()
            if isinstance(value, SecretStr)
        }

    def secret(self, name: str) -> str:
        """A secret's value with the development marker removed."""
        value: str = getattr(self, name).get_secret_value()
        return value.removeprefix(PLACEHOLDER_PREFIX)

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite")
