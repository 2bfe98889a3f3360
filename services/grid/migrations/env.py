from weimin_kit.migrations import run_env
from weimin_grid.config import Settings
from weimin_grid.models import Base

run_env(Base.metadata, default_url=lambda: Settings().database_url)
