from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_events.catalogue import consumed_by, subscribers_of
from weimin_grid.addresses.routes import joins as address_joins
from weimin_grid.addresses.routes import router as standard_addresses_router
from weimin_grid.audit.routes import router as audit_router
from weimin_grid.config import Settings
from weimin_grid.consumers import grid_handlers
from weimin_grid.desk.routes import router as desk_router
from weimin_grid.geo.routes import router as locate_router
from weimin_grid.incidents.photos.routes import router as incident_photos_router
from weimin_grid.incidents.routes import categories as incident_categories_router
from weimin_grid.incidents.routes import incidents as incidents_router
from weimin_grid.integration.audit import PartnerCallAudit
from weimin_grid.integration.rate_limit import PartnerRateLimits, RateLimitHeaders, store_for
from weimin_grid.integration.routes import calls_router as partner_calls_router
from weimin_grid.integration.routes import conflicts_router as sync_conflicts_router
from weimin_grid.integration.routes import router as integration_router
from weimin_grid.joint_defence.routes import router as joint_defence_router
from weimin_grid.notifications.routes import router as notifications_router
from weimin_grid.open311.routes import router as open311_router
from weimin_grid.patrols.routes import patrols as patrols_router
from weimin_grid.patrols.routes import visits as visits_router
from weimin_grid.privacy.retention import retention_sweeps
from weimin_grid.privacy.routes import data_requests, personal_data_audits, resident_requests
from weimin_grid.registry.routes import buildings, households, residents
from weimin_grid.statistics.routes import router as statistics_router
from weimin_grid.tables import Base
from weimin_grid.transfer.routes import exports_router, imports
from weimin_grid.transfer.service import MAX_UPLOAD_BYTES
from weimin_grid.units.routes import router as grid_units_router
from weimin_grid.webhooks.routes import partner_router as webhooks_router
from weimin_grid.webhooks.routes import staff_router as webhook_deliveries_router
from weimin_grid.webhooks.runner import webhook_dispatcher
from weimin_kit.app import create_service_app
from weimin_kit.events.runtime import EventWiring
from weimin_kit.photos import MAX_PHOTO_BYTES

BACKSTOP_BYTES = 1024 * 1024
MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()
    app = create_service_app(
        settings,
        title="Weimin Grid",
        description="four-level grid, residents, incidents, patrols, joint defence",
        metadata=Base.metadata,
        routers=[
            desk_router,  # before grid_units_router: /my-desk is no unit id
            grid_units_router,
            locate_router,
            buildings,
            households,
            standard_addresses_router,
            address_joins,
            residents,
            resident_requests,
            data_requests,
            audit_router,
            personal_data_audits,
            incident_categories_router,
            incidents_router,
            incident_photos_router,
            notifications_router,
            statistics_router,
            patrols_router,
            visits_router,
            joint_defence_router,
            imports,
            exports_router,
            integration_router,
            open311_router,
            sync_conflicts_router,
            partner_calls_router,
            webhooks_router,
            webhook_deliveries_router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        # The file routes read their bodies as streams and refuse at their own limits with
        # their own problem codes; the kit's limit there is a backstop just above them.
        body_limits={
            "/v1/imports/": MAX_UPLOAD_BYTES + BACKSTOP_BYTES,
            "/v1/incident-photos": MAX_PHOTO_BYTES + BACKSTOP_BYTES,
        },
        events=EventWiring(
            service="grid",
            subscribers_of=subscribers_of,
            consumes=consumed_by("grid"),
            handlers=grid_handlers,
        ),
    )
    app.add_middleware(PartnerCallAudit)
    app.add_middleware(RateLimitHeaders)
    app.state.partner_rate_limits = PartnerRateLimits(
        store_for(settings.partner_rate_limit_storage), settings.partner_rate_limit_per_minute
    )
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        # The sweep stops before the kit disposes the engine under it.
        async with (
            kit_lifespan(application),
            retention_sweeps(application),
            webhook_dispatcher(application),
        ):
            yield

    app.router.lifespan_context = lifespan
    return app
