from sample.app import Base
from weimin_kit.migrations import run_env

run_env(Base.metadata)
