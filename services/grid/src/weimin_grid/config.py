from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_GRID_", extra="ignore")

    service_name: str = "grid"
    port: int = 8002
    database_url: str = "sqlite+aiosqlite:///var/grid.db"
