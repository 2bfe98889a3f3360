from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_WISHES_", extra="ignore")

    service_name: str = "wishes"
    port: int = 8003
    database_url: str = "sqlite+aiosqlite:///var/wishes.db"
