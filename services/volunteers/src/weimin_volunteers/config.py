from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_VOLUNTEERS_", extra="ignore")

    service_name: str = "volunteers"
    port: int = 8004
    database_url: str = "sqlite+aiosqlite:///var/volunteers.db"
