from weimin_grid.config import Settings
from weimin_grid.tables import Base
from weimin_kit.migrations import run_env

run_env(Base.metadata, default_url=lambda: Settings().database_url)
