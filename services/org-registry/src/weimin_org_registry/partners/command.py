"""`create-partner-client`: a partner client made on the command line, for a demo or for
the first client of a new installation.

Over HTTP only the admin or a street secretary signed in with a second factor may create
one; a shell on the org-registry's machine (its database URL and keys) is trusted more than
that, so the command writes through the same service function, as the admin, and the
client's change history names the command and the machine's user as the actor.
"""

import argparse
import getpass
import json
from typing import Any

from weimin_events.vocabularies import PARTNER_SCOPES
from weimin_kit.auth import Principal
from weimin_kit.db import Database
from weimin_kit.types import utcnow
from weimin_org_registry.config import Settings
from weimin_org_registry.identity.passwords import Passwords
from weimin_org_registry.partners import service
from weimin_org_registry.partners.schemas import PartnerClientCreate

#: Every scope of the exchange (`open311:` is another channel, granted only when asked).
EXCHANGE_SCOPES = [scope for scope in PARTNER_SCOPES if scope.startswith("integration:")]


def parser() -> argparse.ArgumentParser:
    found = argparse.ArgumentParser(
        prog="python -m weimin_org_registry create-partner-client",
        description="Create a partner client; prints its id and secret (shown this once).",
    )
    found.add_argument("--name", required=True, help="the partner system's name")
    found.add_argument(
        "--area", required=True, help="id or organisation code of a street or a community"
    )
    found.add_argument(
        "--scope",
        action="append",
        dest="scopes",
        choices=PARTNER_SCOPES,
        help="a scope to grant (repeat it); default: every integration:* scope",
    )
    found.add_argument("--json", action="store_true", help="print one JSON line")
    return found


def command_actor() -> Principal:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name (a container without /etc/passwd entry)
        user = "unknown"
    return Principal(subject=f"cli:{user}", roles=frozenset({"admin"}))


async def create_partner_client(settings: Settings, args: argparse.Namespace) -> dict[str, Any]:
    """Creates the client; raises `UnknownArea` or pydantic's ValidationError on bad input."""
    database = Database.from_url(settings.database_url)
    try:
        async with database.sessionmaker() as session, session.begin():
            area_id = await service.area_id_of(session, args.area)
            body = PartnerClientCreate(
                name=args.name, area_id=area_id, scopes=args.scopes or EXCHANGE_SCOPES
            )
            created = await service.create_client(
                session,
                Passwords(settings),
                command_actor(),
                body,
                utcnow(),
                default_rate_limit=settings.partner_rate_limit_per_minute,
            )
    finally:
        await database.dispose()
    return created.model_dump(mode="json", exclude={"secrets"})


def printed(created: dict[str, Any], as_json: bool) -> str:
    if as_json:
        return json.dumps(created, ensure_ascii=False)
    return "\n".join(
        [
            f"client_id:     {created['client_id']}",
            f"client_secret: {created['client_secret']}  (shown this once; Weimin keeps a hash)",
            f"name:          {created['name']}",
            f"area:          {created['area_kind']} {created['area_id']}",
            f"scopes:        {' '.join(created['scopes'])}",
        ]
    )
