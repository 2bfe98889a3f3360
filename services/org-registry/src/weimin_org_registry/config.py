from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_ORG_REGISTRY_", extra="ignore")

    service_name: str = "org-registry"
    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///var/org-registry.db"

    # Tokens. Access tokens cannot be revoked, so their life stays short (at most 15 min).
    access_token_ttl_seconds: int = Field(default=900, gt=0, le=900)
    refresh_token_ttl_seconds: int = Field(default=14 * 24 * 3600, gt=0)
    # A retiring key stays published this long past the last access token it signed,
    # covering the verifiers' clock leeway (30 s) with room to spare.
    signing_key_grace_seconds: int = Field(default=120, ge=0)

    # Login protection.
    login_max_failures: int = Field(default=5, ge=1)
    lockout_minutes: int = Field(default=15, ge=1)
    login_rate_limit: int = Field(default=10, ge=1)
    login_rate_window_seconds: int = Field(default=60, ge=1)
    # Peers whose X-Forwarded-For first hop is believed (addresses or CIDR networks).
    trusted_proxies: list[str] = Field(default_factory=lambda: ["127.0.0.1", "::1"])

    # Argon2id parameters (RFC 9106 "low memory" profile); tests use cheaper ones.
    argon2_time_cost: int = Field(default=3, ge=1)
    argon2_memory_cost_kib: int = Field(default=65_536, ge=8)
    argon2_parallelism: int = Field(default=4, ge=1)

    # Resource-guarantee minimums per community and year (defaults: the source case).
    guarantee_min_staff: int = Field(default=12, ge=0)
    guarantee_min_party_building_fund: int = Field(default=50_000, ge=0)
    guarantee_min_work_funds: int = Field(default=195_000, ge=0)
    guarantee_min_staff_allowance: int = Field(default=3_600, ge=0)
    guarantee_max_staff_allowance: int = Field(default=4_100, ge=0)
    guarantee_min_secretary_allowance: int = Field(default=500, ge=0)
    guarantee_min_venue_area_m2: int = Field(default=0, ge=0)

    # A fulfilled wish that does not say how long it took counts this long on a member's
    # report (the wishes service does not ask its claimers for the time yet).
    member_service_default_minutes: int = Field(default=60, ge=1, le=24 * 60)

    # Audit retention (see README "Retention"): the reveal log of people's personal data
    # is deleted after this many years, at least one (logs are kept six months or more,
    # Cybersecurity Law art. 21), by a sweep every `retention_sweep_seconds` in each
    # process unless disabled, or once by `python -m weimin_org_registry retention-sweep`.
    retention_enabled: bool = True
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)
    audit_retention_years: int = Field(default=3, ge=1)
    retention_batch_size: int = Field(default=500, ge=1, le=10_000)
