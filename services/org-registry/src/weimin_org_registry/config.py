from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_kit.sms import SmsSettings


class Settings(SmsSettings):
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
    # The browser keeps its refresh token in an HttpOnly cookie (identity/browser_session.py)
    # sent only to this path, the auth routes as the browser sees them through the gateway.
    refresh_cookie_path: str = Field(default="/api/v1/auth", pattern=r"^/")
    # Origins besides the site's own whose pages may use that cookie (a dev server on
    # another port that does not proxy the Host); empty: the site's own only.
    refresh_cookie_origins: list[str] = Field(default_factory=list)

    # Partner clients (partners/): their access tokens live 10 minutes (a revoke also
    # refuses them at once); a rotated secret keeps working this long by default.
    partner_token_ttl_seconds: int = Field(default=600, gt=0, le=900)
    partner_secret_overlap_seconds: int = Field(default=24 * 3600, ge=0, le=7 * 24 * 3600)
    # A client's Open311 API key (GeoReport v2 clients keep one `api_key` in their
    # configuration, so it lives long: a year by default, at most two). Revoking the client
    # refuses it, however long it still has.
    partner_open311_key_ttl_seconds: int = Field(
        default=365 * 24 * 3600, gt=0, le=2 * 366 * 24 * 3600
    )
    # A new client's rate limit at the partner exchange when its creator names none: calls
    # per minute, and as many at once (the burst) unless a burst is set. The grid enforces
    # the limit its token carries (claims `rate_limit_per_minute`, `rate_limit_burst`).
    partner_rate_limit_per_minute: int = Field(default=600, ge=1, le=100_000)

    # Sign-in throttling (identity/throttle.py). Counters live in the database and are
    # forgotten a window after their last failure (the per-address one per fixed window).
    # One username from one address: a few free failures, then a wait that doubles with
    # each failure, up to the cap.
    login_free_failures: int = Field(default=3, ge=0)
    login_delay_base_seconds: int = Field(default=1, ge=1)
    login_delay_cap_seconds: int = Field(default=900, ge=1)
    login_window_seconds: int = Field(default=3600, ge=60)
    # One address, any usernames: enough for a 100-person office behind one NAT address
    # getting passwords wrong all morning; past it the address waits out the window.
    login_client_max_failures: int = Field(default=300, ge=1)
    # One username from any addresses (a spread-out guessing attack): past this many
    # failures, growing waits for every address but the account's own known clients
    # (addresses it signed in from successfully within login_known_client_days).
    login_user_free_failures: int = Field(default=30, ge=1)
    login_known_client_days: int = Field(default=90, ge=1)

    # Second factor (TOTP). The roles that must use it for privileged actions are the
    # kit's `second_factor_roles`; `second_factor_required` switches enforcement.
    totp_issuer: str = "Weimin"
    second_factor_challenge_seconds: int = Field(default=300, ge=30, le=900)
    second_factor_max_attempts: int = Field(default=5, ge=1)
    recovery_code_count: int = Field(default=10, ge=1, le=20)
    # One-time codes by text message (identity/phone_codes.py): sign-up, sign-in and
    # password reset with a mobile number. A code lives this long and takes this many
    # wrong guesses; a number may ask for one code per interval and so many an hour, a
    # client address for so many an hour (more: a family or an office behind one address).
    phone_code_ttl_seconds: int = Field(default=300, ge=60, le=900)
    phone_code_max_attempts: int = Field(default=5, ge=1, le=10)
    phone_code_interval_seconds: int = Field(default=60, ge=1)
    phone_code_hourly_per_phone: int = Field(default=5, ge=1)
    phone_code_hourly_per_client: int = Field(default=20, ge=1)
    # Proxies whose X-Forwarded-For is believed (addresses or CIDR networks): the client is
    # the right-most address that is not one of them (weimin_kit.forwarded).
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

    # Audit retention (see README "Retention"): the reveal log of people's personal data
    # is deleted after this many years, at least one (logs are kept six months or more,
    # Cybersecurity Law art. 21), by a sweep every `retention_sweep_seconds` in each
    # process unless disabled, or once by `python -m weimin_org_registry retention-sweep`.
    retention_enabled: bool = True
    retention_sweep_seconds: float = Field(default=3600.0, gt=0)
    audit_retention_years: int = Field(default=3, ge=1)
    retention_batch_size: int = Field(default=500, ge=1, le=10_000)
