import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sample.app import MIGRATIONS_DIR, create_app
from weimin_kit.settings import ServiceSettings
from weimin_kit.testing import service_fixtures

app, client, database_url = service_fixtures(
    "kit-sample", ServiceSettings, create_app, MIGRATIONS_DIR
)
