from weimin_kit.migrations import run_env
from weimin_wishes.config import Settings
from weimin_wishes.tables import Base

run_env(Base.metadata, default_url=lambda: Settings().database_url)
