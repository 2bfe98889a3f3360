"""The retention sweep: reveal-log and sign-in audit rows older than
`audit_retention_years` are deleted in batches, and sign-in challenges a day after they
expired (`weimin_kit.retention`: safe in several processes at once). Logs counts only."""

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta

from fastapi import FastAPI
from sqlalchemy import Table

from weimin_kit.db import Database
from weimin_kit.retention import purge_before, years_before
from weimin_kit.schedule import every
from weimin_org_registry.config import Settings
from weimin_org_registry.identity.models import PhoneCode, SignInChallenge, SignInEvent
from weimin_org_registry.people.models import PersonReveal

log = logging.getLogger("weimin.org_registry.retention")

PERSON_REVEALS: Table = PersonReveal.__table__  # type: ignore[assignment]
SIGN_IN_EVENTS: Table = SignInEvent.__table__  # type: ignore[assignment]
SIGN_IN_CHALLENGES: Table = SignInChallenge.__table__  # type: ignore[assignment]
PHONE_CODES: Table = PhoneCode.__table__  # type: ignore[assignment]
#: A challenge lives minutes; a day past its expiry nobody can still be finishing it.
CHALLENGE_GRACE = timedelta(days=1)


async def sweep_once(database: Database, settings: Settings, now: datetime) -> dict[str, int]:
    cutoff = years_before(now, settings.audit_retention_years)
    batch = settings.retention_batch_size
    counts = {
        "audit_rows_purged": await purge_before(database, PERSON_REVEALS, "at", cutoff, batch),
        # Usernames as typed (a password typed into the wrong box, now and then) and
        # client addresses: personal data, kept no longer than the other audit rows.
        "sign_in_events_purged": await purge_before(database, SIGN_IN_EVENTS, "at", cutoff, batch),
        "sign_in_challenges_purged": await purge_before(
            database, SIGN_IN_CHALLENGES, "expires_at", now - CHALLENGE_GRACE, batch
        ),
        # Text-message codes (a number's blind index, a client address): the send limits
        # look back an hour, so a day later a code row serves nobody.
        "phone_codes_purged": await purge_before(
            database, PHONE_CODES, "expires_at", now - CHALLENGE_GRACE, batch
        ),
    }
    if any(counts.values()):
        log.info("retention sweep", extra=counts)
    return counts


@asynccontextmanager
async def retention_sweeps(app: FastAPI) -> AsyncIterator[None]:
    settings: Settings = app.state.settings
    if not settings.retention_enabled:
        yield
        return

    async def sweep() -> None:
        await sweep_once(app.state.database, settings, app.state.clock())

    async with every(settings.retention_sweep_seconds, sweep, name="org-registry-retention"):
        yield
