from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_grid.webhooks.dispatch import RetryPolicy
from weimin_kit.photos import PhotoStorageSettings


class Settings(PhotoStorageSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_GRID_", extra="ignore")

    service_name: str = "grid"
    port: int = 8002
    database_url: str = "sqlite+aiosqlite:///var/grid.db"
    #: The city's bounds (min lon, min lat, max lon, max lat, WGS-84): a grid unit's
    #: boundary must lie inside. Defaults to Dali City's administrative extent.
    city_bounds: tuple[float, float, float, float] = (99.9, 25.3, 100.6, 26.2)

    # Personal-data lifecycle (PIPL art. 19, 47; see README "Retention").
    #: Run the retention sweep in this process (every process may: the sweep is safe to
    #: run in several at once).
    retention_enabled: bool = True
    #: How often the sweep runs.
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)
    #: Residents who moved out or died are anonymised this many days after `moved_out_at`.
    retention_anonymise_after_days: int = Field(default=3 * 365, ge=0)
    #: Audit rows (reveals, exports, personal-data steps) and decided data requests are
    #: deleted after this many years; at least one, as logs must be kept six months or more
    #: (Cybersecurity Law art. 21).
    audit_retention_years: int = Field(default=3, ge=1)
    #: Rows changed per transaction by the sweep.
    retention_batch_size: int = Field(default=500, ge=1, le=10_000)

    # Outbound webhooks to partner clients (README "The partner exchange").
    #: Send queued deliveries from this process (several processes may: claims skip rows
    #: another holds).
    webhooks_enabled: bool = True
    #: How often the dispatcher looks for due deliveries.
    webhook_poll_seconds: float = Field(default=0.2, gt=0)
    #: A delivery is retried for this long, then kept as a dead letter.
    webhook_retry_hours: float = Field(default=72.0, gt=0)
    webhook_timeout_seconds: float = Field(default=5.0, gt=0, le=60)
    #: The first retry waits this long, each next one twice as long, up to the cap.
    webhook_backoff_base_seconds: float = Field(default=5.0, gt=0)
    webhook_backoff_cap_seconds: float = Field(default=3600.0, gt=0)
    #: A rotated secret keeps signing beside the new one this long.
    webhook_secret_overlap_hours: float = Field(default=24.0, ge=0, le=168)

    # Rate limits of the partner exchange (integration/rate_limit.py). Each client's limit
    # comes in its token (org-registry sets it per client); this one is for a token
    # without it (issued before limits existed).
    partner_rate_limit_per_minute: int = Field(default=600, ge=1, le=100_000)
    #: Where the buckets live: `memory://` (this process; right while the grid runs as
    #: one). Replicas (#22) need one store for all: a `redis://` store goes here.
    partner_rate_limit_storage: str = Field(default="memory://", pattern=r"^[a-z][a-z0-9+.-]*://")

    def webhook_policy(self) -> "RetryPolicy":
        return RetryPolicy(
            retry_hours=self.webhook_retry_hours,
            timeout_seconds=self.webhook_timeout_seconds,
            backoff_base_seconds=self.webhook_backoff_base_seconds,
            backoff_cap_seconds=self.webhook_backoff_cap_seconds,
        )
