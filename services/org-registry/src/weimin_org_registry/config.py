from pydantic_settings import SettingsConfigDict

from weimin_kit.settings import ServiceSettings


class Settings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="WEIMIN_ORG_REGISTRY_", extra="ignore")

    service_name: str = "org-registry"
    port: int = 8001
    database_url: str = "sqlite+aiosqlite:///var/org-registry.db"
