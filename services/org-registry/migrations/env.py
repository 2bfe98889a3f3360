from weimin_kit.migrations import run_env
from weimin_org_registry.config import Settings
from weimin_org_registry.models import Base

run_env(Base.metadata, default_url=lambda: Settings().database_url)
