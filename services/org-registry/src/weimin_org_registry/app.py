from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI

from weimin_events.catalogue import consumed_by, subscribers_of
from weimin_kit.app import create_service_app
from weimin_kit.auth import TokenVerifier
from weimin_kit.events.runtime import EventWiring
from weimin_kit.sms import sms_sender_for
from weimin_kit.types import utcnow
from weimin_org_registry.cobuilding import routes as cobuilding_routes
from weimin_org_registry.committees import routes as committee_routes
from weimin_org_registry.config import Settings
from weimin_org_registry.consumers import org_registry_handlers
from weimin_org_registry.demonstration import routes as demonstration_routes
from weimin_org_registry.guarantees import routes as guarantee_routes
from weimin_org_registry.identity import account_routes, phone_routes, routes
from weimin_org_registry.identity.context import Identity
from weimin_org_registry.identity.keys import DatabaseKeySource, TokenSigner, ensure_signing_key
from weimin_org_registry.identity.passwords import Passwords
from weimin_org_registry.identity.protection import AccountsVault
from weimin_org_registry.identity.ratelimit import parse_networks
from weimin_org_registry.meetings import routes as meeting_routes
from weimin_org_registry.members import routes as member_routes
from weimin_org_registry.models import Base
from weimin_org_registry.organisations import routes as organisation_routes
from weimin_org_registry.partners import routes as partner_routes
from weimin_org_registry.people import routes as people_routes
from weimin_org_registry.retention import retention_sweeps

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or Settings()

    async def create_first_signing_key(app: FastAPI) -> None:
        await ensure_signing_key(app.state.database, app.state.field_cipher, app.state.clock())

    app = create_service_app(
        settings,
        title="Weimin Org registry",
        description="organisations, co-building, members, identity and token issuing",
        metadata=Base.metadata,
        routers=[
            routes.auth_router,
            phone_routes.router,
            routes.events_router,
            routes.keys_router,
            account_routes.router,
            partner_routes.oauth_router,
            partner_routes.router,
            organisation_routes.router,
            cobuilding_routes.router,
            people_routes.router,
            member_routes.members,
            member_routes.reports,
            committee_routes.router,
            demonstration_routes.router,
            demonstration_routes.directory,
            meeting_routes.meetings,
            meeting_routes.tasks,
            guarantee_routes.router,
        ],
        migrations_dir=MIGRATIONS_DIR,
        # This service verifies its own tokens from its own table, not over HTTP.
        key_source=lambda app: DatabaseKeySource(app.state),
        on_startup=[create_first_signing_key],
        events=EventWiring(
            service="org-registry",
            subscribers_of=subscribers_of,
            consumes=consumed_by("org-registry"),
            handlers=org_registry_handlers,
        ),
    )
    app.state.clock = utcnow
    app.state.sms = sms_sender_for(settings)

    def renew_verifier() -> None:
        # Re-read keys at once instead of waiting out the kit's refresh interval, so a
        # token signed with a just-rotated key is accepted immediately.
        verifier: TokenVerifier | None = getattr(app.state, "token_verifier", None)
        if verifier is not None:
            verifier.invalidate()

    app.state.identity = Identity(
        settings=settings,
        passwords=Passwords(settings),
        signer=TokenSigner(app.state.field_cipher, on_new_kid=renew_verifier),
        field_cipher=app.state.field_cipher,
        trusted_proxies=parse_networks(settings.trusted_proxies),
        phone_vault=AccountsVault(app.state.field_cipher, app.state.blind_index),
    )
    kit_lifespan = app.router.lifespan_context

    @asynccontextmanager
    async def lifespan(application: FastAPI) -> AsyncIterator[None]:
        # The sweep stops before the kit disposes the engine under it.
        async with kit_lifespan(application), retention_sweeps(application):
            yield

    app.router.lifespan_context = lifespan
    return app
