import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from sample.app import MIGRATIONS_DIR, create_app  # noqa: E402

from weimin_kit.settings import ServiceSettings  # noqa: E402
from weimin_kit.testing import service_fixtures  # noqa: E402

app, client, database_url = service_fixtures(
    "kit-sample", ServiceSettings, create_app, MIGRATIONS_DIR
)
