"""Wish statistics computed from one scoped read of the wishes (a city has a few thousand)."""

import statistics
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import get_args

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from weimin_events.vocabularies import CLAIMER_TYPES
from weimin_kit.auth import Principal
from weimin_wishes.scope import scope_condition
from weimin_wishes.stats.schemas import (
    ClaimerRank,
    ClaimerTypeFigures,
    CommunityFigures,
    CommunityRank,
    Durations,
    Figures,
    Rankings,
    Statistics,
)
from weimin_wishes.wishes.lifecycle import CLAIMED_STATES, FULFILLED_STATES, State
from weimin_wishes.wishes.models import Wish

ALL_STATES: tuple[str, ...] = get_args(State)


@dataclass(frozen=True, slots=True)
class WishFacts:
    community_id: uuid.UUID
    state: str
    claimer_id: str | None
    claimer_name: str | None
    claimer_type: str | None
    published_at: datetime | None
    claimed_at: datetime | None
    fulfilled_at: datetime | None


async def wish_facts(
    session: AsyncSession, principal: Principal, community_id: uuid.UUID | None
) -> list[WishFacts]:
    statement = select(
        Wish.community_id,
        Wish.state,
        Wish.claimer_id,
        Wish.claimer_name,
        Wish.claimer_type,
        Wish.published_at,
        Wish.claimed_at,
        Wish.fulfilled_at,
    )
    condition = scope_condition(
        principal, street=Wish.street_id, community=Wish.community_id, grid=Wish.grid_unit_id
    )
    if condition is not None:
        statement = statement.where(condition)
    if community_id is not None:
        statement = statement.where(Wish.community_id == community_id)
    return [WishFacts(*row) for row in (await session.execute(statement)).all()]


def _hours(pairs: Iterable[tuple[datetime | None, datetime | None]]) -> Durations:
    values = [
        (end - start).total_seconds() / 3600
        for start, end in pairs
        if start is not None and end is not None
    ]
    if not values:
        return Durations(count=0, mean_hours=None, median_hours=None)
    return Durations(
        count=len(values),
        mean_hours=round(statistics.fmean(values), 2),
        median_hours=round(statistics.median(values), 2),
    )


def figures_of(facts: Sequence[WishFacts]) -> Figures:
    states = Counter(fact.state for fact in facts)
    claimed = sum(states[state] for state in CLAIMED_STATES)
    fulfilled = sum(states[state] for state in FULFILLED_STATES)
    return Figures(
        wishes=len(facts),
        by_state={state: states[state] for state in ALL_STATES},
        claimed=claimed,
        fulfilled=fulfilled,
        fulfilment_rate=round(fulfilled / claimed, 4) if claimed else None,
        time_to_claim=_hours(
            (f.published_at, f.claimed_at) for f in facts if f.state in CLAIMED_STATES
        ),
        time_to_fulfil=_hours(
            (f.claimed_at, f.fulfilled_at) for f in facts if f.state in FULFILLED_STATES
        ),
    )


def statistics_of(facts: Sequence[WishFacts]) -> Statistics:
    by_community: dict[uuid.UUID, list[WishFacts]] = defaultdict(list)
    by_type: dict[str, list[WishFacts]] = defaultdict(list)
    for fact in facts:
        by_community[fact.community_id].append(fact)
        if fact.claimer_type is not None:
            by_type[fact.claimer_type].append(fact)
    return Statistics(
        overall=figures_of(facts),
        communities=[
            CommunityFigures(community_id=community, **figures_of(rows).model_dump())
            for community, rows in sorted(by_community.items(), key=lambda item: str(item[0]))
        ],
        claimer_types=[
            ClaimerTypeFigures(claimer_type=kind, **figures_of(by_type[kind]).model_dump())
            for kind in CLAIMER_TYPES
        ],
    )


def rankings_of(facts: Sequence[WishFacts], limit: int) -> Rankings:
    fulfilled = [f for f in facts if f.state in FULFILLED_STATES and f.claimer_id is not None]
    per_claimer = Counter((f.claimer_id, f.claimer_type) for f in fulfilled)
    names = {f.claimer_id: f.claimer_name for f in fulfilled}
    # Ties are ordered by id so the same data always ranks the same way.
    claimers = sorted(per_claimer.items(), key=lambda item: (-item[1], str(item[0][0])))[:limit]
    per_community = statistics_of(facts).communities
    communities = sorted(per_community, key=lambda c: (-c.fulfilled, str(c.community_id)))
    return Rankings(
        claimers=[
            ClaimerRank(
                rank=position,
                claimer_id=str(claimer_id),
                claimer_name=names[claimer_id],
                claimer_type=str(kind),
                fulfilled=count,
            )
            for position, ((claimer_id, kind), count) in enumerate(claimers, start=1)
        ],
        communities=[
            CommunityRank(
                rank=position,
                community_id=c.community_id,
                fulfilled=c.fulfilled,
                fulfilment_rate=c.fulfilment_rate,
            )
            for position, c in enumerate(communities[:limit], start=1)
        ],
    )
