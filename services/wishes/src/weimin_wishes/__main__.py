import sys

from weimin_kit.cli import run_cli
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings
from weimin_wishes.demo import load_demo

if __name__ == "__main__":
    sys.exit(run_cli(Settings, create_app, MIGRATIONS_DIR, demo_loader=load_demo))
