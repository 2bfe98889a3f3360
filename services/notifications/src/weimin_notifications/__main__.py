import sys

from weimin_kit.cli import run_cli
from weimin_notifications.app import MIGRATIONS_DIR, create_app
from weimin_notifications.config import Settings
from weimin_notifications.demo import load_demo

if __name__ == "__main__":
    sys.exit(run_cli(Settings, create_app, MIGRATIONS_DIR, demo_loader=load_demo))
