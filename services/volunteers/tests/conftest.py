from weimin_kit.testing import service_fixtures
from weimin_volunteers.app import MIGRATIONS_DIR, create_app
from weimin_volunteers.config import Settings

app, client, database_url = service_fixtures("volunteers", Settings, create_app, MIGRATIONS_DIR)
