from weimin_kit.testing import service_fixtures
from weimin_org_registry.app import MIGRATIONS_DIR, create_app
from weimin_org_registry.config import Settings

app, client, database_url = service_fixtures("org-registry", Settings, create_app, MIGRATIONS_DIR)
