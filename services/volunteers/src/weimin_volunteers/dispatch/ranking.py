"""Ranking volunteers for a task: pure functions over plain values, so the rules are
tested without a database and the same code serves the API and the benchmark.

Score (0-100) = skill 30 + distance 30 + available now 20 + light recent load 10 +
reliability 10. Every part is reported, so each rank says why.
"""

import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from weimin_volunteers.geo import distance_m

LOCAL_TIME = ZoneInfo("Asia/Shanghai")
#: Assignments in the fairness window beyond which the load part is zero.
HEAVY_LOAD = 5


@dataclass(frozen=True, slots=True)
class Candidate:
    volunteer_id: uuid.UUID
    display_name: str
    lon: float
    lat: float
    has_skill: bool
    weekly: Sequence[dict[str, Any]]
    exceptions: Sequence[dict[str, Any]]
    recent_tasks: int
    attended: int
    no_shows: int
    alert_consent: bool


@dataclass(frozen=True, slots=True)
class Ranked:
    volunteer_id: uuid.UUID
    display_name: str
    score: float
    distance_m: int
    available_now: bool
    recent_tasks: int
    reliability: float
    reasons: list[str] = field(default_factory=list)


def available_at(
    weekly: Iterable[dict[str, Any]], exceptions: Iterable[dict[str, Any]], now: datetime
) -> bool:
    local = now.astimezone(LOCAL_TIME)
    clock = local.strftime("%H:%M")
    in_window = any(
        w["weekday"] == local.weekday() and w["start"] <= clock < w["end"] for w in weekly
    )
    if not in_window:
        return False
    return not any(
        datetime.fromisoformat(e["starts_at"]) <= now < datetime.fromisoformat(e["ends_at"])
        for e in exceptions
    )


def reliability_of(attended: int, no_shows: int) -> float:
    """Laplace-smoothed share of shifts turned up to: a newcomer starts at 0.5."""
    return (attended + 1) / (attended + no_shows + 2)


def rank(
    candidates: Iterable[Candidate], *, lon: float, lat: float, radius_m: int, now: datetime
) -> list[Ranked]:
    ranked = []
    for c in candidates:
        away = distance_m(lon, lat, c.lon, c.lat)
        if away > radius_m:
            continue
        available = available_at(c.weekly, c.exceptions, now)
        reliability = reliability_of(c.attended, c.no_shows)
        parts = {
            "skill": 30.0 if c.has_skill else 0.0,
            "distance": 30.0 * (1 - away / radius_m),
            "available": 20.0 if available else 0.0,
            "load": 10.0 * (1 - min(c.recent_tasks, HEAVY_LOAD) / HEAVY_LOAD),
            "reliability": 10.0 * reliability,
        }
        reasons = [
            "has the skill" if c.has_skill else "no skill needed",
            f"{away:.0f} m away (+{parts['distance']:.1f})",
            "available now (+20)" if available else "outside their availability now (+0)",
            f"{c.recent_tasks} tasks in the last 30 days (+{parts['load']:.1f})",
            f"turned up to {c.attended} of {c.attended + c.no_shows} shifts "
            f"(+{parts['reliability']:.1f})",
        ]
        ranked.append(
            Ranked(
                volunteer_id=c.volunteer_id,
                display_name=c.display_name,
                score=round(sum(parts.values()), 2),
                distance_m=round(away),
                available_now=available,
                recent_tasks=c.recent_tasks,
                reliability=round(reliability, 3),
                reasons=reasons,
            )
        )
    ranked.sort(key=lambda r: (-r.score, r.distance_m, r.volunteer_id))
    return ranked
