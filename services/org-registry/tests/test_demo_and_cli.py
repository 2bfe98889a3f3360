import asyncio
import io
import json
import os
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass
from pathlib import Path
from unittest.mock import patch

import httpx
import jwt
import pytest
from fastapi import FastAPI
from org_registry_world import FakeClock, World
from sqlalchemy import select

from weimin_democity import generate
from weimin_democity.accounts import demo_account_id
from weimin_democity.orgnetwork import generate_org_network
from weimin_events.vocabularies import PARTNER_SCOPES
from weimin_kit.db import Database
from weimin_kit.ids import new_id
from weimin_kit.migrations import upgrade_to_head
from weimin_kit.testing import create_test_database, drop_test_database
from weimin_org_registry import cli
from weimin_org_registry.app import MIGRATIONS_DIR
from weimin_org_registry.config import Settings
from weimin_org_registry.demo import load_demo
from weimin_org_registry.identity.passwords import Passwords
from weimin_org_registry.organisations.models import Organisation
from weimin_org_registry.partners.models import (
    PartnerClient,
    PartnerClientChange,
    PartnerClientSecret,
)

DEMO_PASSWORD = "Demo-Password-2024"


async def test_demo_city_loads_once_and_its_accounts_sign_in(
    app: FastAPI, client: httpx.AsyncClient, clock: FakeClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("WEIMIN_DEMO_PASSWORD", DEMO_PASSWORD)
    database: Database = app.state.database
    no_demo = (await client.get("/v1/auth/hints")).json()
    assert no_demo == {"demo_city": False, "demo_grid_worker": None}
    first = await load_demo(database, app.state.settings, "demo")
    hints = await client.get("/v1/auth/hints")
    assert hints.json() == {"demo_city": True, "demo_grid_worker": "grid001"}
    city = generate("demo")
    network = generate_org_network(city)
    assert first == {
        "streets": 2,
        "communities": 31,
        "resident_groups": 143,
        "stationed_organisations": 1707,
        "co_building_links": 3_369,  # each stationed organisation's communities
        "people": len(network.members),
        "party_members": len(network.members),
        "member_reports": len(network.reports),
        "big_committees": 10,
        "big_committee_seats": len(network.seats),
        "demonstration_businesses": 37,
        "demonstration_service_posts": 82,
        "joint_meetings": len(network.meetings),
        "joint_tasks": 3 * len(network.meetings),
        "co_building_agreements": len(network.agreements),
        "resource_guarantees": 62,
        "functional_branches": 0,
        "joint_branches": 0,
        "mobile_member_branches": 0,
        # street01, community01, volunteer01, neighbour01 and a grid worker for each grid unit
        "accounts": 4 + 427,
    }
    assert first["party_members"] > 1_000
    again = await load_demo(database, app.state.settings, "demo")
    assert set(again.values()) == {0}

    world = World(app, client)
    await world.add_account("boss", ["admin"])
    summary = await client.get("/v1/organisations/summary", headers=await world.headers("boss"))
    assert summary.json() == {
        "streets": 2,
        "communities": 31,
        "resident_groups": 143,
        "stationed_organisations": 1707,
    }

    community = city.communities[0]
    grid_units = [g.id for g in city.grid_units if g.community_id == community.id][:2]
    boss = await world.headers("boss")
    geo = (await client.get("/v1/demonstration-directory/map?on=2025-01-01")).json()
    assert len(geo["features"]) == 37 + 82
    report = await client.get("/v1/resource-guarantees/compliance?year=2024", headers=boss)
    assert report.json()["communities"] == 31
    assert 0 < report.json()["compliant"] < 31
    committees = await client.get("/v1/organisations?kind=big_committee", headers=boss)
    assert len(committees.json()["items"]) == 10
    members = await client.get("/v1/party-members?limit=1", headers=boss)
    person = members.json()["items"][0]["person_id"]
    masked = (await client.get(f"/v1/people/{person}", headers=boss)).json()["id_card_number"]
    assert masked.startswith("5329")
    assert "*" * 12 in masked
    community01 = await world.headers_with_password("community01", DEMO_PASSWORD)
    mine = (await client.get("/v1/organisations/summary", headers=community01)).json()
    assert mine == {
        "streets": 0,
        "communities": 1,
        "resident_groups": sum(g.community_id == community.id for g in city.resident_groups),
        "stationed_organisations": sum(
            community.id in o.community_ids for o in city.stationed_organisations
        ),
    }
    last = city.grid_units[-1]
    for username, grid_unit in (
        ("grid001", grid_units[0]),
        ("grid002", grid_units[1]),
        ("grid-01-03", [g.id for g in city.grid_units if g.community_id == community.id][2]),
        (f"grid-{len(city.communities):02d}-{last.code[-2:]}", last.id),
    ):
        tokens = await world.login(username, DEMO_PASSWORD)
        claims = jwt.decode(tokens["access_token"], options={"verify_signature": False})
        assert claims["roles"] == ["grid_worker"]
        assert claims["scopes"] == [f"grid:{grid_unit}"]
        assert claims["sub"] == str(demo_account_id(city.seed, username))
    grid_account = (
        await client.get(f"/v1/accounts/{demo_account_id(city.seed, 'grid-01-03')}", headers=boss)
    ).json()
    assert grid_account["community_id"] == str(community.id)
    assert grid_account["display_name"] == f"{community.name}第3网格网格员"

    street01 = jwt.decode(
        (await world.login("street01", DEMO_PASSWORD))["access_token"],
        options={"verify_signature": False},
    )
    assert street01["scopes"] == [f"street:{city.streets[0].id}"]
    await world.login("volunteer01", DEMO_PASSWORD)
    neighbour = jwt.decode(
        (await world.login("neighbour01", DEMO_PASSWORD))["access_token"],
        options={"verify_signature": False},
    )
    assert (neighbour["roles"], neighbour["scopes"]) == (["resident"], [])


@dataclass(frozen=True)
class Ran:
    returncode: int
    stdout: str
    stderr: str


def _main_with(argv: list[str], env: dict[str, str]) -> Ran:
    """`python -m weimin_org_registry <argv>` as the command line runs it, in this process
    (a thread without an event loop: the commands run their own), its output captured.
    Starting a new interpreter per command cost seconds each."""
    out, err = io.StringIO(), io.StringIO()
    with patch.dict(os.environ, env), redirect_stdout(out), redirect_stderr(err):
        code = cli.main(argv)
    return Ran(code, out.getvalue(), err.getvalue())


async def _run(command: str, database_url: str, **env: str) -> Ran:
    return await _run_with(database_url, command, **env)


async def _run_with(database_url: str, *argv: str, **env: str) -> Ran:
    return await asyncio.to_thread(
        _main_with,
        list(argv),
        {
            "WEIMIN_ORG_REGISTRY_DATABASE_URL": database_url,
            "WEIMIN_ORG_REGISTRY_ARGON2_TIME_COST": "1",
            "WEIMIN_ORG_REGISTRY_ARGON2_MEMORY_COST_KIB": "8",
            "WEIMIN_ORG_REGISTRY_ARGON2_PARALLELISM": "1",
            **env,
        },
    )


@pytest.fixture
async def scratch_database(tmp_path: Path) -> object:
    url = await create_test_database("org-registry-cli", tmp_path)
    database = Database.from_url(url)
    await upgrade_to_head(database.engine, MIGRATIONS_DIR)
    await database.dispose()
    yield url
    await drop_test_database(url)


async def test_create_admin_prints_a_generated_password_only_the_first_time(
    scratch_database: str,
) -> None:
    env = {"WEIMIN_ADMIN_USERNAME": "", "WEIMIN_ADMIN_PASSWORD": ""}
    first = await _run("create-admin", scratch_database, **env)
    assert first.returncode == 0, first.stderr
    created = json.loads(first.stdout)
    assert list(created) == ["username", "password", "created"]
    assert created["username"] == "admin"
    assert created["created"] is True
    assert len(created["password"]) == 24
    second = await _run("create-admin", scratch_database, **env)
    assert json.loads(second.stdout) == {"username": "admin", "created": False}

    keys = await _run("rotate-keys", scratch_database)
    assert keys.returncode == 0, keys.stderr
    assert set(json.loads(keys.stdout)) == {"kid", "retiring"}


async def test_create_admin_with_a_given_password_does_not_echo_it(
    scratch_database: str,
) -> None:
    weak = await _run("create-admin", scratch_database, WEIMIN_ADMIN_PASSWORD="short")
    assert weak.returncode == 1
    assert "at least 12 characters" in weak.stderr
    given = await _run(
        "create-admin",
        scratch_database,
        WEIMIN_ADMIN_USERNAME="Root",
        WEIMIN_ADMIN_PASSWORD="Given-Password-99",
    )
    assert json.loads(given.stdout) == {"username": "root", "created": True}


async def test_load_demo_prints_a_generated_password_once(scratch_database: str) -> None:
    first = await _run("load-demo", scratch_database, WEIMIN_DEMO_PASSWORD="")
    assert first.returncode == 0, first.stderr
    loaded, password_line = (json.loads(line) for line in first.stdout.splitlines())
    assert loaded["loaded"]["stationed_organisations"] == 1707
    assert loaded["loaded"]["accounts"] == 4 + 427
    assert password_line["demo_accounts"] == [
        "street01",
        "community01",
        "grid001",
        "grid002",
        "volunteer01",
        "neighbour01",
    ]
    assert len(password_line["demo_password"]) == 24
    second = await _run("load-demo", scratch_database, WEIMIN_DEMO_PASSWORD="")
    (only_line,) = second.stdout.splitlines()
    assert set(json.loads(only_line)["loaded"].values()) == {0}


async def _a_street(database_url: str, code: str) -> str:
    database = Database.from_url(database_url)
    street = new_id()
    try:
        async with database.sessionmaker() as session, session.begin():
            session.add(
                Organisation(
                    id=street,
                    kind="street_committee",
                    name="下关街道党工委",
                    code=code,
                    path=f"/{street}/",
                    depth=1,
                    street_id=street,
                )
            )
    finally:
        await database.dispose()
    return str(street)


async def test_create_partner_client_prints_its_secret_once_keeps_a_hash_and_is_audited(
    scratch_database: str,
) -> None:
    street = await _a_street(scratch_database, "ST-XIAGUAN")
    by_code = await _run_with(
        scratch_database,
        "create-partner-client", "--name", "公安网格系统", "--area", "ST-XIAGUAN", "--json",
    )  # fmt: skip
    assert by_code.returncode == 0, by_code.stderr
    created = json.loads(by_code.stdout)
    assert created["area_id"] == street
    assert created["area_kind"] == "street"
    assert created["client_id"].startswith("pc-")
    assert created["scopes"] == [s for s in PARTNER_SCOPES if s.startswith("integration:")]
    by_id = await _run_with(
        scratch_database,
        "create-partner-client", "--name", "派出所", "--area", street,
        "--scope", "integration:incidents.read",
    )  # fmt: skip
    assert by_id.returncode == 0, by_id.stderr
    assert "client_secret: " in by_id.stdout
    assert by_id.stdout.rstrip().endswith("scopes:        integration:incidents.read")

    database = Database.from_url(scratch_database)
    try:
        async with database.sessionmaker() as session:
            changes = (
                await session.scalars(select(PartnerClientChange).order_by(PartnerClientChange.at))
            ).all()
            stored = await session.scalar(
                select(PartnerClientSecret.secret_hash)
                .join(PartnerClient, PartnerClient.id == PartnerClientSecret.client_pk)
                .where(PartnerClient.client_id == created["client_id"])
            )
    finally:
        await database.dispose()
    assert [(c.action, c.actor.startswith("cli:")) for c in changes] == [("created", True)] * 2
    assert changes[0].details["area_id"] == street
    # Only a hash is kept, and it is the printed secret's.
    assert stored is not None
    assert created["client_secret"] not in stored
    settings = Settings(
        database_url=scratch_database,
        argon2_time_cost=1,
        argon2_memory_cost_kib=8,
        argon2_parallelism=1,
    )
    assert await Passwords(settings).verify(stored, created["client_secret"])


async def test_create_partner_client_refuses_an_unknown_area_or_scope(
    scratch_database: str,
) -> None:
    unknown = await _run_with(
        scratch_database, "create-partner-client", "--name", "x", "--area", "NO-SUCH-AREA"
    )
    assert unknown.returncode == 1
    assert "NO-SUCH-AREA" in unknown.stderr
    street = await _a_street(scratch_database, "ST-ONE")
    bad_scope = await _run_with(
        scratch_database,
        "create-partner-client", "--name", "x", "--area", street, "--scope", "everything",
    )  # fmt: skip
    assert bad_scope.returncode == 2
    assert "invalid choice: 'everything'" in bad_scope.stderr
