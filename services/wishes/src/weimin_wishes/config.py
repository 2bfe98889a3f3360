from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_kit.photos import PhotoStorageSettings


class Settings(PhotoStorageSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_WISHES_", extra="ignore")

    service_name: str = "wishes"
    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///var/wishes.db"

    #: Weimin's public address (the gateway, as phones reach it): QR codes encode
    #: `<this>/w/<wish id>`, the SPA's landing page of a wish. The launcher sets it to the
    #: gateway's URL, or to `WEIMIN_PUBLIC_BASE_URL` when that is set.
    public_base_url: str = "http://localhost:8000"
    #: A claim not fulfilled within this many days goes back to the wall.
    claim_deadline_days: int = Field(default=14, ge=1, le=365)
    #: A micro-wish is small by definition: its estimated value may not exceed this.
    wish_value_cap_yuan: int = Field(default=500, ge=1)
    #: How often overdue claims are released (0 turns the background sweep off).
    release_sweep_seconds: float = Field(default=60.0, ge=0)
    #: How often the wall stream looks for new wall events in the database.
    wall_poll_seconds: float = Field(default=0.25, gt=0)
    #: A comment line on idle streams keeps proxies from closing them; kiosk keys are
    #: re-checked at the same pace, so a revoked key loses its stream within this time.
    wall_heartbeat_seconds: float = Field(default=15.0, gt=0)
    #: A kiosk's pairing code works this long after staff get it, and once.
    kiosk_pairing_minutes: float = Field(default=10.0, gt=0, le=24 * 60)
    #: The paired kiosk's key lives in an HttpOnly cookie sent to the wall's routes only, as
    #: the browser sees them through the gateway.
    kiosk_cookie_path: str = Field(default="/api/v1/wall", pattern=r"^/")
