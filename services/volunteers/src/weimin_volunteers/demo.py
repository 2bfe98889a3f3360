"""Loading the volunteers' part of the demonstration city: skills, volunteers with their
certificates and opening balances of hours, 517 teams with members, the service catalogue
and each community's service station.

Ids come from the generator, so they agree with the other services. Rows go in as Core
executemany batches in one transaction: all or nothing, seconds for `demo`.
"""

from collections.abc import Iterator
from typing import Any

from sqlalchemy import func, select

from weimin_democity import generate
from weimin_democity.volunteers import VolunteerWorld, generate_volunteers
from weimin_kit.db import Database, insert_in_batches
from weimin_kit.ids import new_id
from weimin_kit.settings import ServiceSettings
from weimin_kit.types import utcnow
from weimin_volunteers.hours.models import HoursEntry, HoursTotal
from weimin_volunteers.registry.models import Certificate, Skill, Volunteer, VolunteerSkill
from weimin_volunteers.stations.models import ServiceItem, Station
from weimin_volunteers.teams.models import Team, TeamMember

BATCH_ROWS = 5_000
#: The skill a dispatched request for these items needs.
ITEM_SKILLS = {
    "appliance_repair": "appliance_repair",
    "housekeeping": "cleaning",
    "elderly_meal": "elderly_care",
}


def _volunteer_rows(world: VolunteerWorld) -> Iterator[dict[str, Any]]:
    now = utcnow()
    for v in world.volunteers:
        yield {
            "id": v.id,
            "person_id": v.person_id,
            "account_id": v.account_id,
            "display_name": v.display_name,
            "street_id": v.street_id,
            "community_id": v.community_id,
            "grid_unit_id": v.grid_unit_id,
            "home_lon": v.home_lon,
            "home_lat": v.home_lat,
            "weekly_availability": [{"weekday": d, "start": s, "end": e} for d, s, e in v.weekly],
            "availability_exceptions": [],
            "alert_consent": v.alert_consent,
            "alert_consent_at": now if v.alert_consent else None,
            "status": "active",
            "attended_count": 0,
            "no_show_count": 0,
            "created_at": now,
            "updated_at": now,
        }


def _ledger_rows(world: VolunteerWorld) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    now = utcnow()
    entries, totals = [], []
    for v in world.volunteers:
        if v.opening_minutes:
            entries.append(
                {
                    "id": new_id(),
                    "volunteer_id": v.id,
                    "minutes": v.opening_minutes,
                    "kind": "manual",
                    "signup_id": None,
                    "credit_key": f"opening:{v.id}",
                    "reverses_entry_id": None,
                    "reason": "开通为民前的累计服务时长",
                    "recorded_by": "demo",
                    "created_at": now,
                }
            )
        totals.append(
            {
                "volunteer_id": v.id,
                "minutes": v.opening_minutes,
                "entries": 1 if v.opening_minutes else 0,
                "updated_at": now,
            }
        )
    return entries, totals


async def load_demo(database: Database, settings: ServiceSettings, size: str) -> dict[str, int]:
    """Load the volunteers' part of `generate(size)`; nothing when volunteers has rows."""
    if size not in ("demo", "city"):
        raise ValueError(f"unknown demo size {size!r}")
    async with database.engine.begin() as connection:
        if await connection.scalar(select(func.count()).select_from(Volunteer)):
            return {}
        world = generate_volunteers(generate(size))  # type: ignore[arg-type]  # checked above
        now = utcnow()
        skill_id = {s.code: s.id for s in world.skills}
        stamps = {"created_at": now, "updated_at": now}
        entries, totals = _ledger_rows(world)
        counts = {
            "skills": await insert_in_batches(
                connection,
                Skill,
                (
                    {
                        "id": s.id,
                        "code": s.code,
                        "name": s.name,
                        "requires_certificate": s.requires_certificate,
                        **stamps,
                    }
                    for s in world.skills
                ),
            ),
            "volunteers": await insert_in_batches(connection, Volunteer, _volunteer_rows(world)),
            "volunteer_skills": await insert_in_batches(
                connection,
                VolunteerSkill,
                (
                    {
                        "volunteer_id": v.id,
                        "skill_id": skill_id[code],
                        "home_lon": v.home_lon,
                        "home_lat": v.home_lat,
                    }
                    for v in world.volunteers
                    for code in v.skill_codes
                ),
            ),
            "certificates": await insert_in_batches(
                connection,
                Certificate,
                (
                    {
                        "id": c.id,
                        "volunteer_id": v.id,
                        "skill_id": skill_id[c.skill_code],
                        "number": c.number,
                        "issuer": c.issuer,
                        "issued_on": c.issued_on,
                        "expires_on": c.expires_on,
                        **stamps,
                    }
                    for v in world.volunteers
                    for c in v.certificates
                ),
            ),
            "teams": await insert_in_batches(
                connection,
                Team,
                (
                    {
                        "id": t.id,
                        "name": t.name,
                        "focus": t.focus,
                        "sponsor_organisation_id": t.sponsor_organisation_id,
                        "leader_volunteer_id": t.leader_id,
                        "join_mode": t.join_mode,
                        "street_id": t.street_id,
                        "community_id": t.community_id,
                        **stamps,
                    }
                    for t in world.teams
                ),
            ),
            "team_members": await insert_in_batches(
                connection,
                TeamMember,
                (
                    {"team_id": t.id, "volunteer_id": m, "status": "active", **stamps}
                    for t in world.teams
                    for m in t.member_ids
                ),
            ),
            "service_items": await insert_in_batches(
                connection,
                ServiceItem,
                (
                    {
                        "id": i.id,
                        "code": i.code,
                        "name": i.name,
                        "category": i.category,
                        "fields": list(i.fields),
                        "skill_code": ITEM_SKILLS.get(i.code),
                        **stamps,
                    }
                    for i in world.service_items
                ),
            ),
            "stations": await insert_in_batches(
                connection,
                Station,
                (
                    {
                        "id": s.id,
                        "street_id": s.street_id,
                        "community_id": s.community_id,
                        "name": s.name,
                        "lon": s.lon,
                        "lat": s.lat,
                        "opening_hours": [
                            {"weekday": d, "start": a, "end": b} for d, a, b in s.opening_hours
                        ],
                        "item_codes": list(s.item_codes),
                        **stamps,
                    }
                    for s in world.stations
                ),
            ),
            "hours_entries": await insert_in_batches(connection, HoursEntry, entries),
            "hours_totals": await insert_in_batches(connection, HoursTotal, totals),
        }
    return counts
