from weimin_kit.testing import service_fixtures
from weimin_wishes.app import MIGRATIONS_DIR, create_app
from weimin_wishes.config import Settings

app, client, database_url = service_fixtures("wishes", Settings, create_app, MIGRATIONS_DIR)
