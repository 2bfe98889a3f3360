from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_GRID_", extra="ignore")

    service_name: str = "grid"
    port: int = 8002
    database_url: str = "sqlite+aiosqlite:///var/grid.db"
    #: The city's bounds (min lon, min lat, max lon, max lat, WGS-84): a grid unit's
    #: boundary must lie inside. Defaults to Dali City's administrative extent.
    city_bounds: tuple[float, float, float, float] = (99.9, 25.3, 100.6, 26.2)
