from pathlib import Path

from grid_live import migrated_database
from sqlalchemy import delete, func, select, text, update

from weimin_democity import EXPECTED_COUNTS, generate, is_demo_id_card
from weimin_democity.accounts import demo_account_id, grid_workers
from weimin_grid.addresses.models import StandardAddress
from weimin_grid.config import Settings
from weimin_grid.demo import load_demo
from weimin_grid.demo_addresses import address_id
from weimin_grid.incidents.models import Incident, IncidentChange
from weimin_grid.incidents.states import TRANSITIONS
from weimin_grid.registry.models import Building, Household, Resident
from weimin_grid.registry.protection import PersonalDataVault
from weimin_grid.units.models import GridRoleTerm, GridUnit
from weimin_kit.db import Database

TRANSITIONS_TARGETS = {"reported"} | {target for _, target in TRANSITIONS.values()}


async def test_demo_loader_loads_the_generators_city_once(tmp_path: Path) -> None:
    async with migrated_database("grid-demo", tmp_path) as url:
        settings = Settings(database_url=url, environment="test")
        database = Database.from_url(url)
        try:
            expected = EXPECTED_COUNTS["demo"]
            first = await load_demo(database, settings, "demo")
            second = await load_demo(database, settings, "demo")
            assert first == {
                "grid_units": expected.grid_units,
                "standard_addresses": expected.buildings + expected.households,
                "buildings": expected.buildings,
                "households": expected.households,
                "residents": expected.residents,
                "grid_role_terms": expected.grid_units,
                "incidents": 854,
                # The generator is deterministic: these are the demo city's exact counts.
                "incident_changes": 3_219,
                "patrols": 3 * expected.grid_units,
                "patrol_check_ins": 3_342,
                "visits": 1_363,
                "joint_defence_groups": expected.grid_units,
                "joint_defence_members": 2_671,
            }
            assert second == {}

            city = generate("demo")
            sample = next(city.iter_residents())
            street_of = {c.id: c.street_id for c in city.communities}
            vault = PersonalDataVault.from_settings(settings)
            async with database.sessionmaker() as session:
                assert await session.scalar(select(func.count()).select_from(Resident)) == (
                    expected.residents
                )
                loaded = await session.scalar(
                    select(Resident).where(
                        Resident.id_card_index == vault.id_card_index(sample.id_card_number)
                    )
                )
                unit = await session.get(GridUnit, city.grid_units[0].id)
                raw = (
                    (await session.execute(text("SELECT * FROM residents LIMIT 200")))
                    .mappings()
                    .all()
                )
            assert loaded is not None
            assert (loaded.id, loaded.street_id) == (sample.id, street_of[sample.community_id])
            assert vault.open_id_card(loaded.id_card_cipher) == sample.id_card_number
            assert unit is not None
            assert unit.code == city.grid_units[0].code
            # Every grid unit's grid worker is its demo account (grid001 for the first).
            assert unit.responsible_worker_id == demo_account_id(city.seed, "grid001")
            async with database.sessionmaker() as session:
                terms = (await session.scalars(select(GridRoleTerm))).all()
            workers = grid_workers(city)
            assert {t.grid_unit_id for t in terms} == {g.id for g in city.grid_units}
            assert all(t.role == "grid_worker" and t.ended_at is None for t in terms)
            assert {t.holder_id for t in terms} == {
                demo_account_id(city.seed, workers[t.grid_unit_id]) for t in terms
            }
            assert len({t.holder_id for t in terms}) == len(terms)
            assert unit.street_id == street_of[unit.community_id]
            # Every building and home is joined to its own standard address.
            async with database.sessionmaker() as session:
                unjoined = await session.scalar(
                    select(func.count())
                    .select_from(Household)
                    .where(Household.standard_address_id.is_(None))
                )
                joined = await session.scalar(
                    select(func.count(func.distinct(Building.standard_address_id)))
                )
                home = await session.get(StandardAddress, address_id(sample.household_id))
            assert (unjoined, joined) == (0, expected.buildings)
            assert home is not None
            assert home.full_text == next(
                h.address for h in city.iter_households() if h.id == sample.household_id
            ).replace("大理市", "云南省大理白族自治州大理市", 1)
            # Ciphertext at rest: no stored value is a demo identity number or holds one.
            values = [str(v) for row in raw for v in row.values()]
            assert not any(is_demo_id_card(v) for v in values)
            assert sample.id_card_number not in " ".join(values)
            async with database.sessionmaker() as session:
                states = dict(
                    (
                        await session.execute(
                            select(Incident.state, func.count()).group_by(Incident.state)
                        )
                    ).all()
                )
                versions = (await session.execute(select(Incident.id, Incident.version))).all()
                changes = dict(
                    (
                        await session.execute(
                            select(IncidentChange.incident_id, func.count()).group_by(
                                IncidentChange.incident_id
                            )
                        )
                    ).all()
                )
            assert set(states) == set(TRANSITIONS_TARGETS)
            # Every change (report, each step, the return visit) is one timeline line.
            assert all(changes[incident_id] == version for incident_id, version in versions)

            # A city loaded before standard addresses existed gains them, joined.
            async with database.engine.begin() as connection:
                for table in (Building, Household):
                    await connection.execute(update(table).values(standard_address_id=None))
                await connection.execute(delete(StandardAddress))
            gained = await load_demo(database, settings, "demo")
            assert gained == {"standard_addresses": expected.buildings + expected.households}
            async with database.sessionmaker() as session:
                building = await session.get(Building, next(city.iter_buildings()).id)
            assert building is not None
            assert building.standard_address_id == address_id(building.id)
        finally:
            await database.dispose()
