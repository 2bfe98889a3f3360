import sys

from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings
from weimin_grid.demo import load_demo
from weimin_kit.cli import run_cli

if __name__ == "__main__":
    sys.exit(run_cli(Settings, create_app, MIGRATIONS_DIR, demo_loader=load_demo))
