from weimin_kit.testing import service_fixtures
from weimin_grid.app import MIGRATIONS_DIR, create_app
from weimin_grid.config import Settings

app, client, database_url = service_fixtures("grid", Settings, create_app, MIGRATIONS_DIR)
