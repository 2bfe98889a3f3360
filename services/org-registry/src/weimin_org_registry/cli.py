"""This service's commands on top of the kit's (serve, migrate, load-demo, openapi):

    create-admin   create the first admin unless one exists; prints one JSON line
    rotate-keys    make a new signing key active; the old one retires once its tokens die
    retention-sweep  delete reveal-log rows past `audit_retention_years` once; prints
                   the count as one JSON line
    create-partner-client --name N --area ID|CODE [--scope S …] [--json]
                   a partner client and its secret, printed once (partners/command.py)

`prepare` (migrate, load-demo, create-admin in one process) prints the lines of each.
`load-demo` prints the kit's `{"loaded": {...}}` line and, only when it created demo
accounts with a password it generated, a second line `{"demo_password": ...}`.
"""

import asyncio
import json
import os
import sys
from typing import Any

from pydantic import ValidationError
from sqlalchemy import select

from weimin_kit.cli import run_cli
from weimin_kit.db import Database
from weimin_kit.protection import field_cipher_from
from weimin_kit.types import utcnow
from weimin_org_registry.app import MIGRATIONS_DIR, create_app
from weimin_org_registry.config import Settings
from weimin_org_registry.demo import DEMO_USERNAMES, demo_password_from_env, load_demo_city
from weimin_org_registry.identity import repository
from weimin_org_registry.identity.keys import rotate_signing_key
from weimin_org_registry.identity.models import Account
from weimin_org_registry.identity.passwords import (
    Passwords,
    generate_password,
    password_problems,
)
from weimin_org_registry.partners import command as partner_command
from weimin_org_registry.partners.service import UnknownArea
from weimin_org_registry.retention import sweep_once

ADMIN_USERNAME_ENV = "WEIMIN_ADMIN_USERNAME"
ADMIN_PASSWORD_ENV = "WEIMIN_ADMIN_PASSWORD"  # noqa: S105 - a variable name, not a secret


class CommandFailed(Exception):
    pass


async def create_admin(settings: Settings) -> dict[str, Any]:
    """The first admin; `password` is in the result only when it was generated now."""
    username = (os.environ.get(ADMIN_USERNAME_ENV) or "admin").lower()
    given = os.environ.get(ADMIN_PASSWORD_ENV) or None
    if given is not None and (problems := password_problems(given, username)):
        raise CommandFailed(
            f"{ADMIN_PASSWORD_ENV}: password " + "; ".join(reason for _, reason in problems)
        )
    database = Database.from_url(settings.database_url)
    try:
        async with database.sessionmaker() as session, session.begin():
            admin = await repository.first_admin(session)
            if admin is not None:
                return {"username": admin.username, "created": False}
            if await session.scalar(select(Account.id).where(Account.username == username)):
                raise CommandFailed(f"'{username}' exists and is not an admin; choose another")
            password = given or generate_password(username)
            now = utcnow()
            session.add(
                Account(
                    username=username,
                    display_name="系统管理员",
                    password_hash=await Passwords(settings).hash(password),
                    roles=["admin"],
                    scopes=[],
                    status="active",
                    created_at=now,
                    updated_at=now,
                )
            )
    finally:
        await database.dispose()
    result: dict[str, Any] = {"username": username}
    if given is None:
        result["password"] = password
    result["created"] = True
    return result


async def rotate_keys(settings: Settings) -> dict[str, Any]:
    cipher = field_cipher_from(settings)
    database = Database.from_url(settings.database_url)
    try:
        async with database.sessionmaker() as session, session.begin():
            key, retiring = await rotate_signing_key(session, cipher, settings, utcnow())
    finally:
        await database.dispose()
    return {"kid": key.kid, "retiring": retiring}


async def retention_sweep(settings: Settings) -> dict[str, int]:
    database = Database.from_url(settings.database_url)
    try:
        return await sweep_once(database, settings, utcnow())
    finally:
        await database.dispose()


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    command = args[0] if args else ""
    settings = Settings()
    try:
        if command == "create-admin":
            print(json.dumps(asyncio.run(create_admin(settings)), ensure_ascii=False))
            return 0
        if command == "rotate-keys":
            print(json.dumps(asyncio.run(rotate_keys(settings))))
            return 0
        if command == "retention-sweep":
            print(json.dumps(asyncio.run(retention_sweep(settings))))
            return 0
        if command == "create-partner-client":
            try:
                options = partner_command.parser().parse_args(args[1:])
            except SystemExit as exit_:  # argparse printed why; a return code, not an exit
                return int(exit_.code or 0)
            created = asyncio.run(partner_command.create_partner_client(settings, options))
            print(partner_command.printed(created, options.json))
            return 0
    except (CommandFailed, UnknownArea) as exc:
        print(str(exc), file=sys.stderr)
        return 1
    except ValidationError as exc:  # a bad --name: the same rule as the HTTP route's
        print(str(exc), file=sys.stderr)
        return 2
    if command in ("load-demo", "prepare"):
        status = _load_demo(settings, args)
        if command == "prepare" and status == 0:
            # The launcher's one call at start-up: schema, demo city, then the first admin.
            try:
                print(json.dumps(asyncio.run(create_admin(settings)), ensure_ascii=False))
            except CommandFailed as exc:
                print(str(exc), file=sys.stderr)
                return 1
        return status
    return run_cli(lambda: settings, create_app, MIGRATIONS_DIR, argv=args)


def _load_demo(settings: Settings, args: list[str]) -> int:
    given = demo_password_from_env()
    password = given or generate_password("")
    created: dict[str, int] = {}

    async def loader(database: Database, settings: Settings, size: str) -> dict[str, int]:
        created.update(await load_demo_city(database, settings, size, password))
        return created

    status = run_cli(lambda: settings, create_app, MIGRATIONS_DIR, demo_loader=loader, argv=args)
    if given is None and created.get("accounts"):
        print(json.dumps({"demo_accounts": list(DEMO_USERNAMES), "demo_password": password}))
    return status
