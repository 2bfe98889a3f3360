"""The demonstration city's field work: patrols with check-ins, household visits and
ten-household joint-defence groups, as bulk rows."""

import uuid
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from weimin_democity import City, derive_id
from weimin_democity.incidents import iter_joint_defence_groups, iter_patrols, iter_visits

StreetOf = dict[uuid.UUID, uuid.UUID]


def patrol_rows(
    city: City, street_of: StreetOf, now: datetime
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    for patrol in iter_patrols(city, now):
        row = {
            "id": patrol.id,
            "grid_unit_id": patrol.grid_unit_id,
            "street_id": street_of[patrol.community_id],
            "community_id": patrol.community_id,
            "worker": patrol.worker,
            "started_at": patrol.started_at,
            "ended_at": patrol.ended_at,
            "note": None,
            "created_at": patrol.started_at,
            "updated_at": patrol.ended_at,
        }
        check_ins = [
            {
                "id": derive_id(city.seed, "patrol-check-in", f"{patrol.id}:{k}"),
                "patrol_id": patrol.id,
                "lon": lon,
                "lat": lat,
                "located_grid_unit_id": patrol.grid_unit_id,
                "in_patrol_grid": True,
                "note": None,
                "observed_at": at,
                "at": at,
            }
            for k, (lon, lat, at) in enumerate(patrol.check_ins)
        ]
        yield row, check_ins


def visit_rows(city: City, street_of: StreetOf, now: datetime) -> Iterator[dict[str, Any]]:
    for visit in iter_visits(city, now):
        yield {
            "id": visit.id,
            "household_id": visit.household_id,
            "grid_unit_id": visit.grid_unit_id,
            "street_id": street_of[visit.community_id],
            "community_id": visit.community_id,
            "visitor": "demo-grid-worker",
            "kind": visit.kind,
            "note": None,
            "lon": None,
            "lat": None,
            "visited_at": visit.visited_at,
            "created_at": visit.visited_at,
        }


def group_rows(
    city: City, street_of: StreetOf, now: datetime
) -> Iterator[tuple[dict[str, Any], list[dict[str, Any]]]]:
    for group in iter_joint_defence_groups(city):
        row = {
            "id": group.id,
            "grid_unit_id": group.grid_unit_id,
            "street_id": street_of[group.community_id],
            "community_id": group.community_id,
            "name": group.name,
            "lead_household_id": group.lead_household_id,
            "answer_minutes": 5,
            "created_at": now,
            "updated_at": now,
        }
        members = [
            {
                "id": derive_id(city.seed, "joint-defence-member", f"{group.id}:{household}"),
                "group_id": group.id,
                "household_id": household,
                "account_subject": account,
            }
            for household, account in group.members
        ]
        yield row, members
