from weimin_kit.migrations import run_env
from weimin_notifications.config import Settings
from weimin_notifications.tables import Base

run_env(Base.metadata, default_url=lambda: Settings().database_url)
