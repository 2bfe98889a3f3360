from pydantic import Field
from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_VOLUNTEERS_", extra="ignore")

    service_name: str = "volunteers"
    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///var/volunteers.db"

    #: Confirmed hours needed for one to five stars (ascending).
    star_thresholds_hours: list[int] = Field(default=[100, 300, 600, 1_000, 1_500])
    #: Check-in by GPS must be within this distance of the activity unless it sets its own.
    default_checkin_radius_m: int = Field(default=500, gt=0, le=50_000)
    #: How early before a shift starts a volunteer may check in.
    checkin_opens_minutes_before: int = Field(default=30, ge=0)
    #: A CJK .ttf/.ttc for printed certificates; common Noto CJK paths are tried without it.
    certificate_font_path: str | None = None

    #: Radius of the dispatch task opened for an incident that asks for volunteers.
    incident_task_radius_m: int = Field(default=3_000, ge=50, le=20_000)
    #: A joint-defence alarm alerts this many of the nearest opted-in volunteers …
    alarm_alert_volunteers: int = Field(default=5, ge=1, le=50)
    #: … living within this distance of the alarm.
    alarm_alert_radius_m: int = Field(default=1_000, ge=50, le=20_000)
    #: Seconds between sweeps that persist timed-out task offers and offer the task to the
    #: next volunteers (reads only show them expired); 0 turns the sweep off.
    offer_sweep_seconds: float = Field(default=15.0, ge=0)
